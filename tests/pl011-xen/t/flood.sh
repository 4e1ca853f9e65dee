#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A PL011 guest prints lines as fast as Linux's console write can (TXFF
# polling) until told to stop, while a quiet guest prints one PV console
# line every 20 ms: every one of the quiet guest's lines leaves its ring
# while the flood goes on (pv-latency fails on a line that does not), and
# no byte is lost from either log.  How soon they leave is a figure,
# printed here, not a bound: timing belongs to make bench.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

QUIET_LINES=100
QUIET_PERIOD_MS=20

quiet=$(px_create quiet) && px_tty "$quiet" console >/dev/null
ok $? "quiet PV guest $quiet is up"
flood=$(px_create flood) && px_serial "$flood" &&
	px_tty "$flood" serial/0 >/dev/null
ok $? "flooding guest $flood gets a PL011"
px_guest "$flood" replay linux-amba init flood "$PX_TMP/stop" \
	>"$PX_TMP/flood.lines" 2>"$PX_TMP/flood.err" &
flooder=$!

px_wait_size "$PX_LOG/guest-flood-serial0.log" 1 10
figures=$(px_guest "$quiet" pv-latency $QUIET_LINES $QUIET_PERIOD_MS)
ok $? "quiet guest wrote $QUIET_LINES lines"
read -r max_us median_us p90_us <<<"$figures"
diag "quiet PV guest output latency: max ${max_us:-?} us," \
	"median ${median_us:-?} us, 90th percentile ${p90_us:-?} us"
kill -0 $flooder 2>/dev/null
ok $? "the flooder was still printing throughout"
touch "$PX_TMP/stop"

wait $flooder
px_ok_guest $? "$PX_TMP/flood.err" "flooder stopped, its checks pass"
lines=$(cat "$PX_TMP/flood.lines")
diag "the flooder printed ${lines:-?} lines"
perl -e 'printf "flood line %06u: %s\r\n", $_, $ARGV[1]
	for 0 .. $ARGV[0] - 1' "${lines:-0}" \
	"the quick brown fox jumps over the lazy dog" >"$PX_TMP/flood.wire"
px_wait_size "$PX_LOG/guest-flood-serial0.log" \
	"$(stat -c %s "$PX_TMP/flood.wire")" 10
files_equal "$PX_LOG/guest-flood-serial0.log" "$PX_TMP/flood.wire" \
	"flooder: nothing lost from its log"
for j in $(seq 0 $((QUIET_LINES - 1))); do
	printf 'quiet line %04u\n' "$j"
done >"$PX_TMP/quiet.want"
px_wait_size "$PX_LOG/guest-quiet.log" "$(stat -c %s "$PX_TMP/quiet.want")" 5
files_equal "$PX_LOG/guest-quiet.log" "$PX_TMP/quiet.want" \
	"quiet guest: nothing lost from its log"

tap_done
