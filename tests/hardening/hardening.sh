#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The installed programs carry Debian's default hardening, from the
# build's own flags whatever CFLAGS/LDFLAGS add: hardening-check
# (devscripts) finds PIE, the stack protector, fortified functions, RELRO
# and immediate binding in each.  (An unoptimised build, CFLAGS=-O0,
# cannot fortify, and fails here.)
# Control-flow protection is not asked for: Debian 12's dpkg-buildflags
# does not enable it either.
. tests/lib/tap.sh

build=${BUILD:-build}
for prog in tools/console/daemon/xenconsoled tools/console/daemon/pl011-emulator \
	    tools/console/client/xenconsole \
	    tools/console/pl011-dtb/xen-pl011-dtb; do
	out=$(hardening-check --nocfprotection "$build/$prog" 2>&1)
	status=$?
	ok $status "$prog: hardening-check passes"
	[ $status -eq 0 ] || printf '%s\n' "$out" | sed 's/^/#   /'
done
tap_done
