# SPDX-License-Identifier: GPL-2.0-only
#
# Not a scenario: the body shared by the PL011 boot-log scenarios.
# pl011_log_scenario NAME exact|in-order CMDLINE TEXT...: boot
# guest-pl011.cfg as NAME with the kernel console on our PL011 (CMDLINE),
# XENTEST_PL011_TTY at XENTEST_PL011_BASE (lib.sh),
# wait for its /init's line in the PL011 log, check the AMBA probe and
# each TEXT are there, and that every kernel line is there byte for byte:
# the guest sends its own dmesg through the PV console (xentest.run=dmesg)
# for comparison.  exact: the log's kernel lines start with exactly the
# dmesg lines; in-order: each dmesg line is there, in order, other lines
# may come between (earlycon's hand-over to the driver repeats a few).

# Kernel lines of a console log, line ends as the kernel wrote them
# ("\r\n" on a serial console) turned into "\n".
kernel_lines() {
	tr -d '\r' < "$1" | grep -E '^\[ *[0-9]+\.[0-9]+\] '
}

# What the guest's dmesg said, from between its markers in the PV log.
dmesg_lines() {
	tr -d '\r' < "$1" |
		sed -n '/^XENTEST-DMESG-BEGIN$/,/^XENTEST-DMESG-END$/p' |
		sed '1d;$d'
}

# Every line of file $1 in file $2, in order; prints the lines of $2
# that were skipped.  (Busybox awk's want[n++] with n unset stores the
# first line under "", hence the explicit start.)
in_order() {
	awk 'BEGIN { n = 0; i = 0 }
		FILENAME == ARGV[1] { want[n] = $0; n++; next }
		i < n && $0 == want[i] { i++; next }
		{ print "# extra line: " $0 }
		END { if (i < n) { print "# missing: " want[i]; exit 1 } }' \
		"$1" "$2"
}

# compare_with_dmesg exact|in-order LOG PVLOG
compare_with_dmesg() {
	mode=$1 log=$2 pvlog=$3
	dmesg_lines "$pvlog" > /tmp/dmesg.txt
	kernel_lines "$log" > /tmp/console.txt
	n=$(wc -l < /tmp/dmesg.txt)
	echo "# dmesg: $n lines, PL011 log: $(wc -l < /tmp/console.txt)" \
		"kernel lines"
	[ "$n" -gt 100 ] || return 1
	if [ "$mode" = exact ]; then
		head -n "$n" /tmp/console.txt | cmp - /tmp/dmesg.txt >&2
	else
		in_order /tmp/dmesg.txt /tmp/console.txt
	fi
}

pl011_log_scenario() {
	name=$1 mode=$2 cmdline=$3
	shift 3
	dir=/var/log/xen/console
	log=$dir/guest-$name-serial0.log
	t0=$(xentest_ms)
	how="PL011 keys, claimed"
	[ "$XENTEST_PL011_KEYS" = yes ] || how="PL011 claimed (--pl011=auto)"
	domid=$(xentest_pl011_create "$name" "$cmdline xentest.run=dmesg")
	xentest_ok $? "$name: xl create -p, $how, unpaused" || return 1
	xentest_wait_text 200 "$log" XENTEST-DOMU-UP
	up=$?
	xentest_time "$name-unpause-to-userspace" "$t0"
	xentest_ok "$up" "$name: domU /init line in $(basename "$log")"
	base=$XENTEST_PL011_BASE
	for text in "Booting Linux on physical CPU" \
		"${base#0x}.uart: $XENTEST_PL011_TTY at MMIO $base (irq = " \
		"is a PL011 rev3" "$@"; do
		grep -qF "$text" "$log"
		xentest_ok $? "$name: PL011 log has \"$text\""
	done
	xentest_wait_text 60 "$dir/guest-$name.log" XENTEST-DMESG-END
	compare_with_dmesg "$mode" "$log" "$dir/guest-$name.log"
	xentest_ok $? "$name: every kernel line in the PL011 log, byte-exact," \
		"$mode (dmesg sent over hvc0 as the reference)"
	[ "$up" -eq 0 ] || { xentest_show "$log"; xentest_show \
		"$XENTEST_CONSOLED_ERR"; }
	echo "# $(wc -c < "$log") bytes in $(basename "$log")"
	xl destroy "$domid"
	xentest_ok $? "$name: xl destroy"
}
