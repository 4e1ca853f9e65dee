#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# kill -9 of our xenconsoled while a PL011 guest prints, and again while
# typed input is still on its way into the guest; a new daemon takes the
# ioreq server over.  The log and the input must come out byte-exact (no
# gap, nothing twice), and the guest must never be left waiting.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

kill9_and_restart() {
	xensim_kill xenconsoled KILL
	sleep "${1:-0.3}"
	px_daemon
}

dom=$(px_create talker) && px_serial "$dom" && tty=$(px_tty "$dom" serial/0)
ok $? "guest $dom has its PL011 pty"

# --- output: killed mid-print --------------------------------------------------
px_pattern 12000 7 | tr '\n' ' ' | fold -w 79 >"$PX_TMP/out"
echo >>"$PX_TMP/out"
px_crlf <"$PX_TMP/out" >"$PX_TMP/out.wire"
px_guest "$dom" replay linux-amba init write <"$PX_TMP/out" \
	2>"$PX_TMP/write.err" &
writer=$!
px_wait_size "$PX_LOG/guest-talker-serial0.log" 2000 10
ok $? "the guest is printing"
kill9_and_restart 0.5
ok $? "daemon killed with SIGKILL mid-print and started again"
px_tty "$dom" serial/0 >/dev/null
ok $? "the new daemon publishes a pty for the PL011"
wait $writer
px_ok_guest $? "$PX_TMP/write.err" \
	"the guest finished printing: no vCPU was left waiting"
px_wait_size "$PX_LOG/guest-talker-serial0.log" \
	"$(stat -c %s "$PX_TMP/out.wire")" 10
files_equal "$PX_LOG/guest-talker-serial0.log" "$PX_TMP/out.wire" \
	"the log is byte-exact across the kill: no gap, nothing twice"
# The emulator outlives the daemon; with --pl011-isolation=none the new
# daemon adopts the ioreq server itself.
grep -q 'PL011 emulator found running\|taken over' "$XENSIM_DIR/xenconsoled.err"
ok $? "the new daemon found the guest's emulator running (or took its server over)"

# --- input: killed while typed bytes wait for the guest ------------------------
px_pattern 3000 9 | tr -d '\000\003\021\023\034\032' | head -c 2500 >"$PX_TMP/in"
tty=$(px_tty "$dom" serial/0)
px_guest "$dom" replay linux-amba init ready "$PX_TMP/ready" \
	read 2500 8000 >"$PX_TMP/in.got" 2>"$PX_TMP/read.err" &
reader=$!
xensim_wait 10 test -e "$PX_TMP/ready"
cat "$PX_TMP/in" >"$tty"
sleep 0.1
kill9_and_restart 0.3
wait $reader
px_ok_guest $? "$PX_TMP/read.err" "the guest's read finished after the restart"
files_equal "$PX_TMP/in.got" "$PX_TMP/in" \
	"input typed before the kill reaches the guest, in order, once"
tap_done
