#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# Fetch Debian's stock Xen 4.17 userspace (xen-utils-4.17: xenstored,
# xenconsoled, xenconsole; xenstore-utils: xenstore-*) with apt-get
# download, at exactly the version of the installed libxen-dev, and unpack
# it with dpkg -x under build/stock/<version>/root.  Nothing is installed.
# Prints the root directory on stdout; cached after the first run.
set -eu

top=${XENSIM_STOCK_CACHE:-build/stock}
version=$(dpkg-query -W -f='${Version}' libxen-dev 2>/dev/null) || {
	echo "stock.sh: libxen-dev is not installed (run tools/setup-deps)" >&2
	exit 1
}
dest=$top/$version
root=$dest/root

if [ -x "$root/usr/lib/xen-4.17/bin/xenconsoled" ] &&
   [ -x "$root/usr/bin/xenstore-read" ]; then
	echo "$root"
	exit 0
fi

mkdir -p "$dest/debs"
# apt's download sandbox user cannot write into a root-owned build tree.
sandbox=""
[ "$(id -u)" -eq 0 ] && sandbox="-o APT::Sandbox::User=root"
download() {
	# shellcheck disable=SC2086
	(cd "$dest/debs" && apt-get download -q $sandbox \
		"xen-utils-4.17=$version" "xenstore-utils=$version" >&2)
}
# A fresh machine may have empty package lists: update once (as root).
if ! download && ! { [ -n "$sandbox" ] && apt-get update -qq >&2 &&
		      download; }; then
	echo "stock.sh: cannot download xen-utils-4.17 and xenstore-utils" \
	     "$version from the Debian mirror (network down, or apt-get" \
	     "update needed?)" >&2
	exit 1
fi
rm -rf "$root.tmp"
for deb in "$dest"/debs/*.deb; do
	dpkg -x "$deb" "$root.tmp"
done
rm -rf "$root"
mv "$root.tmp" "$root"
echo "$root"
