# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 4: two PL011 guests and a PV-only guest at once; one
# PL011 guest destroyed and created again; the other rebooted with `xl
# reboot` (libxl re-creates it and unpauses it by itself, so its PL011
# keys come from xentest_pl011_hook, the stand-in for toolstack support).
. /xentest/lib.sh
dir=/var/log/xen/console
cmdline="console=ttyAMA1 quiet rdinit=/init"

# up_count_at_least LOG N: N boots of the guest reached /init.
up_count_at_least() {
	[ "$(xentest_count "$1" XENTEST-DOMU-UP)" -ge "$2" ]
}

# wait_up WHAT LOG N: check that the N-th boot reaches /init within 180 s.
wait_up() {
	xentest_wait 180 up_count_at_least "$2" "$3"
	xentest_ok $? "$1: /init line number $3 in $(basename "$2")" ||
		xentest_show "$2"
}

a=$(xentest_pl011_create xt-a "$cmdline")
xentest_ok $? "xt-a: created with its PL011" || exit 1
b=$(xentest_pl011_create xt-b "$cmdline")
xentest_ok $? "xt-b: created with its PL011" || exit 1
pv=$(xentest_create /xentest/guests/pv.cfg)
xentest_ok $? "xt-pv: created (PV console only)" || exit 1
wait_up xt-a "$dir/guest-xt-a-serial0.log" 1
wait_up xt-b "$dir/guest-xt-b-serial0.log" 1
wait_up xt-pv "$dir/guest-xt-pv.log" 1
! xenstore-read "/local/domain/$pv/serial/0/tty" >/dev/null 2>&1
xentest_ok $? "xt-pv got no PL011"

t0=$(xentest_ms)
xl destroy "$b"
xentest_ok $? "xt-b: xl destroy"
b=$(xentest_pl011_create xt-b "$cmdline")
xentest_ok $? "xt-b: created again (dom$b)"
wait_up xt-b "$dir/guest-xt-b-serial0.log" 2
xentest_time xt-b-destroy-to-userspace "$t0"

xentest_pl011_hook xt-a &
t0=$(xentest_ms)
xl reboot xt-a
xentest_ok $? "xt-a: xl reboot"
wait_up "xt-a (rebooted)" "$dir/guest-xt-a-serial0.log" 2
xentest_time xt-a-reboot-to-userspace "$t0"
new_a=$(xl domid xt-a)
[ -n "$new_a" ] && [ "$new_a" != "$a" ]
xentest_ok $? "xt-a: a new domain (dom$a -> dom$new_a)"
# The hook's xenstore-watch (killing the subshell would leave it).
# shellcheck disable=SC2046
kill $(pidof xenstore-watch) 2>/dev/null

grep -qF XENTEST-DOMU-UP "$dir/guest-xt-pv.log" && xl domid xt-pv >/dev/null
xentest_ok $? "xt-pv still running"
for g in xt-a xt-b xt-pv; do
	xl destroy "$g"
	xentest_ok $? "$g: xl destroy"
done
