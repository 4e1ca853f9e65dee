# SPDX-License-Identifier: GPL-2.0-only
#
# Not a program: sourced by check-xen, fetch-arm64.sh, mkimages.sh and
# hypervisor-ioreq-arm/build-xen.sh (those that fetch source archive.sh
# after it).
# What differs between the two Xen routes of `make check-xen`, selected by
# XEN_ROUTE: 4.17 (the default: Debian 12's Xen, the host's own apt
# configuration, our PL011 at 0x22001000 next to Xen's SBSA vuart) or 4.20
# (Debian 13's Xen and Linux from a private apt configuration in the
# cache, our PL011 at 0x22000000 / SPI 32 found by --pl011=auto).  Sets
# route_* variables; knows nothing of what the callers do.
# shellcheck shell=sh
# shellcheck disable=SC2034 # the route_* variables are for the callers

route=${XEN_ROUTE:-4.17}
route_cache=${XEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenconsoled-pl011}

case $route in
4.17)
	route_suite=bookworm
	route_next_suite=trixie
	route_suffix=""
	# Next to Xen's SBSA vuart (ttyAMA0): libxl 4.17 has no nr_spis,
	# vuart= is what gives the guest SPIs; dom0 writes serial/0 keys.
	route_pl011_base=0x22001000
	route_pl011_spi=33
	route_pl011_tty=ttyAMA1
	route_pl011_keys=yes
	route_vuart_tty=ttyAMA0
	route_consoled_args=""
	# The version tested first; then build-xen.sh tries every other
	# 4.17 the archive lists (the security upload's source answers 404
	# on some mirrors).
	route_src_versions="4.17.5+72-g01140da4e8-1 all"
	route_ext2fs=libext2fs2
	route_ncurses=libncurses6
	;;
4.20)
	route_suite=trixie
	route_next_suite=forky
	route_suffix=-4.20
	# The standard place (examples/pl011-guest-4.19.dts), nr_spis=1, no
	# vuart: the daemon finds the guest by itself.
	route_pl011_base=0x22000000
	route_pl011_spi=32
	route_pl011_tty=ttyAMA0
	route_pl011_keys=no
	route_vuart_tty=""
	route_consoled_args=--pl011=auto
	route_src_versions="4.20.3+127-gc42374a105-0+deb13u1 all"
	# Debian 13 renamed these two (64-bit time_t, the wide ncurses).
	route_ext2fs=libext2fs2t64
	route_ncurses=libncursesw6
	;;
*)
	echo "XEN_ROUTE is 4.17 or 4.20, not $route" >&2
	exit 1
	;;
esac
route_xenbin=usr/lib/xen-$route/bin
# Xen's packages of the route's version and the libraries its tools load;
# the order is the cache key of the unpacked tree (fetch-arm64.sh).
route_packages="
	busybox-static xen-hypervisor-$route-arm64
	xen-utils-$route xenstore-utils libxen-dev libyajl-dev
	libxenmisc$route libxencall1 libxendevicemodel1 libxenevtchn1
	libxenforeignmemory1 libxengnttab1 libxenstore4 libxentoolcore1
	libxentoollog1 libxenhypfs1
	libc6 libgcc-s1 libyajl2 libfdt1 libuuid1 $route_ext2fs libcom-err2
	zlib1g liblzma5 libbz2-1.0 libzstd1 liblzo2-2 $route_ncurses
	libtinfo6
"

# The Debian archive's locations, and the suites the route's binary
# packages come from: Debian 12's from the host's own apt configuration
# (setup-host.sh), Debian 13's from a private one in the cache (see
# apt_private_write in archive.sh).
route_mirror=http://deb.debian.org
route_keyring=/usr/share/keyrings/debian-archive-keyring.gpg
route_apt_dir=""
[ "$route" = 4.17 ] || route_apt_dir=$route_cache/apt-$route_suite
route_binary_sources() {
	for suite in "debian $route_suite" "debian $route_suite-updates" \
		"debian-security $route_suite-security"; do
		echo "deb [arch=arm64 signed-by=$route_keyring]" \
			"$route_mirror/${suite% *} ${suite#* } main"
	done
}

# Where a source of the route's Xen version may be: its suite with its
# updates, backports and security suites, the next release and sid.  Any
# of them will do (same major version, same ABI as the binaries).
route_src_apt_dir=$route_cache/apt-src-$route_suite
route_source_sources() {
	for suite in "debian $route_suite" "debian $route_suite-updates" \
		"debian $route_suite-backports" \
		"debian-security $route_suite-security" \
		"debian $route_next_suite" "debian sid"; do
		echo "deb-src [signed-by=$route_keyring]" \
			"$route_mirror/${suite% *} ${suite#* } main"
	done
}
