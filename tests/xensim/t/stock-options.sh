#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Stock xenconsoled options on the simulated Xen: --timestamp=all prefixes
# every log line as upstream's write_with_timestamp() does, --log=hv copies
# the hypervisor console ring (VIRQ_CON_RING + xc_readconsolering) to
# hypervisor.log, the per-console rate limit holds, and SIGHUP reopens
# both logs after a rename.
. tests/xensim/env.sh
. tests/lib/tap.sh
xensim_test_setup "$@"

log=$XENSIM_DIR/log
xensim_spawn xenconsoled "$(xensim_consoled)" -i --log=all \
	--timestamp=all --log-dir="$log"
domid=$("$XENSIM_BIN/xensim" create ts)
ok $? "guest created"
xensim_wait 5 test -e "$log/guest-ts.log"
ok $? "guest-ts.log opened"

# Replace each well-formed timestamp by [TS]; anything else stays visible.
normalise() {
	perl -pe 's/\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] /[TS] /g' "$1"
}
guest_write() {
	printf "$2" | "$XENSIM_BIN/xensim-guest" "$domid" write "$1"
}
wait_for() {
	xensim_wait 5 grep -q "$2" "$1"
}

guest_write pv 'one\n\rtwo\r\nthree'
wait_for "$log/guest-ts.log" three
is "$(normalise "$log/guest-ts.log" | od -An -c)" \
	"$(printf '[TS] Logfile Opened\n[TS] one\n[TS] two\r\n[TS] three' |
	   od -An -c)" \
	"--timestamp: every line stamped, \\r after \\n stripped"
stamp=$(head -c 21 "$log/guest-ts.log")
now=$(date +%s)
then=$(date -d "$(echo "$stamp" | tr -d '[]')" +%s 2>/dev/null || echo 0)
ok $(( now - then < 60 && then <= now ? 0 : 1 )) \
	"the timestamp is the current local time ($stamp)"

"$XENSIM_BIN/xensim" hvlog $'(XEN) from the toolstack\n'
"$XENSIM_BIN/xensim-guest" "$domid" hvc $'guest via console_io\n'
wait_for "$log/hypervisor.log" 'guest via console_io'
ok $? "--log=hv: hypervisor.log follows the console ring"
normalise "$log/hypervisor.log" >"$XENSIM_DIR/hv.norm"
grep -qx '\[TS\] (XEN) Xen version 4.17 (xensim) simulated' \
	"$XENSIM_DIR/hv.norm"
ok $? "hypervisor.log starts from the ring's boot messages"
grep -qx '\[TS\] (XEN) from the toolstack' "$XENSIM_DIR/hv.norm" &&
	grep -qx "\[TS\] (d$domid) guest via console_io" "$XENSIM_DIR/hv.norm"
ok $? "hypervisor.log has Xen's and the guest's lines, stamped"

# xenconsoled drains a console at most 30 times per 200 ms, each drain at
# most one 2 KiB ring: 128 ring-fulls need at least 4 period boundaries.
head -c 262144 /dev/zero | tr '\0' 'x' >"$XENSIM_DIR/flood"
t0=$(date +%s%N)
"$XENSIM_BIN/xensim-guest" "$domid" write pv <"$XENSIM_DIR/flood"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if xensim_consoled_is_stock; then
	ok $(( ms >= 600 ? 0 : 1 )) "rate limit: 256 KiB take >= 600 ms (${ms} ms)"
else
	# Ours drains fairly instead of throttling a busy console.
	ok $(( ms < 600 ? 0 : 1 )) "no 30-per-200 ms throttle: 256 KiB in ${ms} ms"
fi
diag "guest -> xenconsoled: $(( 256 * 1000 / (ms > 0 ? ms : 1) )) KiB/s"

mv "$log/guest-ts.log" "$log/guest-ts.log.1"
mv "$log/hypervisor.log" "$log/hypervisor.log.1"
kill -HUP "$(cat "$XENSIM_DIR/pids/xenconsoled")"
xensim_wait 5 test -e "$log/hypervisor.log" -a -e "$log/guest-ts.log"
ok $? "SIGHUP reopens both logs under their names"
guest_write pv 'after hup\n'
"$XENSIM_BIN/xensim" hvlog $'(XEN) after hup\n'
wait_for "$log/guest-ts.log" 'after hup' &&
	wait_for "$log/hypervisor.log" 'after hup'
ok $? "new output goes to the reopened files"
if xensim_consoled_is_stock; then
	# Upstream keeps one global "need a timestamp" flag: the last guest
	# output ("three") had no newline, so the reopened file's first line
	# is unstamped.
	is "$(normalise "$log/guest-ts.log")" \
		"$(printf 'Logfile Opened\n[TS] after hup')" \
		"the reopened guest log starts afresh (upstream's global needts)"
else
	is "$(normalise "$log/guest-ts.log")" \
		"$(printf '[TS] Logfile Opened\n[TS] after hup')" \
		"the reopened guest log starts afresh, every line stamped"
fi
! grep -q 'after hup' "$log/guest-ts.log.1" "$log/hypervisor.log.1"
ok $? "the renamed logs receive nothing more"

tap_done
