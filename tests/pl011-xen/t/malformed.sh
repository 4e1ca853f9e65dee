#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Requests a well-behaved driver never makes.  What a guest can make
# (misaligned, 64-bit, reserved offsets, straddling the page end) through
# the guest API; what only a broken hypervisor could send (count != 1,
# data_is_ptr, df, unknown types, outside the page, sizes 0/3/16, and
# Xen's INVALIDATE) forged into the ioreq slot by the test guest's forge
# command.  Every request is answered with a defined value (no vCPU left
# waiting), malformed ones are counted and logged at a limited rate, and
# the UART keeps working.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

BASE=0x22000000
dom=$(px_create odd --vcpus 2) && px_serial "$dom" &&
	px_tty "$dom" serial/0 >/dev/null
ok $? "guest $dom with 2 vCPUs gets a PL011"
# The guest API command, every access bounded: an unanswered one fails.
cli() {
	timeout 5 "$XENSIM_BIN/xensim-guest" "$dom" "$@"
}

# read OFFSET SIZE WANT WHAT: answered (bounded) with WANT
read_is() {
	local got

	got=$(cli mmio-read 0 $((BASE + $1)) "$2" 2>&1)
	is "$got" "$3" "$4"
}
# Xen 4.17 (the simulation's default) passes the reply on unmasked.
read_is 0x030 1 0x1 "8-bit read of CR (0x301) is masked to its byte"
read_is 0x031 1 0x3 "8-bit read of CR's second byte"
read_is 0x002 4 0x0 "misaligned 32-bit read in DR answers 0"
read_is 0x019 2 0x0 "misaligned 16-bit read in FR answers 0"
read_is 0x01b 1 0x0 "byte 3 of FR (beyond its 16 bits) answers 0"
read_is 0xfe0 8 0x1000000011 \
	"64-bit read of PeriphID0+1: two registers, low first"
# FR: TXFE, RXFE, and CTS, DSR, DCD of the always-connected line.
read_is 0x018 8 0x97 "64-bit read of FR+ILPR"
read_is 0x04c 4 0x0 "reserved offset 0x04c reads 0"
read_is 0x080 4 0x0 "test register ITCR reads as zero"
read_is 0x100 4 0x0 "offset 0x100 past the registers reads 0"
read_is 0xfdc 8 0x0 "misaligned 64-bit read at 0xfdc answers 0"

# Writes that must change nothing: 'Y' never reaches the log.
cli mmio-write 0 $((BASE + 0x001)) 4 0x59 &&
	cli mmio-write 0 $((BASE + 0x002)) 2 0x59 &&
	cli mmio-write 0 $((BASE + 0x080)) 4 0x59 &&
	cli mmio-write 0 $((BASE + 0x200)) 8 0x59
ok $? "misaligned, test-register and reserved writes are answered"
# An aligned 64-bit store at DR: DR gets the low word ('Q'), ECR the high.
cli mmio-write 0 $BASE 8 0x51
ok $? "64-bit store at DR answered"
# The hypervisor itself refuses an access that leaves the page (no server
# claims it): a data abort, never a request to the daemon.
err=$(cli mmio-read 0 $((BASE + 0xffe)) 4 2>&1)
is "$err" "xensim-guest: mmio-read: Bad address" \
	"an access straddling the page end is a data abort (hypervisor)"

# Forged requests on vCPU 1's slot (nothing else uses vCPU 1).
px_guest -c 1 "$dom" forge >"$PX_TMP/forge1" 2>"$PX_TMP/forge1.err"
forge_status=$?
ok $forge_status "every forged request is answered (vCPU never left waiting)"
[ $forge_status -eq 0 ] || sed 's/^/#   /' "$PX_TMP/forge1" "$PX_TMP/forge1.err"
grep -q '^control answered 0x11$' "$PX_TMP/forge1"
ok $? "forging works: a well-formed forged read of PeriphID0 gets 0x11"
bad_read='^(count|data-is-ptr|df|size|below|above|straddles|type)'
bad_reads=$(grep -c -E "$bad_read" "$PX_TMP/forge1")
zero_reads=$(grep -c -E "$bad_read.* answered 0x0\$" "$PX_TMP/forge1")
is "$zero_reads" "$bad_reads" \
	"all $bad_reads malformed reads answered with the defined value 0"
grep -q '^invalidate answered' "$PX_TMP/forge1"
ok $? "IOREQ_TYPE_INVALIDATE is acknowledged"
malformed=$(grep -c -v -E '^(control|invalidate) ' "$PX_TMP/forge1")

warnings() {
	grep -c "dom$dom pl011 console: .*guest errors so far" \
		"$XENSIM_DIR/xenconsoled.err"
}
last_count() {
	grep "dom$dom pl011 console: " "$XENSIM_DIR/xenconsoled.err" |
		sed -n 's/.*(\([0-9]*\) guest errors so far)$/\1/p' | tail -1
}
w1=$(warnings)
diag "$malformed malformed forged requests gave $w1 warning lines"
[ "$w1" -ge 1 ] && [ "$w1" -le 6 ]
ok $? "warnings are logged, rate-limited ($w1 lines for $malformed requests)"
! grep -q 'invalidate\|type 8' "$XENSIM_DIR/xenconsoled.err"
ok $? "INVALIDATE is not reported as an error"
sleep 1.2
px_guest -c 1 "$dom" forge >"$PX_TMP/forge2" 2>&1
ok $? "a second round a second later is answered too"
count=$(last_count)
[ -n "$count" ] && [ "$count" -gt "$malformed" ]
ok $? "the counter includes suppressed ones (a new line says ${count:-?})"

kill -0 "$(px_daemon_pid)"
ok $? "the daemon is still running"
is "$(cli mmio-read 1 $((BASE + 0xfe0)) 4 2>&1)" 0x11 \
	"vCPU 1 still reaches the UART after the forged requests"
for c in 111 107 10; do cli mmio-write 0 $BASE 1 $c || break; done
px_wait_size "$PX_LOG/guest-odd-serial0.log" 4 5
is "$(od -An -c "$PX_LOG/guest-odd-serial0.log" | tr -s ' ')" " Q o k \n" \
	"the log holds the 64-bit store's byte and later output, no Y or Z"

tap_done
