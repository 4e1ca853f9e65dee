#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Our xenconsoled's start-up errors: a bad option, a log directory that
# cannot be used, no Xen at all, and a second instance on the same pid
# file each give exactly one clear message and a non-zero exit status,
# also when daemonizing (the parent reports the child's failure).
. tests/xensim/env.sh
. tests/lib/tap.sh
xensim_enter_namespace "$0" "$@"
daemon=$PWD/${BUILD:-build}/tools/console/daemon/xenconsoled
tmp=$(mktemp -d /tmp/daemon-errors.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS PATTERN NAME -- ARGS: status, and one stderr line matching
expect() {
	local want=$1 pattern=$2 name=$3 status
	shift 4
	"$daemon" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	is "$status" "$want" "$name: exit status $want"
	grep -q -- "$pattern" "$tmp/err" && [ "$(grep -c -- "$pattern" "$tmp/err")" -eq 1 ]
	ok $? "$name: says '$pattern'"
	[ -s "$tmp/out" ] && diag "stdout: $(head -c 200 "$tmp/out")"
}

noxen=(--state-dir="$tmp/state" --control="$tmp/ctl.sock" --pid-file="$tmp/pid")
expect 2 "invalid --log 'bogus'" "bad option value" -- --log=bogus
expect 2 "unrecognized option" "unknown option" -- --no-such-option
expect 2 "invalid --pl011-spi '12'" "SPI below 32" -- --pl011-spi=12
expect 2 "unexpected argument 'extra'" "stray argument" -- extra
expect 1 "log directory $tmp/missing" "missing log directory" -- \
	-i --log=all --log-dir="$tmp/missing" "${noxen[@]}"
expect 1 "log directory /etc/hostname: Not a directory" "log directory is a file" -- \
	-i --log=guest --log-dir=/etc/hostname "${noxen[@]}"
expect 1 "cannot open the Xen control interface" "no Xen, foreground" -- \
	-i "${noxen[@]}"
is "$(grep -c . "$tmp/err")" 1 "no Xen: one line, the libraries' own errors kept quiet"
expect 1 "cannot open the Xen control interface" "no Xen, daemonizing" -- \
	"${noxen[@]}"

# Two instances on one simulated Xen and one pid file.
xensim_start || bail "cannot start the simulated Xen"
trap 'xensim_stop; rm -rf "$tmp"' EXIT
XENCONSOLED=$daemon xensim_spawn first "$(XENCONSOLED=$daemon xensim_consoled)" \
	-i --pid-file="$XENSIM_DIR/pid"
xensim_wait 5 test -s "$XENSIM_DIR/pid"
ok $? "first instance running, pid file written"
LD_LIBRARY_PATH=$XENSIM_LIBDIR "$daemon" -i --pid-file="$XENSIM_DIR/pid" \
	--state-dir="$XENSIM_DIR/s2" --control="$XENSIM_DIR/c2" 2>"$tmp/err"
is $? 1 "second instance on the same pid file: exit status 1"
grep -q 'is another xenconsoled running' "$tmp/err"
ok $? "second instance: says another one runs"
tap_done
