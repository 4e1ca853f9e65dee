# SPDX-License-Identifier: GPL-2.0-only
#
# The ioreq fast path of hypervisor-ioreq-arm/patches (posted writes,
# published reads) on the real hypervisor: a PV-console guest without a
# vuart (guests/pv.cfg) runs domu/fastpath.sh, which touches 0x22001000
# with devmem; `ioreq_probe --fast-path` serves that page with a server
# created with BUFIOREQ_ATOMIC, its ring and its published page, and
# checks every request, ring entry and value the guest reported.
. /xentest/lib.sh
name=xt-fast
xl create -p /xentest/guests/pv.cfg "name=\"$name\"" \
	"extra=\"console=hvc0 rdinit=/init xentest.run=fastpath\"" \
	>/tmp/xl-create.log 2>&1
xentest_ok $? "$name: created paused" || {
	sed 's/^/# xl: /' /tmp/xl-create.log
	exit 1
}
domid=$(xl domid "$name")
rm -f /tmp/fast.ready
/xentest/bin/ioreq_probe "$domid" --fast-path /tmp/fast.ready \
	>/tmp/fast.tap 2>&1 &
probe=$!
xentest_wait 30 test -e /tmp/fast.ready
xentest_ok $? "ioreq_probe --fast-path ready" && xl unpause "$domid"
wait "$probe"
rc=$?
sed 's/^/XENTEST TAP /' /tmp/fast.tap
xentest_ok "$rc" "ioreq_probe --fast-path exit status" ||
	xentest_show "/var/log/xen/console/guest-$name.log"
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
