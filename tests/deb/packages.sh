#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The xenconsoled-pl011 package (make deb) in a throwaway Debian root of
# this host's release that has Debian's xen-utils of the Xen release the
# package was built for: installed (diversions, unit, manual pages, the
# stock paths run ours), installed again, removed (Debian's binaries back
# byte for byte) and purged (nothing of ours left).  The root comes from
# the Debian archive through mmdebstrap once, then from a tarball in the
# real-Xen harness's cache; without the archive the test is a skip with
# the reason.  dpkg only ever runs chrooted into the root, never on the
# host's database.
. tests/lib/tap.sh
# shellcheck source=tests/xen-arm64/route.sh
. tests/xen-arm64/route.sh

PACKAGE=xenconsoled-pl011

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

[ "$(id -u)" -eq 0 ] || skip_all "needs root (chroot)"
command -v mmdebstrap >/dev/null || skip_all "no mmdebstrap (tools/setup-deps installs it)"

work=$(mktemp -d /tmp/deb-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/root

# What the host's dpkg says about us, to compare at the end.
host_state() {
	dpkg-query -W -f '${db:Status-Abbrev}\n' "$PACKAGE" 2>&1
	dpkg-divert --list | grep -F "by $PACKAGE"
}
host_before=$(host_state)

# The Xen release the package is built for: its xen-utils is what the
# package diverts and depends on.
release=$(${MAKE:-make} -s --no-print-directory print-xen-release)
xen_utils=xen-utils-$release
xen_bin=/usr/lib/xen-$release/bin

# The root (first: without it there is nothing to test): this host's
# release, so that the package's library versions are there; its tarball
# is named after the host's libxen-dev, whose version the package's
# dependencies ask for at least.
. /etc/os-release
suite=$VERSION_CODENAME
arch=$(dpkg --print-architecture)
libxen=$(dpkg-query -W -f '${Version}' libxen-dev)
# Besides minbase: the Xen tools we divert, and the libraries our binaries
# link beyond Xen's (libyajl2 comes with the tools; libfdt1 does not).
root_packages="$xen_utils libyajl2 libfdt1"
tarballs=$route_cache/debian-root
tarball=$tarballs/$suite-$arch-$xen_utils-$libxen-$(echo "$root_packages" |
	sha256sum | cut -c1-8).tar

make_root() {
	mkdir -p "$tarballs"
	mmdebstrap --variant=minbase --format=tar \
		--include="$(echo "$root_packages" | tr ' ' ,)" \
		"$suite" "$tarball.tmp" \
		"deb http://deb.debian.org/debian $suite $suite-updates main" \
		"deb http://deb.debian.org/debian-security $suite-security main" \
		>"$work/mmdebstrap.log" 2>&1 || return 1
	rm -f "$tarballs/$suite-$arch-$xen_utils-"*.tar
	mv "$tarball.tmp" "$tarball"
}

if [ -f "$tarball" ]; then
	diag "root from $tarball"
elif ! make_root; then
	rm -f "$tarball.tmp"
	why=$(grep -m1 -E 'Failed to fetch|Unable to locate package|Temporary failure|Could not (resolve|connect)|Unable to connect|no Release file|has no installation candidate' \
		"$work/mmdebstrap.log" | sed 's/^[[:space:]]*//')
	[ -n "$why" ] && skip_all "the Debian archive: $why"
	ok 1 "mmdebstrap made a $suite root with $root_packages"
	tail -n 30 "$work/mmdebstrap.log" | sed 's/^/#   /'
	tap_done
	exit
else
	diag "root made from the archive, kept as $tarball"
fi

if ! ${MAKE:-make} -s deb DEB_DIR="$work/deb" >"$work/build.log" 2>&1; then
	ok 1 "make deb"
	tail -n 30 "$work/build.log" | sed 's/^/#   /'
	tap_done
	exit
fi
ok 0 "make deb (lintian: no errors)"
deb=$(echo "$work"/deb/${PACKAGE}_*.deb)
is "$(dpkg-deb -f "$deb" Depends | grep -o 'xen-utils-[0-9][0-9.]*')" "$xen_utils" \
	"the package depends on the xen-utils of the release it diverts"

mkdir "$root"
tar -xf "$tarball" --numeric-owner -C "$root"
ok $? "unpacked a $suite root with $xen_utils"

in_root() {
	chroot "$root" "$@"
}

# Runs the binary at PATH in the root with ARG; prints what it says.
says() {
	in_root "$1" "$2" 2>&1
}

# Debian's binaries before we come: checksums, and what they answer.
stock_sums=$(in_root sha256sum "$xen_bin/xenconsoled" "$xen_bin/xenconsole")
diversions_before=$(in_root dpkg-divert --list | sort)
says "$xen_bin/xenconsoled" --version | grep -q 'PL011'
ok $((! $?)) "the stock daemon is not ours (its --version names no PL011)"
says "$xen_bin/xenconsole" --help | grep -q -e '--stats'
ok $((! $?)) "the stock client is not ours (no --stats)"

cp "$deb" "$root/tmp/"
dpkg_in_root() {
	in_root dpkg "$@" >"$work/dpkg.log" 2>&1
	local status=$?
	[ $status -eq 0 ] || sed 's/^/#   /' "$work/dpkg.log"
	return $status
}

check_installed() {
	is "$(in_root dpkg-divert --list | grep -F "by $PACKAGE" | sort)" \
"diversion of $xen_bin/xenconsole to $xen_bin/xenconsole.stock by $PACKAGE
diversion of $xen_bin/xenconsoled to $xen_bin/xenconsoled.stock by $PACKAGE" \
		"$1: both stock binaries diverted with dpkg-divert"
	is "$(in_root sha256sum "$xen_bin/xenconsoled.stock" "$xen_bin/xenconsole.stock" | cut -d' ' -f1)" \
		"$(echo "$stock_sums" | cut -d' ' -f1)" "$1: the stock binaries kept aside unchanged"
	says "$xen_bin/xenconsoled" --version | grep -q 'with PL011 backend'
	ok $? "$1: $xen_bin/xenconsoled runs our daemon"
	says "$xen_bin/xenconsole" --help | grep -q -e '--stats'
	ok $? "$1: $xen_bin/xenconsole runs our client"
}

dpkg_in_root -i "/tmp/${deb##*/}"
ok $? "dpkg -i $PACKAGE"
check_installed install

unit=$(in_root dpkg -L "$PACKAGE" | grep '/systemd/system/xenconsoled.service$')
exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$root$unit")
[ -n "$unit" ] && [ -x "$root$exec_start" ]
ok $? "the unit ($unit) starts an installed daemon ($exec_start)"
is "$(systemctl --root="$root" is-enabled xenconsoled.service 2>&1)" disabled \
	"the unit is not enabled (Debian's init script starts the daemon)"
for page in man8/xenconsoled.8.gz man1/xenconsole.1.gz; do
	MANWIDTH=80 man -l "$root/usr/share/man/$page" 2>/dev/null | grep -q '^SYNOPSIS'
	ok $? "$page installed and renders"
done

dpkg_in_root -i "/tmp/${deb##*/}"
ok $? "dpkg -i again (an upgrade to the same version)"
check_installed reinstall

ours=$(in_root dpkg -L "$PACKAGE" | while read -r f; do
	[ -d "$root$f" ] || echo "$f"
done)

dpkg_in_root -r "$PACKAGE"
ok $? "dpkg -r $PACKAGE"
is "$(in_root dpkg-divert --list | sort)" "$diversions_before" "remove: no diversion of ours left"
is "$(in_root sha256sum "$xen_bin/xenconsoled" "$xen_bin/xenconsole")" "$stock_sums" \
	"remove: Debian's binaries are back, byte for byte"
! [ -L "$root$xen_bin/xenconsoled" ] && ! [ -L "$root$xen_bin/xenconsole" ] &&
	! [ -e "$root$xen_bin/xenconsoled.stock" ] && ! [ -e "$root$xen_bin/xenconsole.stock" ]
ok $? "remove: no link or .stock copy left in $xen_bin"

dpkg_in_root -P "$PACKAGE"
ok $? "dpkg -P $PACKAGE"
in_root dpkg-query -W "$PACKAGE" >/dev/null 2>&1
ok $((! $?)) "purge: dpkg knows no $PACKAGE"
left=""
for f in $ours; do
	if [ -e "$root$f" ] || [ -L "$root$f" ] || in_root dpkg -S "$f" >/dev/null 2>&1; then
		left="$left $f"
	fi
done
is "$left" "" "purge: none of the package's $(echo "$ours" | wc -w) files remains or is owned"
is "$(in_root dpkg-divert --list | sort)" "$diversions_before" "purge: diversions as before"
is "$(host_state)" "$host_before" "the host's dpkg database knows nothing new of $PACKAGE"
tap_done
