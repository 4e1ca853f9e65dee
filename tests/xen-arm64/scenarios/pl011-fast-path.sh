# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 14: one guest booted four times in one boot of Xen, its kernel
# console (no quiet: the whole boot log) on the PV console (hvc0), on
# Xen's vpl011, on our PL011 with the fast path (Xen posts DR writes and
# answers FR, RIS, MIS and the other side-effect-free reads from the page
# our emulator publishes, hypervisor-ioreq-arm/fast-path.md; the daemon
# restarted with --pl011-fast-path=on, it is off by default) and on our
# PL011 without it (--pl011-fast-path=off).  Each time: ms from unpause
# to the /init line on that console, then 16 KiB through printk and 16
# KiB through the tty in raw mode (xentest.run=console-paths), timed
# marker to marker in the daemon's log and checked line by line.
# Prints one table with the ratios to vpl011 (the 4.20 route has no
# vpl011: no ratios there).
. /xentest/lib.sh
. /xentest/domu/payload.sh
dir=/var/log/xen/console
bytes=16384
expected=$(xentest_payload | md5sum | cut -d' ' -f1)

# What a path carried between its markers: the payload's lines (the
# kernel's timestamps and "\r" taken off printk's), and no other kernel
# line (a slow console draws warnings of its own).
carried() {
	tr -d '\r' < "$1" | sed -n "/XENTEST-BEGIN-$2\$/,/XENTEST-END-$2\$/p" |
		sed '1d;$d' | sed 's/^\[ *[0-9]*\.[0-9]*\] //' |
		grep '^[0-9][0-9][0-9][0-9][0-9]-' | md5sum | cut -d' ' -f1
}

# boot LABEL DEV LOG-SUFFIX: one guest, its console on DEV; sets the
# label's boot, printk and tty milliseconds in /tmp/fp-LABEL.
boot() {
	name=xt-fp-$1 log=$dir/guest-xt-fp-$1$3.log pids=""
	for path in printk tty; do
		/xentest/bin/xentest_tool markers "$log" "XENTEST-BEGIN-$path" \
			"XENTEST-END-$path" 300 > "/tmp/ms-$1-$path" &
		pids="$pids $!"
	done
	t0=$(xentest_ms)
	domid=$(xentest_pl011_create "$name" \
		"console=$2 rdinit=/init xentest.run=console-paths")
	xentest_ok $? "$1: created, its kernel console on $2" || return 1
	xentest_wait_text 300 "$log" XENTEST-DOMU-UP
	xentest_ok $? "$1: its /init line on $2"
	up=$(( $(xentest_ms) - t0 ))
	# shellcheck disable=SC2086
	wait $pids
	for path in printk tty; do
		[ -s "/tmp/ms-$1-$path" ] &&
			[ "$(carried "$log" "$path")" = "$expected" ]
		xentest_ok $? "$1: $bytes bytes through $path, every line" \
			"in order" || xentest_show "$log" 5
	done
	echo "$up $(cat "/tmp/ms-$1-printk") $(cat "/tmp/ms-$1-tty")" \
		> "/tmp/fp-$1"
	xentest_line "TIME pl011-fast-path-$1-boot $up"
	xentest_stats "$name"
	xl destroy "$domid"
	xentest_ok $? "$1: xl destroy"
}

labels=""
boot pv hvc0 "" && labels=pv
if [ -n "$XENTEST_VUART_TTY" ]; then
	boot vpl011 "$XENTEST_VUART_TTY" -vuart0 && labels="$labels vpl011"
fi
xentest_restart_daemon --pl011-fast-path=on
boot fast "$XENTEST_PL011_TTY" -serial0 && labels="$labels fast"
xentest_restart_daemon --pl011-fast-path=off
boot slow "$XENTEST_PL011_TTY" -serial0 && labels="$labels slow"
xentest_restart_daemon

echo "# console          boot ms  (x vpl011)  printk KiB/s (x vpl011)  tty KiB/s (x vpl011)"
for l in $labels; do
	# shellcheck disable=SC2046
	set -- $(cat "/tmp/fp-$l") $(cat /tmp/fp-vpl011 2>/dev/null)
	awk -v l="$l" -v n="$bytes" -v b="$1" -v p="$2" -v t="$3" \
		-v vb="$4" -v vp="$5" -v vt="$6" 'function r(x, y) {
			return y ? sprintf("%5.2f", x / y) : "    -" }
		BEGIN { kp = n / 1024 / (p / 1000); kt = n / 1024 / (t / 1000)
		vkp = vp ? n / 1024 / (vp / 1000) : 0
		vkt = vt ? n / 1024 / (vt / 1000) : 0
		printf "# %-15s %8d   %s      %8.2f   %s        %8.2f   %s\n",
			l, b, r(b, vb), kp, r(kp, vkp), kt, r(kt, vkt) }'
done
