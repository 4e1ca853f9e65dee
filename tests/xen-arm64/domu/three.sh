# SPDX-License-Identifier: GPL-2.0-only
#
# xentest.run=three: the same 16 KiB to the PV console (hvc0), Xen's SBSA
# UART (ttyAMA0) and our PL011 (ttyAMA1), one after the other, each in
# raw mode between marker lines that dom0 times.  Without an SBSA UART
# (the 4.20 route) ours is ttyAMA0 and there is no ttyAMA1.
. /xentest/payload.sh
xentest_payload > /tmp/payload
for dev in hvc0 ttyAMA0 ttyAMA1; do
	[ -e "/dev/$dev" ] || continue
	exec 4<>"/dev/$dev"
	stty raw -echo <&4
	{
		echo "XENTEST-BEGIN-$dev"
		cat /tmp/payload
		echo "XENTEST-END-$dev"
	} >&4
	exec 4>&-
	sleep 1
done
