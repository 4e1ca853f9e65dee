# SPDX-License-Identifier: GPL-2.0-only
#
# Not a program: sourced by check-xen, fetch-arm64.sh, mkimages.sh and
# hypervisor-ioreq-arm/build-xen.sh.
# What differs between the two Xen routes of `make check-xen`, selected by
# XEN_ROUTE: 4.17 (the default: Debian 12's Xen, the host's own apt
# configuration, our PL011 at 0x22001000 next to Xen's SBSA vuart) or 4.20
# (Debian 13's Xen and Linux from a private apt configuration in the
# cache, our PL011 at 0x22000000 / SPI 32 found by --pl011=auto).  Sets
# route_* variables and route_apt; knows nothing of what the callers do.
# shellcheck disable=SC2034 # the route_* variables are for the callers

route=${XEN_ROUTE:-4.17}
route_cache=${XEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/xenconsoled-pl011}

case $route in
4.17)
	route_suite=bookworm
	route_suffix=""
	# Next to Xen's SBSA vuart (ttyAMA0): libxl 4.17 has no nr_spis,
	# vuart= is what gives the guest SPIs; dom0 writes serial/0 keys.
	route_pl011_base=0x22001000
	route_pl011_spi=33
	route_pl011_tty=ttyAMA1
	route_pl011_keys=yes
	route_vuart_tty=ttyAMA0
	route_consoled_args=""
	# The security upload's source answers 404 on some mirrors.
	route_src_versions="4.17.5+72-g01140da4e8-1 all"
	route_ext2fs=libext2fs2
	route_ncurses=libncurses6
	;;
4.20)
	route_suite=trixie
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

# A whole apt configuration of its own for a suite the host does not
# use: sources, package lists and caches all under the cache directory,
# so the host's /etc/apt and /var/lib/apt stay as they were.
route_apt_dir=$route_cache/apt-$route_suite

route_apt_options() {
	[ "$route" = 4.17 ] && return 0
	d=$route_apt_dir
	echo "-o Dir::Etc::sourcelist=$d/sources.list" \
		"-o Dir::Etc::sourceparts=$d/sources.list.d" \
		"-o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache" \
		"-o APT::Sandbox::User=root"
}

# route_apt COMMAND ARGS...: apt-get or apt-cache for the route's suite.
route_apt() {
	cmd=$1
	shift
	# shellcheck disable=SC2046 # one word per option
	"$cmd" $(route_apt_options) "$@"
}

route_write_sources() {
	d=$route_apt_dir
	mkdir -p "$d/sources.list.d" "$d/lists/partial" \
		"$d/cache/archives/partial"
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	echo "# Written by tests/xen-arm64/route.sh for XEN_ROUTE=$route." \
		> "$d/sources.list.new"
	for suite in "debian $route_suite" "debian $route_suite-updates" \
		"debian-security $route_suite-security"; do
		echo "deb [arch=arm64 signed-by=$keyring]" \
			"http://deb.debian.org/${suite% *} ${suite#* } main"
		echo "deb-src [signed-by=$keyring]" \
			"http://deb.debian.org/${suite% *} ${suite#* } main"
	done >> "$d/sources.list.new"
	mv "$d/sources.list.new" "$d/sources.list"
}

# Fetch the suite's lists when there are none or they are a day old
# (stable's point releases remove the versions older lists name); old
# lists do when the network does not answer (a cached run needs none).
route_apt_update() {
	[ "$route" = 4.17 ] && return 0
	route_write_sources
	stamp=$route_apt_dir/lists/.updated
	[ -n "$(find "$stamp" -mmin -1440 2>/dev/null)" ] && return 0
	if route_apt apt-get update -qq >&2; then
		touch "$stamp"
	else
		[ -e "$stamp" ] && echo "route: keeping $route_suite's old lists" >&2
	fi
}
