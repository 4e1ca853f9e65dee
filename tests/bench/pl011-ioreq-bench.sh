#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The PL011 backend through the simulated Xen's ioreq path: round trips
# per second for FR reads and DR writes (a guest vCPU's access, trapped by
# the hypervisor model, served by our daemon, completed), and the
# instructions our daemon spends per ioreq, counted by callgrind over the
# workload only (counters zeroed before it, dumped after).  Round-trip
# figures include the simulation's own socket hops; the instruction count
# is the daemon's alone.
. tests/pl011-xen/lib.sh
px_setup "$@"
n=${BENCH_RTT:-20000}
n_cg=${BENCH_RTT_CALLGRIND:-2000}

daemon_on_serial() {
	local dom
	dom=$(px_create "$1") && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null &&
		echo "$dom"
}

# Native: round trips per second.
px_daemon
dom=$(daemon_on_serial rtt) || bail "no PL011 guest"
read -r fr dr < <(px_guest "$dom" replay linux-amba rtt "$n")
xensim_kill xenconsoled
echo "PL011 over the simulated ioreq path ($n accesses each, 16-bit):"
printf '  FR read : %6d ns per round trip, %7d round trips/s\n' "$fr" $((1000000000 / fr))
printf '  DR write: %6d ns per round trip, %7d round trips/s\n' "$dr" $((1000000000 / dr))

# Under callgrind: instructions per ioreq in the daemon.
command -v callgrind_control >/dev/null || { echo "  (valgrind missing: make deps)"; exit 0; }
xensim_spawn xenconsoled valgrind --tool=callgrind \
	--callgrind-out-file="$XENSIM_DIR/cg.out" "$PX_DAEMON" -i --log=guest \
	--log-dir="$PX_LOG" --state-dir="$XENSIM_DIR/state2" \
	--control="$XENSIM_DIR/control.sock"
dom=$(daemon_on_serial rtt2) || bail "no PL011 guest under callgrind"
px_guest "$dom" replay linux-amba rtt 100 >/dev/null	# warm up
pid=$(cat "$XENSIM_DIR/pids/xenconsoled")
callgrind_control -z "$pid" >/dev/null
px_guest "$dom" replay linux-amba rtt "$n_cg" >/dev/null
callgrind_control -d "$pid" >/dev/null
ir=$(awk '/^(summary|totals):/ { print $2 }' "$XENSIM_DIR"/cg.out.* 2>/dev/null | tail -n 1)
printf '  daemon  : %6d instructions per ioreq (callgrind, %d ioreqs)\n' \
	$(( ${ir:-0} / (2 * n_cg) )) $((2 * n_cg))
