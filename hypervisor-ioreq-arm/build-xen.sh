#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Cross-build the arm64 Xen hypervisor (only the hypervisor) from Debian's
# `xen` source package of the route's suite (XEN_ROUTE, see
# tests/xen-arm64/route.sh: 4.17 from Debian 12, the default, or 4.20 from
# Debian 13) with ioreq.config applied, and cache the result
# outside the clone.  Prints the path of the cached `xen` binary on stdout;
# progress goes to stderr.  A second run with the same source version and
# configuration only prints the path.
#
# Needs deb-src entries and the cross compiler (tests/xen-arm64/setup-host.sh
# provides both; for 4.20 route.sh's own apt configuration has the
# deb-src).  A cached build needs no network.  Environment:
#   XEN_ROUTE         4.17 (default) or 4.20
#   XEN_SRC_VERSIONS  source versions to try, in order; "all" means every
#                     version apt knows, newest first (default: the route's
#                     pinned version that was tested, then all)
#   XEN_CACHE         cache root (default ~/.cache/xenconsoled-pl011)
#   XEN_BUILD_JOBS    make -j (default: number of CPUs)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/xen-arm64/route.sh
. "$here/../tests/xen-arm64/route.sh"
fragment=$here/ioreq.config
cache=$route_cache
versions=${XEN_SRC_VERSIONS:-$route_src_versions}
jobs=${XEN_BUILD_JOBS:-$(nproc)}
cross=aarch64-linux-gnu-
# Bump when the way the hypervisor is built changes, to invalidate caches.
recipe=1

say() { echo "build-xen: $*" >&2; }

# Expand "all" into every source version apt knows, newest first.
expand_versions() {
	for v in $versions; do
		if [ "$v" = all ]; then
			route_apt apt-cache showsrc xen 2>/dev/null |
				sed -n 's/^Version: //p' | sort -rV
		else
			echo "$v"
		fi
	done
}

# The source of version $1 in the cache (dpkg names its files without the
# epoch), downloaded first unless it is already there: its .dsc, or when
# the mirror has the tarballs but no .dsc (Debian 13's xen on
# deb.debian.org, 2026-11), "ORIG DEBIAN": apt checked both against the
# signed Sources index before keeping them.
source_files() {
	cached_source "$1" && return 0
	mkdir -p "$cache/xen-src"
	# It fails when any file is missing, but keeps those it fetched.
	# shellcheck disable=SC2046 # one word per option
	(cd "$cache/xen-src" && timeout 600 apt-get source -qq \
		--download-only -o APT::Sandbox::User=root \
		$(route_apt_options) "xen=$1") >&2 || :
	cached_source "$1"
}

cached_source() {
	v=${1#*:}
	src=$cache/xen-src
	if [ -f "$src/xen_$v.dsc" ]; then
		echo "$src/xen_$v.dsc"
	elif [ -f "$src/xen_${v%-*}.orig.tar.xz" ] &&
		[ -f "$src/xen_$v.debian.tar.xz" ]; then
		say "no .dsc for $1: using its verified tarballs"
		echo "$src/xen_${v%-*}.orig.tar.xz $src/xen_$v.debian.tar.xz"
	else
		return 1
	fi
}

# The cache key: source version, its source files (the .dsc names the
# tarballs' digests), our fragment, recipe.
cache_key() {
	ver=$1
	shift
	sum=$( (cat "$@" "$fragment"; echo "recipe $recipe") |
		sha256sum | cut -c1-16)
	echo "$ver-$sum"
}

# What dpkg-source -x does for a 3.0 (quilt) package, from its tarballs.
unpack_tarballs() {
	orig=$1 debian=$2 tree=$3
	mkdir -p "$tree"
	tar -xf "$orig" -C "$tree" --strip-components=1
	tar -xf "$debian" -C "$tree"
	sed 's/#.*//' "$tree/debian/patches/series" | while read -r patch opt; do
		[ -n "$patch" ] || continue
		patch -s -d "$tree" "${opt:--p1}" \
			< "$tree/debian/patches/$patch" || return 1
	done
}

configure_and_build() {
	tree=$1 out=$2
	make_args="XEN_TARGET_ARCH=arm64 CROSS_COMPILE=$cross"
	cat "$tree/debian/xen-kconfig" "$fragment" > "$tree/xen/.config"
	# shellcheck disable=SC2086
	make -s -C "$tree/xen" $make_args olddefconfig >&2
	for opt in CONFIG_EXPERT CONFIG_IOREQ_SERVER; do
		if ! grep -qx "$opt=y" "$tree/xen/.config"; then
			say "$opt=y did not survive olddefconfig"
			return 1
		fi
	done
	# shellcheck disable=SC2086
	nice make -s -C "$tree/xen" $make_args -j"$jobs" >&2
	mkdir -p "$out.tmp"
	cp "$tree/xen/xen" "$tree/xen/.config" "$out.tmp/"
	mv "$out.tmp" "$out"
}

# build_from VERSION DSC | build_from VERSION ORIG DEBIAN
build_from() {
	version=$1
	shift
	key=$(cache_key "$version" "$@")
	out=$cache/xen-ioreq/$key
	if [ -f "$out/xen" ]; then
		say "cached: $out"
		echo "$out/xen"
		return 0
	fi
	work=$cache/xen-work$route_suffix
	rm -rf "$work" "$out.tmp"
	mkdir -p "$work"
	say "unpacking $(basename "$1")"
	if [ $# -eq 1 ]; then
		dpkg-source -q -x "$1" "$work/src" >/dev/null 2>&1
	else
		unpack_tarballs "$1" "$2" "$work/src"
	fi
	say "building arm64 hypervisor with $(basename "$fragment")"
	configure_and_build "$work/src" "$out"
	rm -rf "$work"
	say "built: $out"
	echo "$out/xen"
}

route_apt_update || { say "apt-get update for $route_suite failed"; exit 1; }
for version in $(expand_versions); do
	if files=$(source_files "$version"); then
		# shellcheck disable=SC2086 # one or two paths
		build_from "$version" $files
		exit 0
	fi
	say "source version $version not available, trying the next"
done
say "no Xen source version could be fetched (tried: $versions)"
exit 1
