#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Create/destroy cycles of PL011 guests: each one gets its ioreq server,
# pty and tty key (every 10th also prints through the UART), and is
# destroyed.  The daemon's open fds and VmRSS after a warm-up and at the
# end must match (no leaked server, mapping, port, pty or memory).
# CYCLES at most, or fewer when TIME_BUDGET_S runs out (printed).
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

CYCLES=${PX_CYCLES:-1000}
WARMUP=20
TIME_BUDGET_S=${PX_CYCLE_BUDGET_S:-60}
RSS_SLACK_KB=64

xensim_wait 5 test -e "$PX_LOG/hypervisor.log"
fd0=$(px_fd_count)

# one_cycle N: 0 when the guest got a working PL011 and was destroyed.
one_cycle() {
	local dom

	dom=$(px_create cyc) && px_serial "$dom" &&
		px_tty "$dom" serial/0 >/dev/null || return 1
	if [ $(($1 % 10)) = 0 ]; then
		timeout 5 "$XENSIM_BIN/xensim-guest" "$dom" mmio-write 0 \
			0x22000000 1 46 || return 1
	fi
	[ "$1" = 0 ] && fd_live=$(px_fd_count)
	"$XENSIM_BIN/xensim" destroy "$dom"
}

start=$(date +%s)
done_cycles=0
failed=0
while [ $done_cycles -lt "$CYCLES" ]; do
	if ! one_cycle $done_cycles; then
		failed=$((failed + 1))
		[ $failed -gt 3 ] && break
	fi
	done_cycles=$((done_cycles + 1))
	if [ $done_cycles = $WARMUP ]; then
		sleep 0.5
		fd_warm=$(px_fd_count)
		rss_warm=$(px_rss_kb)
	fi
	[ $(($(date +%s) - start)) -ge "$TIME_BUDGET_S" ] && break
done
elapsed=$(($(date +%s) - start))
diag "$done_cycles create/destroy cycles in $elapsed s" \
	"(asked for $CYCLES, budget $TIME_BUDGET_S s)"
is "$failed" 0 "every cycle's guest got a working PL011"
ok $((done_cycles > WARMUP ? 0 : 1)) \
	"more cycles than the warm-up ($done_cycles)"

# The last destroy is noticed asynchronously.
xensim_wait 5 test "$(px_fd_count)" -le "${fd_warm:-0}"
fd_end=$(px_fd_count)
rss_end=$(px_rss_kb)
[ "${fd_live:-0}" -gt "$fd0" ]
ok $? "a live PL011 guest holds daemon fds (${fd_live:-?} > $fd0)"
diag "daemon fds: $fd0 at start, ${fd_warm:-?} after $WARMUP cycles," \
	"$fd_end at the end"
[ -d "$XENSIM_DIR/state" ] &&
	diag "state directory: $(ls "$XENSIM_DIR/state" | wc -l) files left"
diag "daemon VmRSS: ${rss_warm:-?} kB after $WARMUP cycles," \
	"$rss_end kB at the end"
is "$fd_end" "$fd_warm" "no fd growth over the cycles"
is "$fd_end" "$fd0" "fds back to the count before any guest"
[ -n "$rss_warm" ] && [ "$rss_end" -le $((rss_warm + RSS_SLACK_KB)) ]
ok $? "VmRSS grew by $((rss_end - ${rss_warm:-0})) kB (at most $RSS_SLACK_KB)"
# The output of the guests that printed: one '.' each, nothing lost.
want=$(( (done_cycles + 9) / 10 ))
px_wait_size "$PX_LOG/guest-cyc-serial0.log" "$want" 5
is "$(stat -c %s "$PX_LOG/guest-cyc-serial0.log")" "$want" \
	"guest-cyc-serial0.log has every printed byte ($want)"

tap_done
