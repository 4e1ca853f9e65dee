#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# xen-pl011-dtb against the hand-written partial device trees: the Xen
# 4.17 guest's (beside Xen's SBSA vuart) and the 4.19+ guest's, compiled
# and decompiled by dtc, read exactly as the generated trees decompiled
# the same way.  Other places land where asked, and bad command lines get
# exit status 2, one line on stderr and no file.
. tests/lib/tap.sh

tool=${BUILD:-build}/tools/console/pl011-dtb/xen-pl011-dtb
tmp=$(mktemp -d /tmp/pl011-dtb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# as_dts DTB: the tree as dtc decompiles it.
as_dts() {
	dtc -q -I dtb -O dts "$1"
}

# like_reference NAME DTS TOOL-ARGS...: the tool's tree reads as DTS's.
like_reference() {
	local name=$1 dts=$2

	shift 2
	dtc -q -I dts -O dtb -o "$tmp/$name-reference.dtb" "$dts" &&
		as_dts "$tmp/$name-reference.dtb" >"$tmp/$name-reference.dts"
	ok $? "$name: $dts compiles"
	"$tool" "$@"
	ok $? "$name: xen-pl011-dtb $*"
	as_dts "$tmp/$name.dtb" >"$tmp/$name.dts"
	files_equal "$tmp/$name.dts" "$tmp/$name-reference.dts" \
		"$name: the same tree as $dts" ||
		diff -u "$tmp/$name-reference.dts" "$tmp/$name.dts" | sed 's/^/#   /'
}

like_reference xen-4.17 hypervisor-ioreq-arm/guest-pl011.dts \
	--vuart 0x22001000 33 "$tmp/xen-4.17.dtb"
like_reference xen-4.19 examples/pl011-guest-4.19.dts \
	0x22000000 32 "$tmp/xen-4.19.dtb"

# Elsewhere: above 4 GiB, a high SPI, given in decimal.
"$tool" 0x123456789000 1019 "$tmp/high.dtb"
ok $? "a PL011 at 0x123456789000 on SPI 1019"
as_dts "$tmp/high.dtb" >"$tmp/high.dts"
grep -q '^			reg = <0x1234 0x56789000 0x00 0x1000>;$' "$tmp/high.dts"
ok $? "reg: the 64-bit address in two cells, one page"
grep -q '^			interrupts = <0x00 0x3db 0x04>;$' "$tmp/high.dts"
ok $? "interrupts: SPI 1019 is GIC SPI cell 987, level high"
grep -q '^		serial0 = "/passthrough/uart@123456789000";$' "$tmp/high.dts"
ok $? "the alias names the node"

# refused WHY ARGS...: status 2, one line naming WHY, no file written.
refused() {
	local why=$1 status

	shift
	"$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	is "$status:$(wc -l <"$tmp/err"):$(wc -c <"$tmp/out")" "2:1:0" \
		"refused ($*): status 2, one line" &&
		grep -q "^xen-pl011-dtb: .*$why" "$tmp/err"
	ok $? "  which says: $(cat "$tmp/err")"
	[ ! -e "$tmp/bad.dtb" ]
	ok $? "  and writes no file"
}

refused "BASE, SPI and FILE expected"
refused "BASE, SPI and FILE expected" 0x22000000 "$tmp/bad.dtb"
refused "BASE, SPI and FILE expected" 0x22000000 32 33 "$tmp/bad.dtb"
refused "BASE '0x22000800' is not a 4 KiB aligned" 0x22000800 32 "$tmp/bad.dtb"
refused "BASE '-4096'" -- -4096 32 "$tmp/bad.dtb"
refused "unknown option '-4'" -4096 32 "$tmp/bad.dtb"
refused "BASE 'uart'" uart 32 "$tmp/bad.dtb"
refused "BASE '0x10000000000000000'" 0x10000000000000000 32 "$tmp/bad.dtb"
refused "SPI '31' is not an SPI from 32 to 1019" 0x22000000 31 "$tmp/bad.dtb"
refused "SPI '1020'" 0x22000000 1020 "$tmp/bad.dtb"
refused "SPI '33x'" 0x22000000 33x "$tmp/bad.dtb"
refused "unknown option '--sbsa'" --sbsa 0x22000000 32 "$tmp/bad.dtb"

"$tool" 0x22000000 32 "$tmp/no/such/dir.dtb" 2>"$tmp/err"
is "$?:$(cat "$tmp/err")" \
	"1:xen-pl011-dtb: $tmp/no/such/dir.dtb: No such file or directory" \
	"an unwritable FILE: status 1, named with the reason"
"$tool" --help >"$tmp/out"
ok $? "--help: status 0"
grep -q '^usage: xen-pl011-dtb \[--vuart\] BASE SPI FILE$' "$tmp/out"
ok $? "--help: the usage line on stdout"
tap_done
