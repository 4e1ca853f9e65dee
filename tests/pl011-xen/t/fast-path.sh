#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The fast path (hypervisor-ioreq-arm/fast-path.md) on a simulated Xen
# with our patch (XENSIM_FAST_PATH=1): every driver's replay passes as on
# a stock Xen (its checks, the log and the pty byte-exact, input in
# order), a guest that never reads FR loses nothing, and printk-style
# output (earlycon: an FR poll and a DR write a byte) reaches the
# emulator as posted writes with few ioreqs, with the daemon's default
# options (the fast path is on by default).  Then the same hypervisor
# with --pl011-fast-path=off: every access is an ioreq again.
export XENSIM_FAST_PATH=1
unset PX_FAST_PATH
. tests/pl011-xen/lib.sh
px_setup "$@"

SOCK=$XENSIM_DIR/control.sock
XC=$XENSIM_BUILD/tools/console/client/xenconsole
DOC=$PX_TMP/doc.json
BYTES=4096

counter() {
	px_json_field "$DOC" "$1" pl011 "$2"
}

# Counters reach the daemon a moment after the request that moved them:
# true once ioreqs plus PLUS (a counter) of guest DOM reach N.
counters_reach() {
	local dom=$1 plus=$2 n=$3

	"$XC" --stats --stats-socket="$SOCK" --json >"$DOC" &&
		[ $(($(counter "$dom" request_count) +
		     $(counter "$dom" "$plus"))) -ge "$n" ]
}

# earlycon writes BYTES to guest $1 (named $2): its accesses, and the
# counters after.  No newline, so the log holds what was written.
earlycon_write() {
	px_pattern $((BYTES * 2)) 3 | tr -d '\n' | head -c $BYTES >"$PX_TMP/ec.$1"
	PX_STATS=1 px_guest "$1" replay earlycon write <"$PX_TMP/ec.$1" \
		2>"$PX_TMP/ec.$1.err" || return 1
	px_wait_size "$PX_LOG/guest-$2-serial0.log" $BYTES 10 &&
		"$XC" --stats --stats-socket="$SOCK" --json >"$DOC" &&
		sed -n 's/^guest: \([0-9]*\) accesses.*/\1/p' "$PX_TMP/ec.$1.err"
}

# guest_writes NAME LABEL: a new guest NAME writes BYTES by earlycon,
# byte-exact in its log (3 TAP lines); sets dom and accesses.
guest_writes() {
	dom=$(px_create "$1") && px_serial "$dom" &&
		px_tty "$dom" serial/0 >/dev/null
	ok $? "$2: guest $dom gets a PL011"
	accesses=$(earlycon_write "$dom" "$1")
	ok $? "$2: earlycon wrote $BYTES bytes"
	files_equal "$PX_LOG/guest-$1-serial0.log" "$PX_TMP/ec.$dom" \
		"$2: the log is byte-exact"
}

px_daemon --control="$SOCK"
px_run_driver linux-amba 1 10
px_run_driver linux-sbsa 1 20
px_run_driver earlycon 1 30
px_run_driver u-boot 1 50
px_run_driver freebsd 0 60
px_run_driver edk2 0 60

dom=$(px_create blind) && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null
ok $? "blind: guest $dom gets a PL011"
px_pattern 356 5 | tr -d '\n\r' | head -c 300 >"$PX_TMP/blind"
px_guest "$dom" replay blind write <"$PX_TMP/blind" 2>"$PX_TMP/blind.err"
px_ok_guest $? "$PX_TMP/blind.err" "blind: 300 bytes written, FR never read"
px_wait_size "$PX_LOG/guest-blind-serial0.log" 300 10
files_equal "$PX_LOG/guest-blind-serial0.log" "$PX_TMP/blind" \
	"blind: every byte is in the log"

guest_writes fast fast
is "$(counter "$dom" fast_path)" 1 "fast: the counters say the fast path is on"
xensim_wait 5 counters_reach "$dom" posted_writes $BYTES
ok $? "fast: every DR write was posted or sent as an ioreq"
posted=$(counter "$dom" posted_writes)
ioreqs=$(counter "$dom" request_count)
diag "fast: $BYTES bytes: ${accesses:-?} accesses, $posted posted writes, $ioreqs ioreqs"
[ "$ioreqs" -le $((BYTES / 8)) ]
ok $? "fast: at most one ioreq per 8 bytes ($ioreqs for $BYTES)"

xensim_kill xenconsoled TERM
PX_FAST_PATH=off px_daemon --control="$SOCK"
guest_writes slow off
is "$(counter "$dom" fast_path)" 0 "off: the counters say the fast path is off"
is "$(counter "$dom" posted_writes)" 0 "off: nothing was posted"
[ -n "$accesses" ] && xensim_wait 5 counters_reach "$dom" posted_writes "$accesses"
ok $? "off: every access an ioreq (${accesses:-?} accesses)"
tap_done
