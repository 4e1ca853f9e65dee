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
# The source comes from a private apt configuration in the cache (see
# route_source_sources in tests/xen-arm64/route.sh): apt checks every file
# against the Sources index, whose signature it checks against Debian's
# keyring.  The cross compiler comes from tests/xen-arm64/setup-host.sh.
# A cached build needs no network.  When the archive serves no source of
# the route's Xen version at all, a hypervisor built earlier from any
# source of that version, with the same configuration and recipe, is used;
# when there is none either, it prints why on stdout and exits 77 (see
# tests/xen-arm64/archive.sh).
#   build-xen.sh [--find-source]
# --find-source only finds and downloads the source: it prints the
# version and its files.  The patches of XEN_VARIANT (patch_files below,
# in order, -p1 on the top of the source) are applied before the build and
# are part of the cache key; one that does not apply stops the build.
# Environment:
#   XEN_VARIANT       which patches: "default" (or empty) every
#                     patches/*.patch; "stock" none (a stock
#                     CONFIG_IOREQ_SERVER Xen, no fast path); any other
#                     NAME the default ones then patches/NAME/*.patch
#                     ("trace": the debug trace points)
#   XEN_ROUTE         4.17 (default) or 4.20
#   XEN_SRC_VERSIONS  source versions to try, in order; "all" means every
#                     version of the route's Xen that the archive lists,
#                     newest first (default: the route's pinned version
#                     that was tested, then all)
#   XEN_CACHE         cache root (default ~/.cache/xenconsoled-pl011)
#   XEN_BUILD_JOBS    make -j (default: number of CPUs)
#   XEN_APT_TIMEOUT   seconds one apt command may take (default 300)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/xen-arm64/route.sh
. "$here/../tests/xen-arm64/route.sh"
# shellcheck source=tests/xen-arm64/archive.sh
. "$here/../tests/xen-arm64/archive.sh"
fragment=$here/ioreq.config
patches=$here/patches
variant=${XEN_VARIANT:-default}
case $variant in
default | stock) ;;
*/* | .*) echo "build-xen: no such XEN_VARIANT: $variant" >&2; exit 1 ;;
*)
	[ -d "$patches/$variant" ] || {
		echo "build-xen: no such XEN_VARIANT: $variant (no $patches/$variant)" >&2
		exit 1
	} ;;
esac
cache=$route_cache
versions=${XEN_SRC_VERSIONS:-$route_src_versions}
jobs=${XEN_BUILD_JOBS:-$(nproc)}
cross=aarch64-linux-gnu-
# Bump when the way the hypervisor is built changes, to invalidate caches.
recipe=1

say() { echo "build-xen: $*" >&2; }

# Expand "all" into every version of the route's Xen that the archive
# lists, newest first; each version once.
expand_versions() {
	for v in $versions; do
		if [ "$v" = all ]; then
			archive_apt apt-cache showsrc xen 2>/dev/null |
				sed -n 's/^Version: //p' | sort -rV
		else
			echo "$v"
		fi
	done | awk -v major="$route." \
		'index($0, major) == 1 && !seen[$0]++'
}

# Set files to the source of version $1 in the cache, downloaded first
# unless it is already there; false, with archive_answer, when the
# archive does not serve it.  It fails when any file is missing, but
# keeps those it fetched: the .dsc may be missing while the tarballs are
# there (Debian 13's xen on deb.debian.org, 2026-11).
source_files() {
	cached_source "$1" && return 0
	mkdir -p "$cache/xen-src"
	cd "$cache/xen-src"
	status=0
	archive_apt apt-get source -qq --download-only "xen=$1" || status=$?
	cd - >/dev/null
	cached_source "$1" && return 0
	[ "$status" -eq "$archive_unavailable" ] && return 1
	say "apt-get source xen=$1: ${archive_answer:-"it succeeded, but no \
source files are in $cache/xen-src"}"
	exit 1
}

# Set files to version $1's source in the cache (dpkg names its files
# without the epoch): its .dsc, or "ORIG DEBIAN", which apt checked
# against the signed index as it did the .dsc.
cached_source() {
	v=${1#*:}
	src=$cache/xen-src
	if [ -f "$src/xen_$v.dsc" ]; then
		files=$src/xen_$v.dsc
	elif [ -f "$src/xen_${v%-*}.orig.tar.xz" ] &&
		[ -f "$src/xen_$v.debian.tar.xz" ]; then
		say "no .dsc for $1: using its verified tarballs"
		files="$src/xen_${v%-*}.orig.tar.xz $src/xen_$v.debian.tar.xz"
	else
		return 1
	fi
}

# Our hypervisor patches for XEN_VARIANT, in the order they are applied:
# the one place that decides which apply.
patch_files() {
	[ "$variant" = stock ] && return 0
	find "$patches" -maxdepth 1 -name '*.patch' 2>/dev/null | LC_ALL=C sort
	[ "$variant" = default ] ||
		find "$patches/$variant" -maxdepth 1 -name '*.patch' | LC_ALL=C sort
}

# What, besides the source, makes a build: our fragment, the recipe and
# the variant's patches (none, as for stock: the same key as before there
# were any).
recipe_text() {
	cat "$fragment"
	echo "recipe $recipe"
	patch_files | while read -r p; do
		echo "patch $(basename "$p")"
		cat "$p"
	done
}

apply_patches() {
	tree=$1
	for p in $(patch_files); do
		say "applying $(basename "$p")"
		if ! patch -s -p1 -N -d "$tree" < "$p" >&2; then
			say "$(basename "$p") does not apply to xen $version"
			return 1
		fi
	done
}

build_recipe() {
	recipe_text | sha256sum | cut -c1-16
}

# The cache key: source version, its source files (the .dsc names the
# tarballs' digests), our fragment, recipe.
cache_key() {
	ver=$1
	shift
	sum=$( (cat "$@"; recipe_text) | sha256sum | cut -c1-16)
	echo "$ver-$sum"
}

# A hypervisor built earlier from any source of the route's Xen version,
# with today's fragment and recipe, newest version first.
cached_build() {
	for dir in $(find "$cache/xen-ioreq" -mindepth 1 -maxdepth 1 \
		-name "$route.*" 2>/dev/null | sort -rV); do
		if [ -f "$dir/xen" ] &&
			[ "$(cat "$dir/recipe" 2>/dev/null)" = "$(build_recipe)" ]
		then
			echo "$dir/xen"
			return 0
		fi
	done
	return 1
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
	build_recipe > "$out.tmp/recipe"
	# Which patches are in it (none when the file is missing), for
	# check-xen's scenarios that depend on one.
	patch_files | while read -r p; do basename "$p"; done > "$out.tmp/patches"
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
	work=$cache/xen-work$route_suffix-$variant
	rm -rf "$work" "$out.tmp"
	mkdir -p "$work"
	say "unpacking $(basename "$1")"
	if [ $# -eq 1 ]; then
		dpkg-source -q -x "$1" "$work/src" >/dev/null 2>&1
	else
		unpack_tarballs "$1" "$2" "$work/src"
	fi
	apply_patches "$work/src" || exit 1
	say "building arm64 hypervisor with $(basename "$fragment") (variant $variant)"
	configure_and_build "$work/src" "$out"
	rm -rf "$work"
	say "built: $out"
	echo "$out/xen"
}

lists=""
archive_open "$route_src_apt_dir" "$(route_source_sources)" ||
	lists="no source lists: $archive_answer"
tried=""
for version in $(expand_versions); do
	if source_files "$version"; then
		if [ "${1:-}" = --find-source ]; then
			echo "$version $files"
			exit 0
		fi
		say "hypervisor from xen source $version"
		# shellcheck disable=SC2086 # one or two paths
		build_from "$version" $files
		exit 0
	fi
	say "source version $version: $archive_answer; trying the next"
	tried="$tried${tried:+, }$version ($archive_answer)"
done
reason="no Xen $route source in the archive (tried: ${tried:-none}${lists:+; \
$lists})"
if [ "${1:-}" != --find-source ] && built=$(cached_build); then
	say "$reason; using the cached hypervisor $built"
	echo "$built"
	exit 0
fi
archive_skip "$reason"
