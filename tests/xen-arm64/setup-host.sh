#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Host preparation for `make check-xen` (root, Debian 12, safe to rerun):
# the amd64 packages that cross-build Xen and run QEMU, the arm64 foreign
# architecture (so `apt-get download pkg:arm64` works; nothing arm64 is
# installed) and deb-src entries for Debian's `xen` source package.
# Kept apart from tools/setup-deps so that `make check` stays light.
set -eu

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
src_list=/etc/apt/sources.list.d/xenconsoled-pl011-src.sources

need_update=0

add_arm64() {
	dpkg --print-foreign-architectures | grep -qx arm64 && return 0
	dpkg --add-architecture arm64
	need_update=1
}

# deb-src for bookworm and bookworm-security, unless some list has them.
add_deb_src() {
	# shellcheck disable=SC2016 # apt's own $(FIELD) syntax
	apt-get indextargets --format '$(CREATED_BY)' 2>/dev/null |
		grep -qx Sources && return 0
	cat > "$src_list" <<'SRC'
# Written by tests/xen-arm64/setup-host.sh: the Xen source package.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	need_update=1
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
add_deb_src
# An arm64 package list is what `apt-get download pkg:arm64` needs.
apt-cache show busybox-static:arm64 >/dev/null 2>&1 || need_update=1
if [ "$need_update" -eq 1 ]; then
	apt-get update -qq
fi
missing=$(missing_packages)
if [ -n "$missing" ]; then
	echo "setup-host: installing:$missing"
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends $missing
fi
echo "setup-host: ready"
