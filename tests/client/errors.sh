#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# xenconsole's failures on the simulated Xen, each one line on stderr
# with a non-zero status and the terminal left as it was: domain 0, a
# domain that does not exist (with and without --type), a console already
# attached elsewhere (the per-domain lock; XENCONSOLE_LOCK_DIR moves it),
# and a pty that never appears (after 5 s, as stock).
. tests/xensim/env.sh
. tests/lib/tap.sh
. tests/client/lib/term.sh
xensim_enter_namespace "$0" "$@"
client_setup
daemon_start

client() {
	LD_LIBRARY_PATH=$XENSIM_LIBDIR "$XENCONSOLE" "$@" \
		</dev/null >"$XENSIM_DIR/out" 2>"$XENSIM_DIR/err"
	echo $?
}
one_line() {	# one_line PATTERN: stderr is one line matching PATTERN
	[ "$(wc -l <"$XENSIM_DIR/err")" -eq 1 ] && [ ! -s "$XENSIM_DIR/out" ] &&
		grep -q -- "$1" "$XENSIM_DIR/err" && return 0
	sed 's/^/#   stderr: /' "$XENSIM_DIR/err"
	return 1
}

is "$(client 0)" 22 "DOMID 0: status EINVAL, as stock"
one_line "^xenconsole: domain 0 has no console"
ok $? "DOMID 0: one clear line"

is "$(client 42)" 1 "a missing domain: status 1"
one_line "^xenconsole: domain 42 does not exist"
ok $? "a missing domain: one clear line"
is "$(client --type vuart 42)" 1 "a missing domain with --type: status 1"
one_line "^xenconsole: domain 42 does not exist"
ok $? "a missing domain with --type: one clear line"
test ! -e /var/lock/xenconsole.42
ok $? "no lock file left for it"

domid=$(guest_create busy)
xensim_wait 5 tty_of "$domid" >/dev/null
term_run first "$domid"
xensim_wait 5 term_is_raw first
ok $? "a first client is attached"
is "$(client "$domid")" 1 "a second client: status 1"
one_line "^xenconsole: domain $domid: console already in use by another \
xenconsole (lock /var/lock/xenconsole.$domid)"
ok $? "a second client: one line naming the lock"
test -e "/var/lock/xenconsole.$domid"
ok $? "the refused client leaves the lock file in place"
is "$(client "$domid")" 1 "so a third client is refused too"
kill -0 "$(term_pid first)"
ok $? "the first client is still attached"
guest_say "$domid" 'only the first\r\n'
term_shows first "only the first"
ok $? "and still gets the output"
term_keys first 1d
term_exited first

mkdir "$XENSIM_DIR/locks"
XENCONSOLE_LOCK_DIR=$XENSIM_DIR/locks term_run moved "$domid"
xensim_wait 5 test -e "$XENSIM_DIR/locks/xenconsole.$domid"
ok $? "XENCONSOLE_LOCK_DIR moves the lock file"
term_keys moved 1d
term_exited moved
test ! -e "$XENSIM_DIR/locks/xenconsole.$domid"
ok $? "and it is removed there on exit"

xensim_kill daemon
quiet=$(guest_create quiet)
start=$(date +%s%N)
rc=$(client "$quiet")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
is "$rc" 1 "no daemon: status 1"
one_line "^xenconsole: domain $quiet: no console pty in \
/local/domain/$quiet/console/tty after 5 s"
ok $? "no daemon: one line naming the node"
[ "$ms" -ge 4900 ] && [ "$ms" -lt 8000 ]
ok $? "no daemon: it gave up after 5 s (${ms} ms)"
test ! -e "/var/lock/xenconsole.$quiet"
ok $? "no lock file left behind"

tap_done
