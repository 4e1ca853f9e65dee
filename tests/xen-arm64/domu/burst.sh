# SPDX-License-Identifier: GPL-2.0-only
#
# xentest.run=burst (the ioreq-trace scenarios): says READY on the kernel
# console (hvc0), leaves dom0 3 s to start xentrace, then writes
# xentest.bytes bytes (default 1024) in raw mode to our PL011
# (xentest.tty, e.g. ttyAMA1) between BEGIN and END lines on hvc0.
arg() {
	sed -n "s/.*xentest\.$1=\([^ ]*\).*/\1/p" /proc/cmdline
}
tty=$(arg tty)
bytes=$(arg bytes)
echo "XENTEST-BURST-READY"
sleep 3
exec 4<>"/dev/${tty:-ttyAMA1}"
stty raw -echo <&4
echo "XENTEST-BURST-BEGIN"
head -c "${bytes:-1024}" /dev/zero | tr '\0' 'x' >&4
# The driver's buffer empties into the UART before close returns.
exec 4>&-
echo "XENTEST-BURST-END"
