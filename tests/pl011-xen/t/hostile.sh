#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The hostile emulator (tools/console/daemon/probe.h): a test build of
# pl011-emulator that, once confined, tries what a guest that took its
# emulator over would try.  Each attempt runs in a fresh emulator (a new
# guest under a daemon started with PL011_PROBE=NAME) and must fail: the
# Xen calls on another domain refused by the restricted handles with the
# Linux driver's errno, everything else killed by the seccomp filter
# (the daemon counts and logs that).  The same attempt made with the
# emulator unconfined, as the code runs inside the daemon with
# --pl011-isolation=none, must succeed: so the test can fail.
. tests/pl011-xen/lib.sh
px_setup "$@"
HOSTILE=$XENSIM_BUILD/probes/tools/console/daemon/pl011-emulator

# The other domain: a guest with a PL011 of its own (an ioreq server to
# map, ports to bind), served by a plain daemon and left running.
px_daemon
other=$(px_create bystander) && px_serial "$other" &&
	px_tty "$other" serial/0 >/dev/null
ok $? "a bystander guest $other with its own PL011"
xensim_kill xenconsoled			# its emulator keeps serving it

# attempt NAME [unconfined]: "refused (ERRNO)", "killed" or "succeeded"
attempt() {
	local name=$1 unconfined=${2:-0} dom err=$XENSIM_DIR/xenconsoled.err line

	PL011_PROBE=$name PL011_PROBE_DOMID=$other \
	PL011_PROBE_UNCONFINED=$unconfined px_daemon --pl011-emulator="$HOSTILE"
	dom=$(px_create "probe-$name-$unconfined") && px_serial "$dom" || return 1
	xensim_wait 10 grep -q "probe $name: \(succeeded\|refused\|unknown\)\|forbidden system call" "$err"
	line=$(grep -o "probe $name: \(succeeded\|refused ([A-Z0-9]*)\|unknown\)\|forbidden system call" "$err" | head -1)
	case $line in
	*"forbidden system call") echo killed ;;
	*) echo "${line#probe $name: }" ;;
	esac
	"$XENSIM_BIN/xensim" destroy "$dom"
	xensim_wait 10 sh -c "! pgrep -P $(px_daemon_pid) -x pl011-emulator"
	xensim_kill xenconsoled
	: >"$err"
}

# Xen on another domain: the restricted handle's errno.  The rest: killed.
# Unconfined, each succeeds, but for three: the simulation has no privcmd
# for a raw hypercall (real Xen: tests/xen-arm64); Linux lets no event
# channel handle notify a port it did not bind, restricted or not; and
# every port the bystander offers dom0 is bound already (by xenstored and
# its daemon), so an unrestricted bind meets a busy port (EINVAL), where
# the restricted one is refused the domain itself (EACCES).
while read -r name confined; do
	got=$(attempt "$name")
	is "$got" "$confined" "confined: $name"
	case $name in
	hypercall|notify-port) continue ;;
	bind-port) want="refused (EINVAL)" ;;
	*) want=succeeded ;;
	esac
	got=$(attempt "$name" 1)
	is "$got" "$want" "unconfined (as in --pl011-isolation=none): $name"
done <<'PROBES'
map-memory refused (EPERM)
map-ioreq-page refused (EPERM)
create-server refused (EPERM)
set-irq refused (EPERM)
map-range refused (EPERM)
bind-port refused (EACCES)
notify-port refused (ENOTCONN)
hypercall killed
open killed
create killed
unlink killed
execve killed
fork killed
socket killed
signal killed
ptrace killed
mmap-exec killed
PROBES

# --- what a confined emulator is -------------------------------------------------
px_daemon
dom=$(px_create plain) && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null
emu=$(pgrep -P "$(px_daemon_pid)" -x pl011-emulator | head -1)
base=$(sed -n 's/.*PL011 emulators: .*, uids \([0-9]*\) + domid.*/\1/p' \
	"$XENSIM_DIR/xenconsoled.err" | head -1)
uid=$((base + dom))
status=/proc/$emu/status
is "$(awk '/^Uid:/ { print $2, $3, $4 }' "$status")" "$uid $uid $uid" \
	"its uid is base + domid, in all three slots"
is "$(awk '/^Gid:/ { print $2, $3, $4 }' "$status")" "$uid $uid $uid" \
	"and its gid"
is "$(awk '/^Groups:/ { print NF - 1 }' "$status")" 0 "no supplementary groups"
is "$(awk '/^CapEff:/ { print $2 }' "$status")" 0000000000000000 "no capabilities"
is "$(awk '/^NoNewPrivs:/ { print $2 }' "$status")" 1 "no new privileges"
is "$(awk '/^Seccomp:/ { print $2 }' "$status")" 2 "a seccomp filter"
is "$(readlink /proc/"$emu"/root)" "$XENSIM_DIR/state/empty" "root: the empty directory"
is "$(ls -A "$XENSIM_DIR/state/empty" | wc -l)" 0 "which is empty"
tap_done
