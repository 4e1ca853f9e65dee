# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 6: one guest, three consoles: PV (hvc0), Xen's SBSA
# UART (ttyAMA0) and our PL011 (ttyAMA1).  The guest writes the same 16
# KiB to each in raw mode between marker lines (xentest.run=three); dom0
# times each from marker to marker in the daemon's logs and checks the
# bytes.  Then the yardstick, in the same boot: the same guest again with
# its PL011 page served by min_responder (no FIFO, never full, no
# interrupt) instead of our daemon.  Prints the table and the daemon's
# statistics of the first guest.
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

name=xt-three
pids=""
watch "$dir/guest-$name.log" hvc0
watch "$dir/guest-$name-vuart0.log" ttyAMA0
watch "$dir/guest-$name-serial0.log" ttyAMA1
# The kernel console on hvc0: a kernel message (the guest's cat can spend
# seconds in the PL011 driver) must not land in the middle of ttyAMA1's
# payload.  hvc0 is done before ttyAMA1 starts.
domid=$(xentest_pl011_create "$name" "$guest_args")
xentest_ok $? "$name: created with PV, SBSA and PL011 consoles" || exit 1
# shellcheck disable=SC2086
wait $pids || xentest_daemon_diag
echo "# console                  KiB/s   us/char   (16 KiB, raw, dom0 clock)"
row "$dir/guest-$name.log" hvc0 hvc0
row "$dir/guest-$name-vuart0.log" ttyAMA0 ttyAMA0
row "$dir/guest-$name-serial0.log" ttyAMA1 ttyAMA1
timeout 10 /xentest/bin/xentest_tool stats /var/run/xen/xenconsoled.sock |
	grep -F "\"name\": \"$name\"" | sed 's/^ */# stats: /'
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"

# The yardstick.  No serial/0 keys: our daemon leaves the page alone.
name=xt-minimal
out=$dir/min-responder.out
pids=""
watch "$out" ttyAMA1
xl create -p /xentest/guest-pl011.cfg "name=\"$name\"" "extra=\"$guest_args\"" \
	>/tmp/xl-create.log 2>&1 && domid=$(xl domid "$name") &&
	{ /xentest/bin/min_responder "$domid" "$out" /tmp/min.ready \
		2>/tmp/min.err & } &&
	xentest_wait 30 test -e /tmp/min.ready && xl unpause "$domid"
xentest_ok $? "$name: created, its PL011 served by min_responder" || {
	xentest_show /tmp/xl-create.log
	xentest_show /tmp/min.err
	exit 1
}
# shellcheck disable=SC2086
wait $pids
row "$out" ttyAMA1 ttyAMA1-min-responder
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
