#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The daemon's per-console counters, read with `xenconsole --stats`, against
# what test guests did on the simulated Xen: one guest with a PV console and
# a PL011 (Linux amba-pl011 driver, interrupt-driven input), one with a PV
# console and a vuart.  Each writes and reads known byte counts; the JSON
# document (checked with perl's JSON::PP) and the human table must show
# exactly those counts, and the PL011 at least one ioreq per access the
# guest made.  Also the client's answers without a daemon and for a guest
# that has no console, and guest names that are not ASCII in the document.
. tests/pl011-xen/lib.sh
px_setup "$@"

SOCK=$XENSIM_DIR/control.sock
XC=$XENSIM_BUILD/tools/console/client/xenconsole
G=$XENSIM_BIN/xensim-guest
DOC=$PX_TMP/doc.json

stats() {
	"$XC" --stats --stats-socket="$SOCK" "$@"
}

# json_field DOMID KIND FIELD: one console's field from $DOC.
json_field() {
	px_json_field "$DOC" "$@"
}

# table_cell FILE LABEL KIND: a cell of the human table (label column
# 30 wide, then pv, vuart and pl011).
table_cell() {
	awk -v label="$2" -v kind="$3" '
		{ l = substr($0, 1, 30); sub(/ +$/, "", l) }
		l == label {
			n = split(substr($0, 31), cell, " +")
			col = kind == "pv" ? 1 : kind == "vuart" ? 2 : 3
			print cell[n - 3 + col]
		}' "$1"
}

size_of() {
	stat -c %s "$1"
}

# --- without a daemon, and with no guests -----------------------------------
stats >"$PX_TMP/none.out" 2>"$PX_TMP/none.err"
status=$?
is "$status:$(wc -l <"$PX_TMP/none.err")" "1:1" \
	"no daemon: exit status 1 and one line on stderr"
grep -q "cannot reach xenconsoled's statistics at $SOCK" "$PX_TMP/none.err"
ok $? "no daemon: the message names the socket"

px_daemon --control="$SOCK"
xensim_wait 5 test -S "$SOCK"
ok $? "the daemon listens on --control=$SOCK"
stats --json >"$DOC"
ok $? "no guests: --stats --json succeeds"
is "$(perl -MJSON::PP -0777 -ne '$d = decode_json($_);
	print scalar(@{$d->{consoles}}), " ", $d->{domains}, " ",
	$d->{daemon}{pid}' "$DOC")" "0 0 $(px_daemon_pid)" \
	"no guests: no consoles, 0 domains, the daemon's pid"
stats 7 >"$PX_TMP/seven.out" 2>"$PX_TMP/seven.err"
is "$?:$(cat "$PX_TMP/seven.err"):$(wc -c <"$PX_TMP/seven.out")" \
	"1:xenconsole: domain 7 has no console in xenconsoled's statistics:0" \
	"a domain without consoles: exit status 1, why, no output"

# --- a guest with a PV console and a PL011 ------------------------------------
dom=$(px_create both) && px_serial "$dom" &&
	pv_tty=$(px_tty "$dom" console) && pl_tty=$(px_tty "$dom" serial/0)
ok $? "both: guest $dom has console/tty and serial/0/tty"
vu=$(px_create vu --vuart) && vu_tty=$(px_tty "$vu" vuart/0)
ok $? "vu: guest $vu has vuart/0/tty"

PV_OUT=5000		# more than the 2 KiB ring: several notifications
PV_IN=37
PL_OUT=1500
PL_IN=100
VU_OUT=3000
VU_IN=23
px_pattern $PV_OUT 1 >"$PX_TMP/pv.out"
px_pattern $PL_OUT 2 >"$PX_TMP/pl.out"
px_crlf <"$PX_TMP/pl.out" >"$PX_TMP/pl.wire"	# the driver adds "\r"
px_pattern $VU_OUT 3 >"$PX_TMP/vu.out"
px_pattern $PL_IN 4 >"$PX_TMP/pl.in"
PL_WIRE=$(size_of "$PX_TMP/pl.wire")

timeout 30 head -c $PV_OUT <"$pv_tty" >/dev/null &
readers=$!
timeout 30 head -c "$PL_WIRE" <"$pl_tty" >/dev/null &
readers="$readers $!"
timeout 30 head -c $VU_OUT <"$vu_tty" >/dev/null &
readers="$readers $!"
# One guest process at a time per domain: the simulation delivers a
# domain's events to one of its attached processes.
PX_STATS=1 px_guest "$dom" replay linux-amba init write \
	ready "$PX_TMP/pl.ready" read $PL_IN 3000 <"$PX_TMP/pl.out" \
	>"$PX_TMP/pl.got" 2>"$PX_TMP/pl.err" &
pl_guest=$!
xensim_wait 30 test -e "$PX_TMP/pl.ready" && cat "$PX_TMP/pl.in" >"$pl_tty"
wait $pl_guest
px_ok_guest $? "$PX_TMP/pl.err" "PL011: output written, input read by IRQ"
files_equal "$PX_TMP/pl.got" "$PX_TMP/pl.in" "PL011: the input arrived"
accesses=$(sed -n 's/^guest: \([0-9]*\) accesses.*/\1/p' "$PX_TMP/pl.err")
"$G" "$dom" write pv <"$PX_TMP/pv.out" &&
	"$G" "$vu" write vuart <"$PX_TMP/vu.out"
ok $? "PV and vuart output written"
( sleep 0.2; head -c $PV_IN "$PX_TMP/pv.out" >"$pv_tty" ) &
readers="$readers $!"
is "$("$G" "$dom" read pv $PV_IN 5000 | wc -c)" $PV_IN "PV input read"
( sleep 0.2; head -c $VU_IN "$PX_TMP/vu.out" >"$vu_tty" ) &
readers="$readers $!"
is "$("$G" "$vu" read vuart $VU_IN 5000 | wc -c)" $VU_IN "vuart input read"
wait $readers
px_wait_size "$PX_LOG/guest-both.log" $PV_OUT 10 &&
	px_wait_size "$PX_LOG/guest-vu-vuart0.log" $VU_OUT 10
ok $? "the logs are complete"

# --- the document ---------------------------------------------------------
stats --json >"$DOC"
ok $? "--stats --json succeeds"
perl -MJSON::PP -0777 -ne 'decode_json($_)' "$DOC"
ok $? "the document is JSON"
is "$(json_field "$dom" pv out_bytes) $(json_field "$dom" pv in_bytes)" \
	"$PV_OUT $PV_IN" "PV: out_bytes and in_bytes exact"
is "$(json_field "$dom" pl011 out_bytes) $(json_field "$dom" pl011 in_bytes)" \
	"$PL_WIRE $PL_IN" "PL011: out_bytes ($PL_OUT + CRs) and in_bytes exact"
is "$(json_field "$vu" vuart out_bytes) $(json_field "$vu" vuart in_bytes)" \
	"$VU_OUT $VU_IN" "vuart: out_bytes and in_bytes exact"
for c in "$dom pv" "$dom pl011" "$vu vuart" "$vu pv"; do
	set -- $c
	is "$(json_field $1 $2 log_bytes)" "$(json_field $1 $2 out_bytes)" \
		"dom$1 $2: log_bytes == out_bytes (no timestamps)"
done
is "$(json_field "$vu" pv out_bytes)" 0 "vu: its idle PV console moved nothing"
events=$(json_field "$dom" pl011 events)
requests=$(json_field "$dom" pl011 request_count)
[ -n "$accesses" ] && [ "$events" -ge "$accesses" ] &&
	[ "$requests" -ge "$accesses" ]
ok $? "PL011: $events events, $requests ioreqs answered" \
	">= $accesses guest accesses"
is "$(json_field "$dom" pl011 fast_path) $(json_field "$dom" pl011 posted_writes)" \
	"0 0" "PL011: a stock Xen has no fast path: none on, nothing posted"
[ "$(json_field "$dom" pl011 irqs)" -gt 0 ]
ok $? "PL011: SPI raised for the input (irqs" \
	"$(json_field "$dom" pl011 irqs))"
mean=$(json_field "$dom" pl011 request_ns_mean)
max=$(json_field "$dom" pl011 request_ns_max)
[ "$mean" -gt 0 ] && [ "$mean" -le "$max" ]
ok $? "PL011: 0 < mean service time $mean ns <= max $max ns"
pv_events=$(json_field "$dom" pv events)
pv_passes=$(json_field "$dom" pv drain_count)
# The guest fills the 2 KiB ring, notifies, waits for room, notifies
# again; one pass may drain it all while the guest keeps refilling.
[ "$pv_events" -ge 2 ] && [ "$pv_passes" -ge 1 ]
ok $? "PV: $PV_OUT bytes through a 2 KiB ring: $pv_events notifications" \
	"(>= 2), $pv_passes output passes (>= 1)"
is "$(json_field "$dom" pv irqs) $(json_field "$dom" pv request_count)" "0 0" \
	"PV: no SPI and no ioreq"
is "$(json_field "$dom" pl011 tty)" "$pl_tty" "PL011: tty as in xenstore"
is "$(json_field "$dom" pl011 pty_dropped)" 0 "PL011: nothing dropped"

# --- the human table ------------------------------------------------------
stats "$dom" >"$PX_TMP/table"
ok $? "--stats $dom succeeds"
sed 's/^/# /' "$PX_TMP/table" | head -n 60
T=$PX_TMP/table
is "$(table_cell "$T" "bytes out (guest -> log, pty)" pv) $(table_cell "$T" \
	"bytes out (guest -> log, pty)" vuart) $(table_cell "$T" \
	"bytes out (guest -> log, pty)" pl011)" "$PV_OUT - $PL_WIRE" \
	"table: bytes out side by side, no vuart column for this guest"
is "$(table_cell "$T" "bytes in (pty -> guest)" pv) $(table_cell "$T" \
	"bytes in (pty -> guest)" pl011)" "$PV_IN $PL_IN" "table: bytes in"
is "$(table_cell "$T" "interrupts injected" pl011)" \
	"$(json_field "$dom" pl011 irqs)" "table: interrupts as in the document"
is "$(table_cell "$T" "  per output byte" pl011)" \
	"$(awk -v e="$events" -v b="$PL_WIRE" \
		'BEGIN { printf "%.3f", e / b }')" \
	"table: ioreqs per output byte"
grep -q "^domain $vu " "$T"
ok $((!$?)) "table: --stats $dom shows only that guest"
stats >"$PX_TMP/all"
is "$(grep -c '^domain ' "$PX_TMP/all")" 2 "--stats lists both guests"
is "$(table_cell "$PX_TMP/all" "bytes out (guest -> log, pty)" vuart | \
	tail -1)" "$VU_OUT" "--stats: the vuart guest's output"

# --- names that are not ASCII ---------------------------------------------
# A UTF-8 name stays as it is; other bytes stand for U+0080..U+00FF.
utf8=$(printf 'caf\303\251')
bytes=$(printf 'b\377d')
u=$(px_create "$utf8") && px_tty "$u" console >/dev/null &&
	b=$(px_create "$bytes") && px_tty "$b" console >/dev/null
ok $? "guests named in UTF-8 ($u) and in other bytes ($b)"
stats --json >"$DOC"
ok $? "--stats --json with those names"
LC_ALL=C grep -q "{\"domid\":$u,\"name\":\"$utf8\"," "$DOC"
ok $? "the UTF-8 name unchanged in the document"
LC_ALL=C grep -q "{\"domid\":$b,\"name\":\"b$(printf '\303\277')d\"," "$DOC"
ok $? "the byte 0xff as U+00FF"

tap_done
