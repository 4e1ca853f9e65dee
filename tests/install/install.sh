#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make install into a scratch root: every file where it belongs, a systemd
# unit that systemd-analyze accepts, manual pages that render without
# warnings, and the Debian dom0 switch-over (dpkg-divert on a scratch dpkg
# database) installed, reported and undone.
. tests/lib/tap.sh

dest=$(mktemp -d /tmp/install-test.XXXXXX)
trap 'rm -rf "$dest"' EXIT
${MAKE:-make} -s install DESTDIR="$dest" PREFIX=/usr >"$dest.log" 2>&1
ok $? "make install DESTDIR=... PREFIX=/usr" || sed 's/^/#   /' "$dest.log"
rm -f "$dest.log"

for f in usr/sbin/xenconsoled:755 usr/bin/xenconsole:755 \
	 usr/bin/xen-pl011-dtb:755 usr/share/man/man1/xen-pl011-dtb.1:644 \
	 usr/share/man/man8/xenconsoled.8:644 usr/share/man/man1/xenconsole.1:644 \
	 usr/lib/systemd/system/xenconsoled.service:644 etc/default/xenconsoled:644 \
	 usr/libexec/xenconsoled-pl011/debian-dom0:755 \
	 usr/libexec/xenconsoled-pl011/pl011-emulator:755; do
	is "$(stat -c %a "$dest/${f%:*}" 2>/dev/null)" "${f#*:}" "/${f%:*} installed, mode ${f#*:}"
done
ls "$dest"/usr/share/doc/xenconsoled-pl011/examples/*.cfg >/dev/null 2>&1
ok $? "example guest configuration installed"

unit=$dest/usr/lib/systemd/system/xenconsoled.service
grep -q '^ExecStart=/usr/sbin/xenconsoled -i ' "$unit"
ok $? "unit runs the installed daemon in the foreground"
# Verify against this host's units, with ExecStart pointing into the root.
sed "s|/usr/sbin/xenconsoled|$dest/usr/sbin/xenconsoled|" "$unit" \
	>"$dest/xenconsoled.service"
out=$(systemd-analyze verify --man=no "$dest/xenconsoled.service" 2>&1)
is "$out" "" "systemd-analyze verify finds nothing to say"

for page in man8/xenconsoled.8 man1/xenconsole.1 man1/xen-pl011-dtb.1; do
	out=$(groff -z -w all -man "$dest/usr/share/man/$page" 2>&1)
	is "$out" "" "$page: groff -w all has no warnings"
	MANWIDTH=80 man -l "$dest/usr/share/man/$page" 2>/dev/null | grep -q '^SYNOPSIS'
	ok $? "$page renders with man -l"
done

# A Debian dom0 in miniature: the tool directory of the Xen release we
# link against, and dpkg's database.
switch="$dest/usr/libexec/xenconsoled-pl011/debian-dom0"
xen_dir=$("$switch" status --root "$dest" | sed -n 's/^Xen .* tools: //p')
case $xen_dir in
/usr/lib/xen-[0-9]*.[0-9]*/bin) ok 0 "debian-dom0 knows its Xen release: $xen_dir" ;;
*) ok 1 "debian-dom0 knows its Xen release (got '$xen_dir')" ;;
esac
xbin=$dest$xen_dir
mkdir -p "$xbin" "$dest/var/lib/dpkg/info"
: >"$dest/var/lib/dpkg/diversions"
: >"$dest/var/lib/dpkg/status"
echo stock-daemon >"$xbin/xenconsoled"
echo stock-client >"$xbin/xenconsole"
chmod 755 "$xbin/xenconsoled" "$xbin/xenconsole"
# What a build for another release left diverted.
old=$dest/usr/lib/xen-4.0/bin
mkdir -p "$old"
echo old-stock >"$old/xenconsoled.stock"
ln -s /usr/sbin/xenconsoled "$old/xenconsoled"
dpkg-divert --root "$dest" --package xenconsoled-pl011 --no-rename \
	--divert /usr/lib/xen-4.0/bin/xenconsoled.stock \
	--add /usr/lib/xen-4.0/bin/xenconsoled >/dev/null
"$switch" install --root "$dest" >/dev/null
ok $? "debian-dom0 install"
is "$(readlink "$xbin/xenconsoled")" /usr/sbin/xenconsoled "Debian's xenconsoled path now runs ours"
is "$(readlink "$xbin/xenconsole")" /usr/bin/xenconsole "xl's xenconsole path now runs ours"
is "$(cat "$xbin/xenconsoled.stock")" stock-daemon "the stock daemon is kept aside"
is "$(cat "$old/xenconsoled")" old-stock "another release's stock daemon is put back"
is "$("$switch" status --root "$dest" | grep -c diverted)" 2 "both diversions recorded by dpkg, no other"
"$switch" install --root "$dest" >/dev/null
ok $? "install again is harmless"
"$switch" uninstall --root "$dest" >/dev/null
ok $? "debian-dom0 uninstall"
is "$(cat "$xbin/xenconsoled")" stock-daemon "stock xenconsoled restored"
is "$(cat "$xbin/xenconsole")" stock-client "stock xenconsole restored"
is "$("$switch" status --root "$dest" | grep -c diverted)" 0 "no diversion left"
tap_done
