#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Assemble the dom0 initramfs (which carries the domU kernel and initramfs)
# from the unpacked arm64 tree of fetch-arm64.sh and this directory's
# scripts, and cache it by the hash of everything that goes in.  Prints
# the image directory (dom0.cpio.gz, Image) on stdout, under
# <cache>/images for the 4.17 route and <cache>/images-4.20 for 4.20
# (XEN_ROUTE, see route.sh), whose facts dom0 gets in /xentest/route.sh.
#   mkimages.sh ARM64_ROOT DTB PROGRAM...
# Each arm64 PROGRAM goes to dom0's /xentest/bin under its own name.
# Environment (the hook for our own daemon; not XENCONSOLED, which names
# the host build of it elsewhere in the tree):
#   XEN_ARM64_CONSOLED, XEN_ARM64_CONSOLE   arm64 binaries installed in
#       dom0 as /usr/lib/xen-<route>/bin/xenconsoled and xenconsole
#       (default: Debian's stock ones)
#   XEN_ARM64_EMULATOR   our PL011 emulator, installed beside xenconsoled
#   XEN_ARM64_CONSOLED_ARGS   the daemon's arguments (default below)
# Every library any dom0 binary needs must resolve inside ARM64_ROOT.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=$1 dtb=$2
shift 2
programs="$*"
# shellcheck source=tests/xen-arm64/route.sh
. "$here/route.sh"
cache=$route_cache
xenbin=$route_xenbin
guest_cfg=$top/hypervisor-ioreq-arm/guest-pl011$route_suffix.cfg
consoled=${XEN_ARM64_CONSOLED:-$root/$xenbin/xenconsoled}
console=${XEN_ARM64_CONSOLE:-$root/$xenbin/xenconsole}
# Our daemon's PL011 emulator, installed beside it (none for stock's).
emulator=${XEN_ARM64_EMULATOR:-}
consoled_args=${XEN_ARM64_CONSOLED_ARGS:-"--log=all \
--log-dir=/var/log/xen/console"}
readelf=aarch64-linux-gnu-readelf
libdirs="lib/aarch64-linux-gnu usr/lib/aarch64-linux-gnu"

say() { echo "mkimages: $*" >&2; }

inputs_key() {
	(
		# shellcheck disable=SC2086
		cat "$root/.packages" "$dtb" $programs "$consoled" "$console" \
			$emulator
		echo "$consoled_args"
		cd "$here" && find mkimages.sh dom0 domu guests scenarios \
			-type f | sort | xargs cat
		cat "$guest_cfg"
		dom0_route
	) | sha256sum | cut -c1-16
}

make_cpio() {
	(cd "$1" && find . | sort | cpio -o -H newc --quiet) | gzip -1 > "$2"
}

build_domu() {
	stage=$1/domu-stage
	mkdir -p "$stage/bin"
	cp "$(busybox)" "$stage/bin/"
	install -m 755 "$here/domu/init" "$stage/init"
	mkdir -p "$stage/xentest"
	cp "$here"/domu/*.sh "$stage/xentest/"
	make_cpio "$stage" "$1/domu-initrd.gz"
}

# Copy the ELF interpreter and every DT_NEEDED library, transitively.
resolve_libraries() {
	stage=$1
	pass=0
	while :; do
		# readelf skips the files that are not ELF.
		needed=$(find "$stage" -type f -exec "$readelf" -d {} + \
			2>/dev/null |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u)
		added=0
		for lib in $needed; do
			copy_library "$stage" "$lib" && added=1
		done
		[ "$added" -eq 0 ] && return 0
		pass=$((pass + 1))
		[ "$pass" -lt 10 ] || return 1
	done
}

# Returns 0 when it copied something new, 1 when already there; exits on
# a library the arm64 tree does not have.
copy_library() {
	for d in $libdirs; do
		[ -e "$1/$d/$2" ] && return 1
	done
	for d in $libdirs; do
		if [ -e "$root/$d/$2" ]; then
			mkdir -p "$1/$d"
			cp -L "$root/$d/$2" "$1/$d/$2"
			return 0
		fi
	done
	say "no arm64 library $2 for dom0 (add its package to fetch-arm64.sh)"
	exit 1
}

install_xen_tools() {
	stage=$1
	mkdir -p "$stage/$xenbin" "$stage/usr/bin" "$stage/lib/modules/xen"
	for t in xl xenstored xen-init-dom0; do
		cp "$root/$xenbin/$t" "$stage/$xenbin/"
	done
	# xentrace, for the ioreq-trace scenarios, where the route has it.
	[ ! -e "$root/$xenbin/xentrace" ] ||
		cp "$root/$xenbin/xentrace" "$stage/$xenbin/"
	install -m 755 "$consoled" "$stage/$xenbin/xenconsoled"
	install -m 755 "$console" "$stage/$xenbin/xenconsole"
	[ -z "$emulator" ] ||
		install -m 755 "$emulator" "$stage/$xenbin/pl011-emulator"
	cp -a "$root"/usr/bin/xenstore* "$stage/usr/bin/"
	install_modules "$stage/lib/modules/xen"
	cp -L "$(in_root lib/ld-linux-aarch64.so.1)" "$stage/lib/"
	# glibc dlopens libgcc_s for pthread_cancel/unwinding; nothing
	# lists it as NEEDED, and without it xl create aborts.
	copy_library "$stage" libgcc_s.so.1 || :
}

# The path of $1 in the arm64 tree, which is /usr-merged from Debian 13 on.
in_root() {
	if [ -e "$root/$1" ]; then
		echo "$root/$1"
	else
		echo "$root/usr/$1"
	fi
}

busybox() {
	in_root bin/busybox
}

# Debian 13 compresses its modules; busybox insmod gets them plain.
install_modules() {
	find "$root" -path '*/lib/modules/*' -name '*.ko*' | while read -r m; do
		case $m in
		*.ko) cp "$m" "$1/" ;;
		*.ko.xz) xz -dc "$m" > "$1/$(basename "$m" .xz)" ;;
		esac
	done
}

# Dom0's /xentest/route.sh: the route's PL011 as the scenarios see it.
dom0_route() {
	echo "XENTEST_ROUTE=$route"
	echo "XENTEST_XEN_BIN=/$xenbin"
	echo "XENTEST_PL011_BASE=$route_pl011_base"
	echo "XENTEST_PL011_SPI=$route_pl011_spi"
	echo "XENTEST_PL011_TTY=$route_pl011_tty"
	echo "XENTEST_PL011_KEYS=$route_pl011_keys"
	echo "XENTEST_VUART_TTY=$route_vuart_tty"
}

install_xentest() {
	stage=$1 work=$2
	t=$stage/xentest
	mkdir -p "$t/bin" "$t/domu" "$t/guests" "$t/scenarios"
	cp "$here/dom0/lib.sh" "$t/"
	cp "$here"/scenarios/*.sh "$t/scenarios/"
	cp "$here"/guests/*.cfg "$t/guests/"
	cp "$guest_cfg" "$t/guest-pl011.cfg"
	dom0_route > "$t/route.sh"
	cp "$dtb" "$t/guest-pl011.dtb"
	for p in $programs; do
		install -m 755 "$p" "$t/bin/${p##*/}"
	done
	cp "$root"/boot/vmlinuz-* "$t/domu/Image"
	cp "$work/domu-initrd.gz" "$t/domu/initrd.gz"
	cp "$here"/domu/*.sh "$t/domu/"
	echo "$consoled_args" > "$t/consoled.args"
}

build_dom0() {
	work=$1
	stage=$work/dom0-stage
	mkdir -p "$stage/bin"
	cp "$(busybox)" "$stage/bin/"
	install -m 755 "$here/dom0/init" "$stage/init"
	install_xen_tools "$stage"
	install_xentest "$stage" "$work"
	resolve_libraries "$stage"
	make_cpio "$stage" "$work/dom0.cpio.gz"
}

# A host binary would only fail inside dom0, far from its cause.
require_arm64() {
	for f in "$@"; do
		"$readelf" -h "$f" 2>/dev/null | grep -q 'Machine:.*AArch64' ||
			{ say "$f is not an arm64 ELF binary"; exit 1; }
	done
}

# shellcheck disable=SC2086
require_arm64 "$consoled" "$console" $emulator $programs
key=$(inputs_key)
images=$cache/images$route_suffix
out=$images/$key
if [ -f "$out/dom0.cpio.gz" ]; then
	say "cached: $out"
	echo "$out"
	exit 0
fi
rm -rf "$out.tmp"
mkdir -p "$out.tmp"
build_domu "$out.tmp"
build_dom0 "$out.tmp"
cp "$root"/boot/vmlinuz-* "$out.tmp/Image"
rm -rf "$out.tmp/domu-stage" "$out.tmp/dom0-stage"
rm -rf "$out"
mv "$out.tmp" "$out"
# Rebuilding an image takes seconds: keep only the newest.
for old in "$images"/*; do
	[ "$old" = "$out" ] || rm -rf "$old"
done
say "built: $out ($(du -h "$out/dom0.cpio.gz" | cut -f1) dom0 initramfs)"
echo "$out"
