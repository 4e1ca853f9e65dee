# SPDX-License-Identifier: GPL-2.0-only
#
# The daemon asked for the fast path (--pl011-fast-path=on) on whatever
# hypervisor this boot has.  check-xen says which (xentest.fastpath on
# dom0's command line, from the patches build-xen.sh applied): with the
# fast-path patch the guest's UART must be on it (its fast_path counter
# 1, writes posted); on a stock CONFIG_IOREQ_SERVER Xen, where creating
# the ioreq server with HVM_IOREQSRV_BUFIOREQ_ATOMIC fails with EINVAL
# (xen/common/ioreq.c, ioreq_server_create()), the emulator falls back to
# a server without the ring (ioreq_server.c, create()) and must work as
# before: fast_path 0, nothing posted.  Either way the guest's numbered
# lines (xentest.run=flood, on its PL011 as kernel console and tty) reach
# the log complete and in order.
. /xentest/lib.sh
name=xt-fallback
log=/var/log/xen/console/guest-$name-serial0.log
lines=400
expect=$(xentest_arg fastpath)

case $expect in
0 | 1) xentest_ok 0 "check-xen says the hypervisor's fast path is $expect" ;;
*) xentest_ok 1 "check-xen says whether the hypervisor has the fast path" \
	"(xentest.fastpath=$expect)"; exit 1 ;;
esac
xentest_restart_daemon --pl011-fast-path=on
xentest_ok $? "xenconsoled restarted with --pl011-fast-path=on" || exit 1

domid=$(xentest_pl011_create "$name" \
	"console=$XENTEST_PL011_TTY quiet rdinit=/init xentest.run=flood")
xentest_ok $? "$name: created with its PL011" || exit 1
t0=$(xentest_ms)
xentest_wait_text 300 "$log" XENTEST-SEQ-END
xentest_ok $? "$name: its $lines lines done" || xentest_show "$log"
xentest_time "$name-lines" "$t0"
xentest_seq_ok "$name" "$log" "$lines"

# The emulator passes its counters to the daemon a moment after they
# move: on the patched hypervisor wait for the posted writes to show.
posted_shown() {
	[ "$(xentest_stat "$name" pl011 posted_writes)" -gt 0 ] 2>/dev/null
}
[ "$expect" = 0 ] || xentest_wait 20 posted_shown
fast=$(xentest_stat "$name" pl011 fast_path)
posted=$(xentest_stat "$name" pl011 posted_writes)
ioreqs=$(xentest_stat "$name" pl011 request_count)
echo "# $name: fast_path $fast, posted_writes $posted, ioreqs $ioreqs"
if [ "$expect" = 1 ]; then
	[ "$fast" = 1 ] && [ "${posted:-0}" -gt 0 ]
	xentest_ok $? "$name: on the fast path (fast_path 1, $posted writes" \
		"posted)"
else
	[ "$fast" = 0 ] && [ "$posted" = 0 ] && [ "${ioreqs:-0}" -gt 0 ]
	xentest_ok $? "$name: fell back to ioreqs alone (fast_path $fast," \
		"posted_writes $posted, $ioreqs ioreqs)"
fi
xentest_stats "$name"
grep -q "fast path is off" "$XENTEST_CONSOLED_ERR"
xentest_ok $((! $?)) "no fast-path setup failed on the way (daemon's log)" ||
	xentest_show "$XENTEST_CONSOLED_ERR"
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
xentest_restart_daemon
xentest_ok $? "xenconsoled restarted with the image's arguments"
