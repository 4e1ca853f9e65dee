#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Host preparation for `make check-xen` (root, Debian 12, safe to rerun):
# the amd64 packages that cross-build Xen and run QEMU and the arm64
# foreign architecture (so `apt-get download pkg:arm64` works; nothing
# arm64 is installed).  Kept apart from tools/setup-deps so that `make
# check` stays light.  When the archive does not serve a package, it
# prints why on stdout and exits 77 (see archive.sh).
set -eu

here=$(dirname "$0")
# shellcheck source=tests/xen-arm64/route.sh
. "$here/route.sh"
# shellcheck source=tests/xen-arm64/archive.sh
. "$here/archive.sh"

host_packages="
	qemu-system-arm
	gcc-aarch64-linux-gnu
	libc6-dev-arm64-cross
	libfdt-dev
	dpkg-dev
	bison
	flex
	python3
	make
	cpio
	gzip
	xz-utils
	coreutils
"

export DEBIAN_FRONTEND=noninteractive
need_update=0

add_arm64() {
	dpkg --print-foreign-architectures | grep -qx arm64 && return 0
	dpkg --add-architecture arm64
	need_update=1
}

# host_apt COMMAND...: an apt-get command whose failure to get a package
# from the archive skips the routes instead of failing them.
host_apt() {
	status=0
	archive_apt apt-get "$@" >&2 || status=$?
	archive_verdict "$status" "host packages: apt-get $1"
}

missing_packages() {
	for p in $host_packages; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || printf ' %s' "$p"
	done
}

if [ "$(id -u)" -ne 0 ]; then
	echo "setup-host: must run as root (dpkg, apt-get)" >&2
	exit 1
fi
add_arm64
# An arm64 package list is what `apt-get download pkg:arm64` needs.
apt-cache show busybox-static:arm64 >/dev/null 2>&1 || need_update=1
if [ "$need_update" -eq 1 ]; then
	host_apt update -qq
fi
missing=$(missing_packages)
if [ -n "$missing" ]; then
	echo "setup-host: installing:$missing" >&2
	# shellcheck disable=SC2086
	host_apt install -y -qq --no-install-recommends $missing
fi
echo "setup-host: ready" >&2
