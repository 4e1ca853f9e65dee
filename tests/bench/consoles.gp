# SPDX-License-Identifier: GPL-2.0-only
#
# The plot of consoles-bench.sh: throughput and cost per character of each
# console type.  Called with rows (its table: console KiB/s wakeups/B
# exits/B svc-mean svc-max CPU-us/KiB CPU-ns/B), real (real-Xen rows
# "console KiB/s us/char", or ""), kib and png set with -e.
set terminal pngcairo size 1500,520 font ",11"
set output png
set style data boxes
set style fill solid 0.7 border -1
set boxwidth 0.6
set logscale y
set grid ytics
set xrange [-0.6:3.6]
set offsets 0, 0, graph 0.1, 0		# room for the value labels
set key below
set multiplot layout 1,3 title sprintf("PV console, vuart and PL011 on " . \
	"the simulated Xen, our xenconsoled, %d KiB of text", kib)

exits(acc, wakeups) = acc eq "-" ? wakeups : real(acc)
# Real-Xen rows are matched by name: that file may lack a console.
column_of(kind) = kind eq "pv" ? 0 : kind eq "vuart" ? 1 : \
	kind eq "pl011" ? 2 : 3

set title "Throughput (KiB/s, higher is better)"
if (real ne "") {
	set boxwidth 0.35
	plot rows using ($0 - 0.18):2:xtic(1) title "simulated Xen" lc 1, \
	     '' using ($0 - 0.18):2:(sprintf("%.3g", $2)) with labels \
		offset 0,0.7 notitle, \
	     real using (column_of(strcol(1)) + 0.18):2 \
		title "real Xen under QEMU (check-xen)" lc 2, \
	     '' using (column_of(strcol(1)) + 0.18):2:(sprintf("%.3g", $2)) \
		with labels offset 0,0.7 notitle
	set boxwidth 0.6
} else {
	plot rows using 0:2:xtic(1) notitle lc 1, \
	     '' using 0:2:(sprintf("%.3g", $2)) with labels offset 0,0.7 notitle
}

set title "Daemon CPU per character (ns, lower is better)"
plot rows using 0:8:xtic(1) notitle lc 3, \
     '' using 0:8:(sprintf("%.0f", $8)) with labels offset 0,0.7 notitle

set title "Guest exits per character (lower is better)"
plot rows using 0:(exits(strcol(4), $3)):xtic(1) notitle lc 4, \
     '' using 0:(exits(strcol(4), $3)):(sprintf("%.3g", \
	exits(strcol(4), $3))) with labels offset 0,0.7 notitle

unset multiplot
