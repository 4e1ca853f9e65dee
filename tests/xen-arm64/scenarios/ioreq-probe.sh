# SPDX-License-Identifier: GPL-2.0-only
#
# (c) ioreq support of the hypervisor: create the PL011 guest of
# hypervisor-ioreq-arm/guest-pl011.cfg paused (this also proves libxl
# accepts its partial device tree), run ioreq_probe on it, destroy it.
# With --expect-enosys the probe checks for a hypervisor without ioreq.
. /xentest/lib.sh
domid=$(xentest_create /xentest/guest-pl011.cfg -p)
xentest_ok $? "xl create -p guest-pl011.cfg (partial device tree accepted)" ||
	exit 1
/xentest/bin/ioreq_probe "$domid" "$@" > /tmp/probe.tap 2>&1
rc=$?
sed 's/^/XENTEST TAP /' /tmp/probe.tap
xentest_ok "$rc" "ioreq_probe exit status"
xl destroy "$domid"
xentest_ok $? "xl destroy xt-pl011"
