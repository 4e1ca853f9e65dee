#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# PV console, vuart and PL011 compared on the simulated Xen with our
# daemon: one guest per console type prints the same BENCH_KIB KiB of
# text (default 64): on the PV console and the vuart through the guest
# API's ring writes, on the PL011 twice, as Linux amba-pl011 does it:
# its console write (pl011: TXFF poll, DR write, BUSY wait, per
# character) and a tty write (pl011-tty: the FIFO filled, then the TX
# interrupt, as `cat file >/dev/ttyAMA0`); and as FreeBSD's
# uart_dev_pl011.c writes (pl011-bsd: 24-byte batches written blind, the
# next from the TX interrupt).  From the daemon's
# statistics (xenconsole --stats --json) and /proc/PID/schedstat it prints
# throughput, guest exits and daemon wake-ups per character, the daemon's
# service time per request and its CPU time per KiB, and plots throughput
# and cost per character into $BUILD/bench/consoles.png (gnuplot).  Real
# Xen figures of `make check-xen` (three-consoles scenario) are added when
# $BUILD/xen-arm64/three-consoles.results holds them.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# make runs it with sh
BUILD=${BUILD:-build}
XENSIM_BUILD=$BUILD
. tests/pl011-xen/lib.sh
px_setup "$@"

KIB=${BENCH_KIB:-64}
BYTES=$((KIB * 1024))
SOCK=$XENSIM_DIR/control.sock
XC=$BUILD/tools/console/client/xenconsole
G=$XENSIM_BIN/xensim-guest
OUT_DIR=$BUILD/bench
REAL_XEN=$BUILD/xen-arm64/three-consoles.results
TEXT=$PX_TMP/text

# BYTES of console text in lines, ending with a newline.
perl -e 'my $n = shift; my $s = "";
	$s .= sprintf("console bench line %06d: the quick brown fox " .
		      "jumps over the lazy dog\n", $.++) while length($s) < $n;
	print substr($s, 0, $n - 1), "\n"' $BYTES >"$TEXT"
NEWLINES=$(tr -cd '\n' <"$TEXT" | wc -c)

px_daemon --control="$SOCK"
xensim_wait 5 test -S "$SOCK" || bail "the daemon did not start"
DAEMON_PID=$(px_daemon_pid)

cpu_ns() {
	cut -d' ' -f1 "/proc/$DAEMON_PID/schedstat"
}

# counters DOMID KIND: "events requests request_total_ns request_max_ns
# passes pass_total_ns pass_max_ns" of one console, from the daemon.
counters() {
	"$XC" --stats --json --stats-socket="$SOCK" | perl -MJSON::PP -e '
		my ($dom, $kind) = @ARGV;
		my $doc = decode_json(do { local $/; <STDIN> });
		for my $c (@{$doc->{consoles}}) {
			next unless $c->{domid} == $dom && $c->{kind} eq $kind;
			print join(" ", @$c{qw(events request_count)},
				$c->{request_count} * $c->{request_ns_mean},
				@$c{qw(request_ns_max drain_count)},
				$c->{drain_count} * $c->{drain_ns_mean},
				$c->{drain_ns_max}), "\n";
		}' "$1" "$2"
}

# wait_log FILE SIZE: until FILE holds SIZE bytes, polled every 2 ms
# (xensim_wait's 50 ms would dominate the ring consoles' times); 300 s.
wait_log() {
	local deadline=$(($(date +%s) + 300))

	until [ "$(stat -c %s "$1" 2>/dev/null)" = "$2" ]; do
		[ "$(date +%s)" -lt $deadline ] || return 1
		sleep 0.002
	done
}

# guest_accesses FILE: the MMIO count pl011-xen-guest printed.
guest_accesses() {
	sed -n 's/^guest: \([0-9]*\) accesses.*/\1/p' "$1"
}

# run KIND: one guest writes the text through that console; prints
# "KIND NS CPU_NS ACCESSES" followed by the counter deltas.
run() {
	local kind=$1 dom dir log want acc=- init=0 before after t0 t1 c0 c1
	local reader guest_cmd= drv=linux-amba

	case $kind in
	pv) dom=$(px_create bench-pv) dir=console
	    log=guest-bench-pv.log want=$BYTES ;;
	vuart) dom=$(px_create bench-vuart --vuart) dir=vuart/0
	       log=guest-bench-vuart-vuart0.log want=$BYTES ;;
	pl011) dom=$(px_create bench-pl011) && px_serial "$dom"
	       dir=serial/0 log=guest-bench-pl011-serial0.log
	       want=$((BYTES + NEWLINES)) guest_cmd=write ;;	# adds "\r"
	pl011-tty) dom=$(px_create bench-pl011-tty) && px_serial "$dom"
		   dir=serial/0 log=guest-bench-pl011-tty-serial0.log
		   want=$BYTES guest_cmd=tty-write ;;
	pl011-bsd) dom=$(px_create bench-pl011-bsd) && px_serial "$dom"
		   dir=serial/0 log=guest-bench-pl011-bsd-serial0.log
		   want=$BYTES guest_cmd=write drv=freebsd ;;
	esac
	[ -n "$dom" ] && tty=$(px_tty "$dom" $dir) || return 1
	cat "$tty" >/dev/null &
	reader=$!
	if [ -n "$guest_cmd" ]; then	# the probe alone, not measured
		PX_STATS=1 px_guest "$dom" replay $drv init \
			2>"$PX_TMP/init.err" || return 1
		init=$(guest_accesses "$PX_TMP/init.err")
	fi
	before=$(counters "$dom" "${kind%-*}")
	c0=$(cpu_ns)
	t0=$(date +%s%N)
	if [ -n "$guest_cmd" ]; then
		PX_STATS=1 px_guest "$dom" replay $drv init $guest_cmd \
			<"$TEXT" 2>"$PX_TMP/write.err" || return 1
		acc=$(($(guest_accesses "$PX_TMP/write.err") - init))
	else
		"$G" "$dom" write $kind <"$TEXT" || return 1
	fi
	wait_log "$PX_LOG/$log" "$want" || return 1
	t1=$(date +%s%N)
	c1=$(cpu_ns)
	after=$(counters "$dom" "${kind%-*}")
	kill "$reader" 2>/dev/null
	wait "$reader" 2>/dev/null
	echo "$kind $((t1 - t0)) $((c1 - c0)) $acc $before $after"
}

: >"$PX_TMP/runs"
for kind in pv vuart pl011 pl011-tty pl011-bsd; do
	run $kind >>"$PX_TMP/runs" || bail "the $kind run failed"
done

# One row per console type; columns for the table and the plot.
awk -v bytes=$BYTES -v kib=$KIB '
	function max(a, b) { return a > b ? a : b }
	{
		kind = $1; ns = $2; cpu = $3; acc = $4
		events = $12 - $5
		# PL011: per ioreq answered; rings: per output pass.
		if (kind ~ /^pl011/) {
			n = $13 - $6; total = $14 - $7; top = $15
		} else {
			n = $16 - $9; total = $17 - $10; top = $18
		}
		printf "%s %.1f %.4f %s %.1f %.1f %.1f %.1f\n", kind,
			kib / (ns / 1e9), events / bytes,
			acc == "-" ? "-" : sprintf("%.3f", acc / bytes),
			n ? total / n / 1000 : 0, top / 1000,
			cpu / 1000 / kib, cpu / bytes
	}' "$PX_TMP/runs" >"$PX_TMP/rows"

# Real Xen: the three-consoles scenario times 16 KiB per console, as
# "# time three-consoles/three-consoles-DEV: MS ms (dom0 clock)", and the
# PL011 once more served by the minimal responder (pl011-min; not plotted).
real_xen() {
	[ -f "$REAL_XEN" ] && perl -ne '
		my %kind = (hvc0 => "pv", ttyAMA0 => "vuart",
			    ttyAMA1 => "pl011-tty",
			    "ttyAMA1-min-responder" => "pl011-min");
		printf "%s %.2f %.1f\n", $kind{$1}, 16 / ($2 / 1000),
			$2 * 1000 / 16384
			if /three-consoles-(hvc0|ttyAMA[01]|ttyAMA1-min-responder): ([0-9.]+)[\r\s]*ms/' \
		"$REAL_XEN"
}
real_xen >"$PX_TMP/real"

echo "consoles-bench: $KIB KiB of text ($NEWLINES lines) per console type," \
	"simulated Xen, our xenconsoled"
printf '%-9s %10s %11s %11s %12s %10s %11s\n' console "KiB/s" \
	"wakeups/B" "exits/B" "svc us mean" "svc us max" "CPU us/KiB"
while read -r kind kibs ev acc mean top cpu_kib _; do
	[ "$acc" = - ] && acc=$ev	# ring: one exit per notification
	printf '%-9s %10s %11s %11s %12s %10s %11s\n' "$kind" "$kibs" "$ev" \
		"$acc" "$mean" "$top" "$cpu_kib"
done <"$PX_TMP/rows"
cat <<EOF
  wakeups/B: notifications (PV, vuart) or ioreqs (PL011) the daemon
    handled per byte of text; exits/B: guest traps per byte (MMIO
    accesses; for the rings, their notifications); svc: daemon time per
    output pass (rings) or per ioreq (PL011); CPU: the daemon's, from
    /proc/PID/schedstat.  Ring times include starting the guest process.
EOF
if [ -s "$PX_TMP/real" ]; then
	echo "real-Xen figures ($REAL_XEN, 16 KiB raw, dom0 clock):"
	while read -r kind kibs us; do
		printf '  %-9s %10s KiB/s %9s us/char\n' "$kind" "$kibs" "$us"
	done <"$PX_TMP/real"
else
	echo "real-Xen figures: not available"
fi

mkdir -p "$OUT_DIR"
if ! command -v gnuplot >/dev/null; then
	echo "consoles-bench: no gnuplot (make deps installs gnuplot-nox):" \
		"no plot" >&2
	exit 0
fi
cp "$PX_TMP/rows" "$OUT_DIR/consoles.dat"
real=
if [ -s "$PX_TMP/real" ]; then
	real=$OUT_DIR/consoles-real.dat
	grep -v '^pl011-min ' "$PX_TMP/real" >"$real"
fi
gnuplot -e "rows='$OUT_DIR/consoles.dat'; real='$real'; kib=$KIB" \
	-e "png='$OUT_DIR/consoles.png'" tests/bench/consoles.gp ||
	{ echo "consoles-bench: gnuplot failed" >&2; exit 1; }
echo "plot: $OUT_DIR/consoles.png"
