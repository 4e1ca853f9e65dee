#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch the arm64 packages that the dom0 and domU images are made of
# (apt-get download, never installed) from the route's Debian release
# (XEN_ROUTE, see route.sh: Debian 12 for 4.17, 13 for 4.20) and unpack
# them into one arm64 tree in the cache: busybox-static, Debian's own
# hypervisor (the negative control: no ioreq support), the Xen tools and
# libraries with the libraries they load, libxen-dev and libyajl-dev
# (headers and .so links for cross builds) and, from the kernel package,
# the raw Image and the Xen modules.
# Prints the tree's path on stdout.  The tree is reused while the set of
# package versions is unchanged.  Needs setup-host.sh to have run.  When
# the archive does not serve a package, it prints why on stdout and exits
# 77 (see archive.sh).
set -eu

# shellcheck source=tests/xen-arm64/route.sh
. "$(dirname "$0")/route.sh"
# shellcheck source=tests/xen-arm64/archive.sh
. "$(dirname "$0")/archive.sh"
cache=$route_cache
trees=$cache/arm64$route_suffix
debs=$trees/debs
packages=$route_packages
kernel_modules="xen-evtchn xen-privcmd xenfs xen-gntdev xen-gntalloc"

say() { echo "fetch-arm64: $*" >&2; }

# linux-image-arm64 is a metapackage: name the real image package.
kernel_package() {
	archive_apt apt-cache depends linux-image-arm64:arm64 |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' |
		head -n 1
}

# "name_version" of each candidate, the identity of the unpacked tree
# (one apt-cache call: one per package costs a second each).
candidate_list() {
	args=""
	for p in "$@"; do
		args="$args $p:arm64"
	done
	# shellcheck disable=SC2086
	archive_apt apt-cache policy $args | awk '
		/^[^ ].*:$/ { sub(/:arm64:$/, ""); name = $0 }
		/^ *Candidate:/ { print name "_" $2 }' > "$trees/.candidates"
	for p in "$@"; do
		line=$(grep "^${p}_" "$trees/.candidates") || line=""
		case $line in
		"" | *"_(none)") echo "$p" >> "$trees/.candidates.none" ;;
		*) echo "$line" ;;
		esac
	done
}

# The .deb of "name_version" in the cache, or nothing.  apt-get download
# writes an epoch's colon as %3a, so match without the epoch.
deb_of() {
	name=${1%%_*} ver=${1#*_}
	ver=${ver#*:}
	for f in "$debs/${name}_"*; do
		case $f in
		*"_$ver"_arm64.deb | *"%3a$ver"_arm64.deb) echo "$f"; return 0 ;;
		esac
	done
}

# Download what the cache lacks; false, with archive_answer, when the
# archive does not serve it.
download() {
	mkdir -p "$debs"
	missing=""
	for p in "$@"; do
		[ -n "$(deb_of "$p")" ] || missing="$missing ${p%%_*}:arm64=${p#*_}"
	done
	[ -z "$missing" ] && return 0
	say "downloading:$missing"
	cd "$debs"
	status=0
	# shellcheck disable=SC2086
	archive_apt apt-get download -qq $missing >&2 || status=$?
	cd - >/dev/null
	return "$status"
}

# Only the Image, modules.* metadata and the Xen modules: the full
# kernel package unpacks to hundreds of MB.
unpack_kernel() {
	kdeb=$1 kdir=$2
	pattern=""
	for m in $kernel_modules; do
		pattern="$pattern */$m.ko*"
	done
	# shellcheck disable=SC2086
	dpkg-deb --fsys-tarfile "$kdeb" |
		tar -x -C "$kdir" --wildcards './boot/vmlinuz-*' $pattern
}

unpack_all() {
	root=$1
	shift
	rm -rf "$root.tmp"
	mkdir -p "$root.tmp"
	for p in "$@"; do
		deb=$(deb_of "$p")
		case $p in
		linux-image-*) unpack_kernel "$deb" "$root.tmp" ;;
		*) dpkg -x "$deb" "$root.tmp" ;;
		esac
	done
	printf '%s\n' "$@" > "$root.tmp/.packages"
	rm -rf "$root"
	mv "$root.tmp" "$root"
	# Trees of older package versions are dead weight (about 75 MB each).
	for old in "$trees"/root-*; do
		[ "$old" = "$root" ] || rm -rf "$old"
	done
}

# The package set the lists name now: sets list and root, the tree for it.
resolve() {
	rm -f "$trees/.candidates.none"
	kernel=$(kernel_package)
	[ -n "$kernel" ] ||
		archive_skip "Debian $route_suite lists no arm64 linux-image-arm64"
	# shellcheck disable=SC2086
	list=$(candidate_list $packages "$kernel")
	[ ! -e "$trees/.candidates.none" ] ||
		archive_skip "Debian $route_suite lists no arm64 candidate for" \
			"$(tr '\n' ' ' < "$trees/.candidates.none")"
	key=$(echo "$list" | sha256sum | cut -c1-16)
	root=$trees/root-$key
}

# The set's packages, unless its tree is there already; false, with
# archive_answer, when the archive does not serve one of them.
fetch_set() {
	[ -f "$root/.packages" ] && return 0
	# shellcheck disable=SC2086
	download $list
}

mkdir -p "$trees"
archive_open "$route_apt_dir" "$(route_binary_sources)" ||
	archive_verdict "$archive_unavailable" \
		"arm64 packages of Debian $route_suite: no package lists"
resolve
status=0
fetch_set || status=$?
# A 404 may only mean that the lists are older than the archive: once
# more with new ones, which may name other versions.
if [ "$status" -eq "$archive_unavailable" ] && archive_refresh; then
	resolve
	status=0
	fetch_set || status=$?
fi
archive_verdict "$status" \
	"arm64 packages of Debian $route_suite: apt-get download"
if [ -f "$root/.packages" ]; then
	say "cached: $root"
else
	# shellcheck disable=SC2086
	unpack_all "$root" $list
	say "unpacked: $root"
fi
echo "$root"
