#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# What --pl011-isolation=process costs, on the simulated Xen, in one run:
#  - FR/DR round trips and a 64 KiB write through Linux's tty path
#    (amba-pl011's TX interrupt), with the UART in the daemon (none) and
#    in its emulator (process): ns per round trip, KiB/s, ioreqs per byte,
#    and process/none;
#  - one emulator's memory (VmRSS; Pss and private pages from
#    smaps_rollup: what each more guest costs) and its start (spawn to
#    page claimed, the daemon's own figure);
#  - BENCH_GUESTS (default 1000) PL011 guests, each with its emulator,
#    created and destroyed: time, and what is left afterwards (emulator
#    processes, processes of the emulators' uids, the daemon's fds, state
#    files and sockets), which must all be back where they started.
. tests/pl011-xen/lib.sh
px_setup "$@"
n=${BENCH_RTT:-20000}
kib=${BENCH_KIB:-64}
guests=${BENCH_GUESTS:-1000}
export XENSIM_GUEST_TIMEOUT_MS=600000

head -c $((kib * 1024)) /dev/urandom | base64 -w 79 | head -c $((kib * 1024)) \
	>"$PX_TMP/payload"

# measure MODE: "FR_NS DR_NS KIB_PER_S IOREQS_PER_BYTE"
measure() {
	local mode=$1 dom t0 t1 fr dr accesses

	px_daemon --pl011-isolation="$mode"
	dom=$(px_create "bench-$mode") && px_serial "$dom" &&
		px_tty "$dom" serial/0 >/dev/null || return 1
	read -r fr dr < <(px_guest "$dom" replay linux-amba rtt "$n")
	t0=$(date +%s%N)
	PX_STATS=1 px_guest "$dom" replay linux-amba init tty-write \
		<"$PX_TMP/payload" 2>"$PX_TMP/write-$mode.err" || return 1
	px_wait_size "$PX_LOG/guest-bench-$mode-serial0.log" \
		"$(stat -c %s "$PX_TMP/payload")" 60 || return 1
	t1=$(date +%s%N)
	accesses=$(sed -n 's/^guest: \([0-9]*\) accesses.*/\1/p' \
		"$PX_TMP/write-$mode.err" | tail -1)
	echo "$fr $dr $(awk -v k="$kib" -v ns=$((t1 - t0)) \
		'BEGIN { printf "%.1f", k * 1e9 / ns }')" \
		"$(awk -v a="${accesses:-0}" -v b=$((kib * 1024)) \
			'BEGIN { printf "%.2f", a / b }')"
	"$XENSIM_BIN/xensim" destroy "$dom"
	xensim_kill xenconsoled
}

# One after the other, each daemon gone before the next starts.
measure none >"$PX_TMP/none" || bail "isolation none failed"
measure process >"$PX_TMP/process" || bail "isolation process failed"
read -r fr0 dr0 tp0 pb0 <"$PX_TMP/none"
read -r fr1 dr1 tp1 pb1 <"$PX_TMP/process"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "PL011 with the UART in the daemon (none) and in its emulator (process):"
printf '  %-24s %10s %10s %8s\n' "" none process ratio
printf '  %-24s %10d %10d %8s\n' "FR read ns/round trip" "$fr0" "$fr1" "$(ratio "$fr1" "$fr0")"
printf '  %-24s %10d %10d %8s\n' "DR write ns/round trip" "$dr0" "$dr1" "$(ratio "$dr1" "$dr0")"
printf '  %-24s %10s %10s %8s\n' "tty write KiB/s" "$tp0" "$tp1" "$(ratio "$tp1" "$tp0")"
printf '  %-24s %10s %10s\n' "ioreqs per byte" "$pb0" "$pb1"

# --- one emulator: memory and start ------------------------------------------
px_daemon
dom=$(px_create mem) && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null ||
	bail "no PL011 guest"
emu=$(pgrep -P "$(px_daemon_pid)" -x pl011-emulator | head -1)
rss=$(awk '/^VmRSS:/ { print $2 }' /proc/"$emu"/status)
read -r pss private < <(awk '/^Pss:/ { p = $2 }
	/^Private_(Clean|Dirty):/ { v += $2 } END { print p, v }' \
	/proc/"$emu"/smaps_rollup)
start=$(sed -n 's/.*in emulator [0-9]* (ready in \([0-9]*\) us).*/\1/p' \
	"$XENSIM_DIR/xenconsoled.err" | tail -1)
echo "One emulator: VmRSS $rss KiB, Pss $pss KiB, private $private KiB;" \
	"ready $start us after spawn"
"$XENSIM_BIN/xensim" destroy "$dom"

# --- many guests, created and destroyed -----------------------------------------
leftovers() {
	local base=$1 procs uids

	procs=$(pgrep -c -x pl011-emulator)
	uids=$(ps -eo uid= | awk -v b="$base" '$1 >= b && $1 < b + 32768' | wc -l)
	echo "emulators $procs, processes of their uids $uids," \
		"daemon fds $(px_fd_count "$(px_daemon_pid)")," \
		"state entries $(find "$XENSIM_DIR/state" -mindepth 1 \
			-maxdepth 1 ! -name empty | wc -l)"
}
base=$(sed -n 's/.*PL011 emulators: .*, uids \([0-9]*\) + domid.*/\1/p' \
	"$XENSIM_DIR/xenconsoled.err" | head -1)
before=$(leftovers "$base")
doms=()
t0=$(date +%s%N)
for i in $(seq "$guests"); do
	d=$(px_create "many$i") && px_serial "$d" || bail "guest $i not created"
	doms+=("$d")
done
for d in "${doms[@]}"; do
	xensim_wait 120 px_tty_now "$d" serial/0 >/dev/null ||
		bail "guest $d got no PL011"
done
t1=$(date +%s%N)
running=$(pgrep -c -x pl011-emulator)
# One at a time, as guests go: a thousand at once has the simulation's
# xenstored poll every dying domain at each release (quadratic).
for d in "${doms[@]}"; do
	"$XENSIM_BIN/xensim" destroy "$d"
	xensim_wait 30 test ! -e "$XENSIM_DIR/state/pl011-$d.sock" ||
		bail "guest $d's emulator did not stop"
done
xensim_wait 120 sh -c '! pgrep -x pl011-emulator >/dev/null'
t2=$(date +%s%N)
after=$(leftovers "$base")
echo "$guests PL011 guests: $running emulators running;" \
	"created in $(( (t1 - t0) / 1000000 )) ms," \
	"destroyed in $(( (t2 - t1) / 1000000 )) ms"
echo "  before: $before"
echo "  after : $after"
[ "$before" = "$after" ] && echo "  nothing left behind" ||
	echo "  LEFT BEHIND: see above"
