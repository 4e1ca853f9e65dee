# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 6: one guest, three consoles: PV (hvc0), Xen's SBSA
# UART (ttyAMA0) and our PL011 (ttyAMA1); two on the 4.20 route, where
# there is no SBSA UART and ours is ttyAMA0.  The guest writes the same 16
# KiB to each in raw mode between marker lines (xentest.run=three); dom0
# times each from marker to marker in the daemon's logs and checks the
# bytes.  Then the yardstick, in the same boot: the same guest again with
# its PL011 page served by min_responder (no FIFO, never full, no
# interrupt) instead of our daemon; and before it the same guest with its
# UART in our daemon (--pl011-isolation=none) rather than in its emulator
# process (the default), for what the isolation costs.  Prints the table
# and the daemon's statistics of the first guest.
. /xentest/lib.sh
. /xentest/domu/payload.sh
dir=/var/log/xen/console
bytes=16384
guest_args="console=hvc0 quiet rdinit=/init xentest.run=three"
expected=$(xentest_payload | md5sum | cut -d' ' -f1)

# watch LOG DEV: time DEV's markers in LOG, in the background.
watch() {
	/xentest/bin/xentest_tool markers "$1" "XENTEST-BEGIN-$2" \
		"XENTEST-END-$2" 300 > "/tmp/ms-$2-${1##*/}" &
	pids="$pids $!"
}

# row LOG DEV LABEL: check what arrived, print the table row.
row() {
	ms=$(cat "/tmp/ms-$2-${1##*/}")
	got=$(sed -n "/^XENTEST-BEGIN-$2\$/,/^XENTEST-END-$2\$/p" "$1" |
		sed '1d;$d' | md5sum | cut -d' ' -f1)
	[ -n "$ms" ] && [ "$got" = "$expected" ]
	xentest_ok $? "$3: $bytes bytes arrived intact" || xentest_show "$1" 5
	[ -n "$ms" ] || return 0
	xentest_line "TIME three-consoles-$3 $ms"
	awk -v d="$3" -v ms="$ms" -v n="$bytes" 'BEGIN {
		printf "# %-22s %7.2f %9.1f\n", d, n / 1024 / (ms / 1000),
			ms * 1000 / n }'
}

# The consoles as DEV:LOG-SUFFIX, in the order the guest writes them.
consoles="hvc0:"
what="PV, SBSA and PL011"
if [ -n "$XENTEST_VUART_TTY" ]; then
	consoles="$consoles $XENTEST_VUART_TTY:-vuart0"
else
	what="PV and PL011"
fi
consoles="$consoles $XENTEST_PL011_TTY:-serial0"
tty=$XENTEST_PL011_TTY

name=xt-three
pids=""
for c in $consoles; do
	watch "$dir/guest-$name${c#*:}.log" "${c%%:*}"
done
# The kernel console on hvc0: a kernel message (the guest's cat can spend
# seconds in the PL011 driver) must not land in the middle of ttyAMA1's
# payload.  hvc0 is done before ttyAMA1 starts.
domid=$(xentest_pl011_create "$name" "$guest_args")
xentest_ok $? "$name: created with $what consoles" || exit 1
# shellcheck disable=SC2086
wait $pids || xentest_daemon_diag
echo "# console                  KiB/s   us/char   (16 KiB, raw, dom0 clock)"
for c in $consoles; do
	row "$dir/guest-$name${c#*:}.log" "${c%%:*}" "${c%%:*}"
done
xentest_stats "$name"
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"

# The same guest, its UART in the daemon: what the emulator process costs.
xentest_restart_daemon --pl011-isolation=none
name=xt-in-daemon
pids=""
watch "$dir/guest-$name-serial0.log" "$tty"
domid=$(xentest_pl011_create "$name" "$guest_args")
xentest_ok $? "$name: created, its PL011 in the daemon" || exit 1
# shellcheck disable=SC2086
wait $pids || xentest_daemon_diag
row "$dir/guest-$name-serial0.log" "$tty" "$tty-in-daemon"
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
xentest_restart_daemon

# The yardstick.  No serial/0 keys: our daemon leaves the page alone; with
# --pl011=auto it is told to (serial/0/type none, before it sees the guest).
name=xt-minimal
out=$dir/min-responder.out
pids=""
watch "$out" "$tty"
hook=""
if [ "$XENTEST_PL011_KEYS" != yes ]; then
	xentest_pl011_hook "$name" xentest_pl011_optout &
	hook=$!
	sleep 1
fi
xl create -p /xentest/guest-pl011.cfg "name=\"$name\"" "extra=\"$guest_args\"" \
	>/tmp/xl-create.log 2>&1 && domid=$(xl domid "$name") &&
	{ /xentest/bin/min_responder "$domid" "$out" /tmp/min.ready \
		"$XENTEST_PL011_BASE" 2>/tmp/min.err & } &&
	xentest_wait 30 test -e /tmp/min.ready && xl unpause "$domid"
xentest_ok $? "$name: created, its PL011 served by min_responder" || {
	xentest_show /tmp/xl-create.log
	xentest_show /tmp/min.err
	exit 1
}
# shellcheck disable=SC2086
wait $pids
# The hook's xenstore-watch outlives the subshell.
# shellcheck disable=SC2046,SC2086
[ -z "$hook" ] || kill $hook $(pidof xenstore-watch) 2>/dev/null
row "$out" "$tty" "$tty-min-responder"
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
