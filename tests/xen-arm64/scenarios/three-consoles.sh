# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 6: one guest, three consoles: PV (hvc0), Xen's SBSA
# UART (ttyAMA0) and our PL011 (ttyAMA1).  The guest writes the same 16
# KiB to each in raw mode between marker lines (xentest.run=three); dom0
# times each from marker to marker in the daemon's logs and checks the
# bytes.  Prints the table and the daemon's statistics of the guest.
. /xentest/lib.sh
. /xentest/domu/payload.sh
name=xt-three
dir=/var/log/xen/console
bytes=16384

log_of() {
	case $1 in
	hvc0) echo "$dir/guest-$name.log" ;;
	ttyAMA0) echo "$dir/guest-$name-vuart0.log" ;;
	ttyAMA1) echo "$dir/guest-$name-serial0.log" ;;
	esac
}

# What arrived between the markers, byte for byte.
between_markers() {
	sed -n "/^XENTEST-BEGIN-$2\$/,/^XENTEST-END-$2\$/p" "$1" | sed '1d;$d'
}

pids=""
for dev in hvc0 ttyAMA0 ttyAMA1; do
	/xentest/bin/xentest_tool markers "$(log_of $dev)" \
		"XENTEST-BEGIN-$dev" "XENTEST-END-$dev" 300 > "/tmp/ms-$dev" &
	pids="$pids $!"
done
# The kernel console on hvc0: a kernel message (a soft lockup report: the
# guest's cat spends seconds in the PL011 driver) must not land in the
# middle of ttyAMA1's payload.  hvc0 is done before ttyAMA1 starts.
domid=$(xentest_pl011_create "$name" \
	"console=hvc0 quiet rdinit=/init xentest.run=three")
xentest_ok $? "$name: created with PV, SBSA and PL011 consoles" || exit 1
# shellcheck disable=SC2086
wait $pids || xentest_daemon_diag
expected=$(xentest_payload | md5sum | cut -d' ' -f1)
echo "# console   KiB/s   us/char   (16 KiB, raw, dom0 clock)"
for dev in hvc0 ttyAMA0 ttyAMA1; do
	ms=$(cat "/tmp/ms-$dev")
	got=$(between_markers "$(log_of $dev)" "$dev" | md5sum | cut -d' ' -f1)
	[ -n "$ms" ] && [ "$got" = "$expected" ]
	xentest_ok $? "$dev: $bytes bytes arrived intact" ||
		xentest_show "$(log_of $dev)" 5
	[ -n "$ms" ] || continue
	xentest_line "TIME three-consoles-$dev $ms"
	awk -v d="$dev" -v ms="$ms" -v n="$bytes" 'BEGIN {
		printf "# %-9s %7.2f %9.1f\n", d, n / 1024 / (ms / 1000),
			ms * 1000 / n }'
done
timeout 10 /xentest/bin/xentest_tool stats /var/run/xen/xenconsoled.sock |
	grep -F "\"name\": \"$name\"" | sed 's/^ */# stats: /'
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
