# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 5: kill -9 of our xenconsoled while a guest prints
# numbered lines on its PL011; started again 2 s later, the daemon takes
# the guest's emulator (which kept serving it) or, with
# --pl011-isolation=none, the ioreq server over; the guest finishes (not
# hung) and its log has every line once, in order.
. /xentest/lib.sh
name=xt-kill
log=/var/log/xen/console/guest-$name-serial0.log
lines=400

domid=$(xentest_pl011_create "$name" \
	"console=$XENTEST_PL011_TTY quiet rdinit=/init xentest.run=flood")
xentest_ok $? "$name: created with its PL011" || exit 1
xentest_wait_text 120 "$log" "XENTEST-SEQ 60"
xentest_ok $? "$name: printing" || exit 1
kill -9 "$(pidof xenconsoled)"
xentest_ok $? "kill -9 xenconsoled"
sleep 2
echo "# $(xentest_count "$log" XENTEST-SEQ) lines logged when the daemon" \
	"came back"
t0=$(xentest_ms)
xentest_start_consoled
xentest_ok $? "xenconsoled started again"
xentest_wait_text 180 "$log" XENTEST-SEQ-END
xentest_ok $? "$name: not hung, its $lines lines done" || xentest_show "$log"
xentest_time "$name-restart-to-end" "$t0"
xentest_seq_ok "$name" "$log" "$lines"
grep -q "taken over\|emulator found running" "$XENTEST_CONSOLED_ERR"
xentest_ok $? "the new daemon found the guest's emulator (or its server)" ||
	xentest_show "$XENTEST_CONSOLED_ERR"
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
