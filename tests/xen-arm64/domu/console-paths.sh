# SPDX-License-Identifier: GPL-2.0-only
#
# xentest.run=console-paths: the same 16 KiB twice on the kernel console
# (console=DEV), each between marker lines dom0 times: first through
# printk (each line written to /dev/kmsg at level 3, which the kernel's
# console write prints character by character, polling FR as a boot log
# is written), then through the tty in raw mode (Linux's interrupt-driven
# path, as `cat file >/dev/ttyAMA1` takes); then the tty as it was, for
# the shell init starts next, and with xentest.beside=DEV a second shell
# on DEV, for dom0 to type into in turn with the first.
. /xentest/payload.sh
dev=$(sed -n 's/.*console=\([^ ,]*\).*/\1/p' /proc/cmdline)
xentest_payload > /tmp/payload
echo "<3>XENTEST-BEGIN-printk" > /dev/kmsg
while read -r line; do
	echo "<3>$line" > /dev/kmsg
done < /tmp/payload
echo "<3>XENTEST-END-printk" > /dev/kmsg
sleep 1
# Nothing from the kernel in the middle of the tty's payload (a slow
# console makes for RCU stall warnings), only emergencies.
dmesg -n 1
exec 4<>"/dev/$dev"
saved=$(stty -g <&4)
stty raw -echo <&4
{
	echo "XENTEST-BEGIN-tty"
	cat /tmp/payload
	echo "XENTEST-END-tty"
} >&4
# The tty as it was for the shell that init starts on it next (the
# console stays open, raw mode would outlive us): dom0 types commands.
stty "$saved" <&4
exec 4>&-
beside=$(sed -n 's/.*xentest\.beside=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$beside" ]; then
	# Its own session, DEV its controlling terminal (the session
	# leader's first open of it), as cttyhack gives the first shell.
	setsid sh -c "exec sh -i <>/dev/$beside >&0 2>&0" &
fi
