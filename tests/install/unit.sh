#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The installed systemd unit's confinement: systemd-analyze security
# --offline rates it 4.0 or better (unconfined it was 9.6, "UNSAFE"), and
# it still grants what the daemon and its PL011 emulators need, which no
# score would miss: the emulators outliving the daemon, its writable
# directories, the capabilities the emulators confine themselves with, the
# Xen devices its libraries open, and ptys.  No unit can be started here
# (no systemd as PID 1), so this reads the unit; the reasoning behind each
# directive is in the unit's comments.
. tests/lib/tap.sh

MAX_EXPOSURE=4.0

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

command -v systemd-analyze >/dev/null || skip_all "no systemd-analyze"
systemd-analyze --help 2>/dev/null | grep -q -e '--offline' ||
	skip_all "systemd-analyze has no --offline (systemd 250 or later)"

dest=$(mktemp -d /tmp/unit-test.XXXXXX)
trap 'rm -rf "$dest"' EXIT
${MAKE:-make} -s install DESTDIR="$dest" PREFIX=/usr >"$dest/make.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr" || sed 's/^/#   /' "$dest/make.log"
unit=$dest/usr/lib/systemd/system/xenconsoled.service
daemon=$dest/usr/sbin/xenconsoled

report=$(systemd-analyze security --offline=yes "$unit" 2>&1)
status=$?
exposure=$(printf '%s\n' "$report" |
	sed -n 's/.*Overall exposure level for [^:]*: \([0-9][0-9.]*\).*/\1/p')
if [ $status -ne 0 ] && [ -z "$exposure" ] &&
   printf '%s\n' "$report" | grep -qi 'unrecognized option\|unknown option'; then
	skip_all "systemd-analyze security cannot analyse offline"
fi
[ -n "$exposure" ] && awk -v e="$exposure" -v max="$MAX_EXPOSURE" \
	'BEGIN { exit !(e + 0 <= max + 0) }'
ok $? "systemd-analyze security --offline: exposure ${exposure:-unknown}, at most $MAX_EXPOSURE" ||
	printf '%s\n' "$report" | sed 's/^/#   /'

# has LINE WHY: the unit has LINE, exactly.
has() {
	grep -qxF -e "$1" "$unit"
	ok $? "unit has $1 ($2)"
}

has KillMode=process "PL011 emulators outlive a daemon restart"
has ReadWritePaths=/run/xen "pid file, statistics socket, state directory"
has RuntimeDirectory=xen/xenconsoled "the state directory exists"
has RuntimeDirectoryPreserve=yes "a stop keeps the PL011 state"
has LogsDirectory=xen/console "the default log directory is writable"
has LimitNOFILE=32768 "the descriptors it asks for, without CAP_SYS_RESOURCE"
has PrivateNetwork=yes "emulators cannot unshare their own"
has PrivateIPC=yes "emulators cannot unshare their own"
has RestrictAddressFamilies=AF_UNIX "xenstored, syslog and the statistics socket"
has "DeviceAllow=/dev/ptmx rw" "ptys"
has "DeviceAllow=char-pts rw" "ptys"

# Lists merge over lines; with none at all, everything is allowed.
caps=$(sed -n 's/^CapabilityBoundingSet=\([^~]\)/\1/p' "$unit" | tr '\n' ' ')
for cap in CAP_SETUID CAP_SETGID CAP_SYS_CHROOT CAP_KILL; do
	case " $caps " in
	"  " | *" $cap "*) ok 0 "bounding set keeps $cap" ;;
	*) ok 1 "bounding set keeps $cap (has: $caps)" ;;
	esac
done
calls=$(sed -n 's/^SystemCallFilter=\([^~]\)/\1/p' "$unit" | tr '\n' ' ')
for call in @system-service chroot seccomp; do
	case " $calls " in
	"  " | *" $call "*) ok 0 "system calls allowed include $call" ;;
	*) ok 1 "system calls allowed include $call (allowed: $calls)" ;;
	esac
done

# Every /dev/xen node the daemon's Xen libraries name, except gntalloc:
# libxengnttab's grant-sharing half, which the daemon does not use.
mapfile -t libs < <(ldd "$daemon" 2>/dev/null | awk '$3 ~ /\/libxen/ { print $3 }')
devices=
[ ${#libs[@]} -gt 0 ] &&
	devices=$(strings -a "${libs[@]}" | grep -x '/dev/xen/[a-z_]*' |
		  grep -vx /dev/xen/gntalloc | sort -u)
[ -n "$devices" ] || {
	diag "no Xen library found through ldd: checking the known nodes"
	devices="/dev/xen/privcmd /dev/xen/hypercall /dev/xen/evtchn /dev/xen/gntdev /dev/xen/xenbus"
}
for node in $devices; do
	has "DeviceAllow=$node rw" "a node the Xen libraries open"
done
tap_done
