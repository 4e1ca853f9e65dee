#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kill -9 of a guest's PL011 emulator (--pl011-isolation=process), three
# times while the guest prints and again while typed input is on its way
# in: the daemon sees each death and starts an emulator that adopts the
# ioreq server and the UART as last reported.  The log and the input must
# come out byte-exact, and the guest must never be left waiting.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

# The running emulator of domain $1 (the daemon's child for that guest).
emulator_of() {
	local pid

	for pid in $(pgrep -P "$(px_daemon_pid)" -x pl011-emulator); do
		if grep -q "^Uid:.*[[:space:]]$(( base + $1 ))[[:space:]]" \
			/proc/"$pid"/status 2>/dev/null; then
			echo "$pid"
			return 0
		fi
	done
	return 1
}

# Kill it, and wait for the one that replaces it.
kill_emulator() {
	local old

	old=$(emulator_of "$1") || return 1
	kill -9 "$old"
	xensim_wait 10 sh -c "p=\$(pgrep -P $(px_daemon_pid) -x pl011-emulator) &&
		[ -n \"\$p\" ] && ! echo \"\$p\" | grep -qx $old"
}

dom=$(px_create talker) && px_serial "$dom" && tty=$(px_tty "$dom" serial/0)
ok $? "guest $dom has its PL011 pty"
base=$(sed -n 's/.*PL011 emulators: .*, uids \([0-9]*\) + domid.*/\1/p' \
	"$XENSIM_DIR/xenconsoled.err" | head -1)
emulator_of "$dom" >/dev/null
ok $? "its UART runs in an emulator of uid $base + $dom"

# --- output: killed mid-print, three times ---------------------------------------
px_pattern 12000 7 | tr '\n' ' ' | fold -w 79 >"$PX_TMP/out"
echo >>"$PX_TMP/out"
px_crlf <"$PX_TMP/out" >"$PX_TMP/out.wire"
px_guest "$dom" replay linux-amba init write <"$PX_TMP/out" \
	2>"$PX_TMP/write.err" &
writer=$!
kills=0
for size in 1500 3000 4500; do
	px_wait_size "$PX_LOG/guest-talker-serial0.log" "$size" 10 &&
		kill_emulator "$dom" && kills=$((kills + 1))
done
is "$kills" 3 "the emulator killed with SIGKILL three times mid-print, and replaced"
wait $writer
px_ok_guest $? "$PX_TMP/write.err" \
	"the guest finished printing: no vCPU was left waiting"
px_wait_size "$PX_LOG/guest-talker-serial0.log" \
	"$(stat -c %s "$PX_TMP/out.wire")" 10
files_equal "$PX_LOG/guest-talker-serial0.log" "$PX_TMP/out.wire" \
	"the log is byte-exact across the kills: no gap, nothing twice"
is "$(grep -c 'PL011 emulator lost' "$XENSIM_DIR/xenconsoled.err")" 3 \
	"the daemon saw each death"

# --- input: killed while typed bytes wait for the guest ---------------------------
px_pattern 3000 9 | tr -d '\000\003\021\023\034\032' | head -c 2500 >"$PX_TMP/in"
px_guest "$dom" replay linux-amba init ready "$PX_TMP/ready" \
	read 2500 8000 >"$PX_TMP/in.got" 2>"$PX_TMP/read.err" &
reader=$!
xensim_wait 10 test -e "$PX_TMP/ready"
cat "$PX_TMP/in" >"$tty"
sleep 0.1
kill_emulator "$dom"
ok $? "the emulator killed while input waits, and replaced"
wait $reader
px_ok_guest $? "$PX_TMP/read.err" "the guest's read finished"
files_equal "$PX_TMP/in.got" "$PX_TMP/in" \
	"input typed before the kill reaches the guest, in order, once"

# --- the domain goes: so does its emulator, and its socket --------------------------
"$XENSIM_BIN/xensim" destroy "$dom"
xensim_wait 10 sh -c "! pgrep -P $(px_daemon_pid) -x pl011-emulator >/dev/null"
ok $? "destroying the domain stops its emulator"
xensim_wait 10 test ! -e "$XENSIM_DIR/state/pl011-$dom.sock"
ok $? "and its socket is gone"
tap_done
