#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Guests side by side on our daemon: one guest with a PV console and a
# PL011 at the same time, two PL011 guests at once (one at a non-default
# base and SPI from xenstore), and a 4-vCPU guest whose vCPUs 1-3 print
# lines under the port lock (and read ID and flag registers outside it)
# while vCPU 0 takes typed input by interrupt.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

G=$XENSIM_BIN/xensim-guest

# --- PV console and PL011 in one guest --------------------------------------
dom=$(px_create both) && px_serial "$dom" &&
	pv_tty=$(px_tty "$dom" console) && pl_tty=$(px_tty "$dom" serial/0)
ok $? "both: guest $dom has console/tty and serial/0/tty"
[ "$pv_tty" != "$pl_tty" ]
ok $? "both: two different ptys ($pv_tty, $pl_tty)"
px_pattern 1500 1 >"$PX_TMP/pv.out"	# fits the 2 KiB ring
px_pattern 1500 2 >"$PX_TMP/pl.out"
px_crlf <"$PX_TMP/pl.out" >"$PX_TMP/pl.wire"
timeout 30 head -c 1500 <"$pv_tty" >"$PX_TMP/pv.pty" &
pv_reader=$!
timeout 30 head -c "$(stat -c %s "$PX_TMP/pl.wire")" <"$pl_tty" \
	>"$PX_TMP/pl.pty" &
pl_reader=$!
px_guest "$dom" replay linux-sbsa init write <"$PX_TMP/pl.out" \
	2>"$PX_TMP/pl.err" &
pl_guest=$!
"$G" "$dom" write pv <"$PX_TMP/pv.out"
ok $? "both: PV output written while the PL011 prints"
wait $pl_guest
px_ok_guest $? "$PX_TMP/pl.err" "both: PL011 output written"
wait $pv_reader $pl_reader
files_equal "$PX_TMP/pv.pty" "$PX_TMP/pv.out" "both: PV pty byte-exact"
files_equal "$PX_TMP/pl.pty" "$PX_TMP/pl.wire" "both: PL011 pty byte-exact"
px_wait_size "$PX_LOG/guest-both.log" 1500 5
files_equal "$PX_LOG/guest-both.log" "$PX_TMP/pv.out" \
	"both: guest-both.log holds exactly the PV output"
files_equal "$PX_LOG/guest-both-serial0.log" "$PX_TMP/pl.wire" \
	"both: guest-both-serial0.log holds exactly the PL011 output"
( sleep 0.2; printf 'to the pv console' >"$pv_tty" ) &
is "$("$G" "$dom" read pv 17 5000)" "to the pv console" \
	"both: PV input reaches the PV ring"
px_guest "$dom" replay linux-sbsa init ready "$PX_TMP/both.ready" \
	read 14 3000 >"$PX_TMP/both.got" 2>"$PX_TMP/both.err" &
pl_guest=$!
xensim_wait 10 test -e "$PX_TMP/both.ready" &&
	printf 'to the pl011 x' >"$pl_tty"
wait $pl_guest
is "$(cat "$PX_TMP/both.got")" "to the pl011 x" \
	"both: serial input reaches the PL011"
is "$("$G" "$dom" read pv 1 300 | od -An -c)" "" \
	"both: and nothing of it the PV ring"

# --- two PL011 guests at once -----------------------------------------------
one=$(px_create one) && px_serial "$one" && tty1=$(px_tty "$one" serial/0) &&
	two=$(px_create two) && px_serial "$two" 0x22001000 33 &&
	tty2=$(px_tty "$two" serial/0)
ok $? "two: guests $one and $two get PL011s (second at 0x22001000, SPI 33)"
for n in 1 2; do
	px_pattern 2048 $((10 + n)) >"$PX_TMP/two$n.out"
	px_crlf <"$PX_TMP/two$n.out" >"$PX_TMP/two$n.wire"
	px_pattern 512 $((20 + n)) >"$PX_TMP/two$n.in"
done
start_two() {
	local dom=$1 n=$2 tty=$3

	shift 3
	timeout 60 head -c "$(stat -c %s "$PX_TMP/two$n.wire")" <"$tty" \
		>"$PX_TMP/two$n.pty" &
	px_guest "$@" "$dom" replay linux-amba init write ready \
		"$PX_TMP/two$n.ready" read 512 3000 <"$PX_TMP/two$n.out" \
		>"$PX_TMP/two$n.got" 2>"$PX_TMP/two$n.err" &
}
start_two "$one" 1 "$tty1"
g1=$!
start_two "$two" 2 "$tty2" -b 0x22001000 -s 33
g2=$!
xensim_wait 60 test -e "$PX_TMP/two1.ready" -a -e "$PX_TMP/two2.ready"
cat "$PX_TMP/two1.in" >"$tty1" &
cat "$PX_TMP/two2.in" >"$tty2"
wait $g1
px_ok_guest $? "$PX_TMP/two1.err" "two: first guest's driver checks pass"
wait $g2
px_ok_guest $? "$PX_TMP/two2.err" "two: second guest's driver checks pass"
for n in 1 2; do
	name=$([ $n = 1 ] && echo one || echo two)
	px_wait_size "$PX_TMP/two$n.pty" "$(stat -c %s "$PX_TMP/two$n.wire")" 10
	files_equal "$PX_LOG/guest-$name-serial0.log" "$PX_TMP/two$n.wire" \
		"two: guest-$name-serial0.log byte-exact"
	files_equal "$PX_TMP/two$n.pty" "$PX_TMP/two$n.wire" \
		"two: guest $name's pty byte-exact"
	files_equal "$PX_TMP/two$n.got" "$PX_TMP/two$n.in" \
		"two: guest $name gets its own input, in order"
done

# --- one guest, 4 vCPUs -------------------------------------------------------
LINES=40
smp=$(px_create smp --vcpus 4) && px_serial "$smp" &&
	smp_tty=$(px_tty "$smp" serial/0)
ok $? "smp: 4-vCPU guest $smp gets a PL011"
for k in 1 2 3; do
	for j in $(seq 0 $((LINES - 1))); do
		printf 'vcpu %u line %04u: the quick brown fox\r\n' "$k" "$j"
	done >"$PX_TMP/smp$k.want"
done
px_pattern 1024 31 >"$PX_TMP/smp.in"
px_guest "$smp" replay linux-amba init ready "$PX_TMP/smp.ready" \
	smp 4 $LINES 1024 5000 >"$PX_TMP/smp.got" 2>"$PX_TMP/smp.err" &
guest=$!
xensim_wait 30 test -e "$PX_TMP/smp.ready" && cat "$PX_TMP/smp.in" >"$smp_tty"
wait $guest
px_ok_guest $? "$PX_TMP/smp.err" \
	"smp: vCPUs 1-3 print and read IDs while vCPU 0 takes input"
files_equal "$PX_TMP/smp.got" "$PX_TMP/smp.in" \
	"smp: vCPU 0 gets the 1024 typed bytes in order"
log=$PX_LOG/guest-smp-serial0.log
cat "$PX_TMP"/smp[123].want >"$PX_TMP/smp.want"
px_wait_size "$log" "$(stat -c %s "$PX_TMP/smp.want")" 10
for k in 1 2 3; do
	grep -a "^vcpu $k " "$log" >"$PX_TMP/smp$k.got"
	files_equal "$PX_TMP/smp$k.got" "$PX_TMP/smp$k.want" \
		"smp: vCPU $k's lines whole and in order in the log"
done
is "$(wc -l <"$log")" $((3 * LINES)) "smp: nothing else in the log"
diag "smp: $(awk '{ print $2 }' "$log" | uniq | wc -l) runs of one" \
	"vCPU's lines in the log"

tap_done
