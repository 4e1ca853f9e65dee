#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Cross-build the arm64 Xen hypervisor (only the hypervisor) from Debian's
# `xen` source package with ioreq.config applied, and cache the result
# outside the clone.  Prints the path of the cached `xen` binary on stdout;
# progress goes to stderr.  A second run with the same source version and
# configuration only prints the path.
#
# Needs deb-src entries and the cross compiler (tests/xen-arm64/setup-host.sh
# provides both).  A cached build needs no network.  Environment:
#   XEN_SRC_VERSIONS  source versions to try, in order; "all" means every
#                     version apt knows, newest first (default: the pinned
#                     4.17.5 that was tested, then all: the security
#                     upload's source answers 404 on some mirrors)
#   XEN_CACHE         cache root (default ~/.cache/xenconsoled-pl011)
#   XEN_BUILD_JOBS    make -j (default: number of CPUs)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
fragment=$here/ioreq.config
cache=${XEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenconsoled-pl011}
versions=${XEN_SRC_VERSIONS:-"4.17.5+72-g01140da4e8-1 all"}
jobs=${XEN_BUILD_JOBS:-$(nproc)}
cross=aarch64-linux-gnu-
# Bump when the way the hypervisor is built changes, to invalidate caches.
recipe=1

say() { echo "build-xen: $*" >&2; }

# Expand "all" into every source version apt knows, newest first.
expand_versions() {
	for v in $versions; do
		if [ "$v" = all ]; then
			apt-cache showsrc xen 2>/dev/null |
				sed -n 's/^Version: //p' | sort -rV
		else
			echo "$v"
		fi
	done
}

# The .dsc of version $1 in the cache (dpkg names it without the epoch),
# downloaded first unless it is already there.
source_dsc() {
	dsc=$cache/xen-src/xen_${1#*:}.dsc
	if [ ! -f "$dsc" ]; then
		mkdir -p "$cache/xen-src"
		(cd "$cache/xen-src" && timeout 600 apt-get source -qq \
			--download-only -o APT::Sandbox::User=root "xen=$1") \
			>&2 || return 1
	fi
	echo "$dsc"
}

# The cache key: source version, Debian's config, our fragment, recipe.
cache_key() {
	dsc=$1
	ver=$(sed -n 's/^Version: //p' "$dsc")
	sum=$( (cat "$dsc" "$fragment"; echo "recipe $recipe") |
		sha256sum | cut -c1-16)
	echo "$ver-$sum"
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

build_from() {
	dsc=$1
	key=$(cache_key "$dsc")
	out=$cache/xen-ioreq/$key
	if [ -f "$out/xen" ]; then
		say "cached: $out"
		echo "$out/xen"
		return 0
	fi
	work=$cache/xen-work
	rm -rf "$work" "$out.tmp"
	mkdir -p "$work"
	say "unpacking $(basename "$dsc")"
	dpkg-source -q -x "$dsc" "$work/src" >/dev/null 2>&1
	say "building arm64 hypervisor with $(basename "$fragment")"
	configure_and_build "$work/src" "$out"
	rm -rf "$work"
	say "built: $out"
	echo "$out/xen"
}

for version in $(expand_versions); do
	if dsc=$(source_dsc "$version"); then
		build_from "$dsc"
		exit 0
	fi
	say "source version $version not available, trying the next"
done
say "no Xen source version could be fetched (tried: $versions)"
exit 1
