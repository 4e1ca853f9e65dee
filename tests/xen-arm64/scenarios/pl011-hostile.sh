# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 13 on real Xen: the hostile emulator (probe.h), against the real
# privcmd and evtchn drivers.  A paused bystander guest has a PL011 of its
# own; for each attempt our daemon is started again with PL011_PROBE and
# the probe build of pl011-emulator, a paused guest created (its emulator
# claims the page, confines itself and tries), the outcome read from the
# daemon's log, the guest destroyed.  Confined, every attempt must fail
# (the restricted handle's errno, or a seccomp kill); unconfined (what the
# same code holds with --pl011-isolation=none) each must succeed, but for
# notify-port (Linux's evtchn lets no handle notify a port it did not
# bind) and bind-port (the bystander's ports are all bound: EINVAL, where
# the restricted handle is refused the domain, EACCES).
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
		2>>"$XENTEST_CONSOLED_ERR" &
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
map-memory|refused (EPERM)|succeeded
map-ioreq-page|refused (EPERM)|succeeded
create-server|refused (EPERM)|succeeded
set-irq|refused (EPERM)|succeeded
map-range|refused (EPERM)|succeeded
bind-port|refused (EACCES)|refused (EINVAL)
notify-port|refused (ENOTCONN)|-
hypercall|killed|succeeded
open|killed|succeeded
create|killed|succeeded
unlink|killed|succeeded
execve|killed|succeeded
fork|killed|succeeded
socket|killed|succeeded
signal|killed|succeeded
ptrace|killed|succeeded
mmap-exec|killed|succeeded
PROBES
extra_args= restart_consoled
xl destroy "$other"
xentest_ok $? "bystander destroyed"
