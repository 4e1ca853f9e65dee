#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The simulated libraries are drop-ins for Debian's: same sonames, and
# every symbol@version that the stock xenstored, xenconsoled and xenconsole
# import from a replaced library is exported by ours (the xenstore tools
# import only from the real libxenstore)
# with that version; everything ours exports exists, with the same
# version, in the installed real library.
. tests/xensim/env.sh
. tests/lib/tap.sh
stock=$(sh tests/xensim/stock.sh) || bail "no stock binaries"
real=/usr/lib/x86_64-linux-gnu

soname() {
	objdump -p "$1" | awk '$1 == "SONAME" { print $2 }'
}
exports() {	# "symbol@version" per line
	objdump -T "$1" | awk '$2 == "g" && $4 == ".text" { print $7 "@" $6 }' |
		sort -u
}
imports() {	# of binary $1, from library soname $2
	objdump -T "$1" | awk '$3 == "*UND*" { print $6 "@" $5 }' |
		sed 's/^\(.*\)@(\?\([^)]*\))\?$/\1@\2/' | sort -u
}

for lib in libxenctrl.so.4.17 libxenevtchn.so.1 libxengnttab.so.1 \
	   libxenforeignmemory.so.1 libxendevicemodel.so.1; do
	ours=$XENSIM_LIBDIR/$lib
	is "$(soname "$ours")" "$(soname "$real/$lib")" "$lib: soname"
	n=$(exports "$ours" | grep -c .)
	extra=$(comm -23 <(exports "$ours") <(exports "$real/$lib"))
	ok $(( n > 0 ? 0 : 1 )) "$lib: exports $n functions"
	is "$extra" "" "$lib: all with the real one's symbol@version"
done

ours_all=$(for f in "$XENSIM_LIBDIR"/*.so.*; do exports "$f"; done | sort -u)
for bin in usr/lib/xen-4.17/bin/xenstored usr/lib/xen-4.17/bin/xenconsoled \
	   usr/lib/xen-4.17/bin/xenconsole; do
	wanted=$(imports "$stock/$bin" |
		grep -E '^(xc_|xen(evtchn|gnt|foreignmemory|devicemodel))')
	missing=$(comm -23 <(echo "$wanted") <(echo "$ours_all"))
	is "$missing" "" "${bin##*/}: all $(echo "$wanted" | grep -c .) \
imported Xen symbols exported with their versions"
done

tap_done
