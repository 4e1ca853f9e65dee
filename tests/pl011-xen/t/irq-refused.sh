#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A PL011 whose SPI Xen refuses (outside the guest's vGIC): the refusal
# is reported once, not per interrupt, the daemon keeps serving, and a
# polling driver's output and input go through as if nothing were wrong.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

# 32 SPIs (px_create): SPI 200 is beyond the guest's vGIC.
dom=$(px_create noirq) && px_serial "$dom" 0x22000000 200 &&
	tty=$(px_tty "$dom" serial/0)
ok $? "guest $dom gets a PL011 on SPI 200"
px_pattern 300 70 >"$PX_TMP/out"
px_crlf <"$PX_TMP/out" >"$PX_TMP/wire"
px_pattern 64 71 >"$PX_TMP/in"
# Interrupts unmasked (Linux's probe) so the model raises its line.
px_guest "$dom" replay linux-amba init >/dev/null 2>"$PX_TMP/init.err"
px_ok_guest $? "$PX_TMP/init.err" "Linux's probe unmasks the interrupts"
px_guest "$dom" replay u-boot init write ready "$PX_TMP/ready" \
	read 64 3000 <"$PX_TMP/out" >"$PX_TMP/got" 2>"$PX_TMP/err" &
guest=$!
xensim_wait 30 test -e "$PX_TMP/ready" && cat "$PX_TMP/in" >"$tty"
wait $guest
px_ok_guest $? "$PX_TMP/err" "a polling driver prints and reads"
px_wait_size "$PX_LOG/guest-noirq-serial0.log" "$(stat -c %s "$PX_TMP/wire")" 10
files_equal "$PX_LOG/guest-noirq-serial0.log" "$PX_TMP/wire" \
	"its output is in the log, byte-exact"
files_equal "$PX_TMP/got" "$PX_TMP/in" "what was typed reached it"
is "$(grep -c "dom$dom pl011 console: Xen refused SPI 200" \
	"$XENSIM_DIR/xenconsoled.err")" 1 "the refusal is reported once"
refusals=$("$XENSIM_BUILD/tools/console/client/xenconsole" --stats --json |
	perl -MJSON::PP -e '
		my $doc = decode_json(do { local $/; <STDIN> });
		print $_->{irq_refusals}, "\n" for grep {
			$_->{domid} == $ARGV[0] && $_->{kind} eq "pl011"
		} @{$doc->{consoles}}' "$dom")
[ "${refusals:-0}" -ge 1 ]
ok $? "and counted in its statistics (irq_refusals ${refusals:-?})"
kill -0 "$(px_daemon_pid)"
ok $? "the daemon is still running"
tap_done
