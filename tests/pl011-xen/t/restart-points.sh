#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The restart guarantee proven at each step of an output batch, not where
# a signal happens to land: a test build of our daemon (crash_point.h)
# kills itself at one named point of pull -> stage -> log -> pty -> save
# while a PL011 guest prints; a normal daemon takes the ioreq server over.
# At every point the log must come out byte-exact: no gap, nothing twice.
. tests/pl011-xen/lib.sh
px_setup "$@"
crash_build=$XENSIM_BUILD/crash/tools/console/daemon/xenconsoled

n=0
for point in pl011-pulled pl011-staged console-logged console-pty \
	console-saved; do
	n=$((n + 1))
	name=crash$n
	export XENCONSOLED_CRASH_AT=$point:5
	PX_DAEMON=$crash_build px_daemon
	unset XENCONSOLED_CRASH_AT
	dom=$(px_create "$name") && px_serial "$dom" &&
		px_tty "$dom" serial/0 >/dev/null
	ok $? "$point: guest $dom has its PL011, served by the test build"

	px_pattern 3000 "$n" | tr '\n' ' ' | fold -w 79 >"$PX_TMP/out$n"
	echo >>"$PX_TMP/out$n"
	px_crlf <"$PX_TMP/out$n" >"$PX_TMP/wire$n"
	px_guest "$dom" replay linux-amba init write <"$PX_TMP/out$n" \
		2>"$PX_TMP/write$n.err" &
	writer=$!
	xensim_wait 30 grep -q "crash point $point:5" \
		"$XENSIM_DIR/xenconsoled.err"
	ok $? "$point: the daemon killed itself there, mid-print"
	xensim_kill xenconsoled KILL
	px_daemon
	wait $writer
	px_ok_guest $? "$PX_TMP/write$n.err" \
		"$point: the guest finished printing, never left waiting"
	log=$PX_LOG/guest-$name-serial0.log
	px_wait_size "$log" "$(stat -c %s "$PX_TMP/wire$n")" 10
	files_equal "$log" "$PX_TMP/wire$n" \
		"$point: the log is byte-exact: no gap, nothing twice"
	xensim_kill xenconsoled TERM
done
tap_done
