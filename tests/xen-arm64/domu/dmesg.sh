# SPDX-License-Identifier: GPL-2.0-only
#
# xentest.run=dmesg: the kernel's own record of what it printed, sent
# through the PV console (hvc0) between marker lines, for dom0 to compare
# with what arrived through the console under test.  Only levels 0-6:
# the console prints below the default console loglevel 7.
{
	echo XENTEST-DMESG-BEGIN
	dmesg -r | sed -n 's/^<[0-6]>//p'
	echo XENTEST-DMESG-END
} > /dev/hvc0
