# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 13 on real Xen: the hostile emulator (probe.h), against the real
# privcmd and evtchn drivers.  A paused bystander guest has a PL011 of its
# own; for each attempt our daemon is started again with PL011_PROBE and
# the probe build of pl011-emulator, a paused guest created (its emulator
# claims the page, confines itself and tries), the outcome read from the
# daemon's log, the guest destroyed.  Confined, every attempt must fail
# (the restricted handle's errno, or a seccomp kill); unconfined (what the
# same code holds with --pl011-isolation=none) a sample must succeed
# (each attempt boots nothing, but xl create is slow under TCG).  Here,
# unlike on the simulated Xen, the foreign-map, resource-map and bind
# ioctls are not in the emulator's seccomp allowlist at all (it needs
# them only before confining), so those attempts are killed before the
# restricted handle could refuse them.
. /xentest/lib.sh
hostile=/xentest/bin/pl011-emulator

# restart_consoled [VAR=VALUE...]: our daemon again, in that environment,
# with $extra_args after the image's own.
restart_consoled() {
	kill "$(pidof xenconsoled)" 2>/dev/null
	xentest_wait 10 sh -c '! pidof xenconsoled' >/dev/null
	: >"$XENTEST_CONSOLED_ERR"
	# shellcheck disable=SC2046,SC2086
	env "$@" xenconsoled $(cat /xentest/consoled.args) $extra_args \
		>/dev/null 2>>"$XENTEST_CONSOLED_ERR" &
	xentest_wait 10 pidof xenconsoled >/dev/null
}

# paused NAME: a guest with its PL011 claimed, never run; prints its domid
paused() {
	xl create -p /xentest/guest-pl011.cfg "name=\"$1\"" \
		>/tmp/xl-create.log 2>&1 || return 1
	domid=$(xl domid "$1") || return 1
	[ "$XENTEST_PL011_KEYS" != yes ] || xentest_pl011_keys "$domid"
	xentest_wait 30 xenstore-read \
		"/local/domain/$domid/serial/0/tty" >/dev/null 2>&1 &&
		echo "$domid"
}

# attempt NAME UNCONFINED: prints "refused (ERRNO)", "killed" or "succeeded"
attempt() {
	extra_args=--pl011-emulator=$hostile restart_consoled \
		PL011_PROBE="$1" PL011_PROBE_DOMID="$other" \
		PL011_PROBE_UNCONFINED="$2"
	dom=$(paused "xt-probe") || { echo "no guest"; return; }
	xentest_wait 30 grep -q "probe $1: \(succeeded\|refused\)\|forbidden system call" \
		"$XENTEST_CONSOLED_ERR"
	line=$(grep -o "probe $1: \(succeeded\|refused ([A-Z0-9]*)\)\|forbidden system call" \
		"$XENTEST_CONSOLED_ERR" | head -1)
	case $line in
	*"forbidden system call") echo killed ;;
	*) echo "${line#probe $1: }" ;;
	esac
	xl destroy "$dom"
}

other=$(paused xt-bystander)
xentest_ok $? "a paused bystander guest $other with its own PL011" || exit 1
while IFS='|' read -r name confined unconfined; do
	got=$(attempt "$name" 0)
	[ "$got" = "$confined" ]
	xentest_ok $? "confined: $name: $got (want $confined)"
	[ "$unconfined" = - ] && continue
	got=$(attempt "$name" 1)
	[ "$got" = "$unconfined" ]
	xentest_ok $? "unconfined: $name: $got (want $unconfined)"
done <<'PROBES'
map-memory|killed|succeeded
map-ioreq-page|killed|-
create-server|refused (EPERM)|succeeded
set-irq|refused (EPERM)|-
map-range|refused (EPERM)|-
bind-port|killed|-
notify-port|refused (ENOTCONN)|-
hypercall|killed|succeeded
open|killed|succeeded
create|killed|-
unlink|killed|-
execve|killed|-
fork|killed|succeeded
socket|killed|-
signal|killed|succeeded
ptrace|killed|-
mmap-exec|killed|-
PROBES
extra_args= restart_consoled
xl destroy "$other"
xentest_ok $? "bystander destroyed"
