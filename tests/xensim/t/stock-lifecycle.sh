#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Domain life cycle and daemon failure with the stock binaries on the
# simulated Xen: destroy fires @releaseDomain and, once stock xenstored
# and xenconsoled have dropped their mappings, the domain is gone; a
# recreated guest of the same name gets a new domid and appends to the
# same log; a xenconsoled killed with SIGKILL leaves nothing behind that
# stops a new one from binding the guest's port and VIRQ_CON_RING.
. tests/xensim/env.sh
. tests/lib/tap.sh
xensim_test_setup "$@"

log=$XENSIM_DIR/log
start_daemon() {
	xensim_spawn xenconsoled "$(xensim_consoled)" -i \
		--log=all --log-dir="$log"
}
gone() {
	! "$XENSIM_BIN/xensim" list | awk -v id="$1" '$2 == id { f = 1 }
		END { exit !f }'
}
tty_changed() {
	[ "$(tty_of "$1")" != "$2" ]
}
released_twice() {
	[ "$(grep -c '^@releaseDomain' "$XENSIM_DIR/watch.out")" -ge 2 ]
}
tty_of() {
	local t
	t=$(xs_read "/local/domain/$1/console/tty") && [ -n "$t" ] && echo "$t"
}
say() {
	printf "$2" | "$XENSIM_BIN/xensim-guest" "$1" write pv
}

start_daemon
xensim_spawn watch "$(xensim_stock_bin xenstore-watch)" @releaseDomain
first=$("$XENSIM_BIN/xensim" create life)
xensim_wait 5 tty_of "$first" >/dev/null
ok $? "first incarnation has a console (domid $first)"
say "$first" 'first boot\n'
xensim_wait 5 grep -q 'first boot' "$log/guest-life.log"
ok $? "its output is logged"

"$XENSIM_BIN/xensim" destroy life
xensim_wait 5 released_twice
ok $? "xenstored fires @releaseDomain on destroy (xenstore-watch)"
xensim_wait 5 gone "$first"
ok $? "the domain leaves the list: xenstored and xenconsoled unmapped it"

second=$("$XENSIM_BIN/xensim" create life)
ok $(( second != first ? 0 : 1 )) "recreated with a new domid ($second)"
xensim_wait 5 tty_of "$second" >/dev/null
ok $? "the new incarnation gets a console"
say "$second" 'second boot\n'
xensim_wait 5 grep -q 'second boot' "$log/guest-life.log"
is "$(cat "$log/guest-life.log")" $'first boot\nsecond boot' \
	"both incarnations append to guest-life.log"

xensim_kill xenconsoled KILL
# The pty number may be reused; mark the key to see it rewritten.
LD_LIBRARY_PATH=$XENSIM_LIBDIR "$(xensim_stock_bin xenstore-write)" \
	"/local/domain/$second/console/tty" stale
say "$second" 'while down\n'
start_daemon
xensim_wait 5 grep -q 'while down' "$log/guest-life.log"
ok $? "a restarted xenconsoled rebinds and drains what was written meanwhile"
xensim_wait 5 tty_changed "$second" stale
ok $? "it publishes a new console/tty"
"$XENSIM_BIN/xensim" hvlog $'(XEN) after restart\n'
xensim_wait 5 grep -q 'after restart' "$log/hypervisor.log"
ok $? "it binds VIRQ_CON_RING again (the dead one's binding is gone)"
tty=$(tty_of "$second")
( sleep 0.2; printf 'ping' >"$tty" ) &
is "$("$XENSIM_BIN/xensim-guest" "$second" read pv 4 5000)" ping \
	"input through the new pty reaches the guest"

"$XENSIM_BIN/xensim" destroy life
xensim_wait 5 gone "$second"
ok $? "the second incarnation is destroyed cleanly too"
kill -0 "$(cat "$XENSIM_DIR/pids/xenconsoled")"
ok $? "xenconsoled survives the destroy"

tap_done
