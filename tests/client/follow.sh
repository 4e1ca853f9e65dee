#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# xenconsole follows the tty node: it waits for a daemon that is not
# there yet (and notifies xl only once attached), survives a daemon
# killed and restarted (and a node naming something unusable meanwhile),
# moves to whatever pty the node names next, picks serial/N, vuart/0 and
# device/console/N as stock does, ends when the node is emptied or the
# domain destroyed, and restores the terminal on SIGTERM, SIGHUP and
# SIGINT, also while still waiting, and cleans up after a hangup.
. tests/xensim/env.sh
. tests/lib/tap.sh
. tests/client/lib/term.sh
xensim_enter_namespace "$0" "$@"
client_setup

holds() {	# holds PID PATH: the process has PATH open
	local f
	for f in /proc/"$1"/fd/*; do
		[ "$(readlink "$f")" = "$2" ] && return 0
	done
	return 1
}
gone() {
	! kill -0 "$1" 2>/dev/null
}

a=$(guest_create early)
b=$(guest_create notified)

# --- before any daemon ---------------------------------------------------
term_run t1 "$a"
mkfifo "$XENSIM_DIR/notify"
xensim_spawn notify sh -c 'exec "$0" --start-notify-fd 5 "$1" 5>"$2"' \
	"$XENCONSOLE" "$b" "$XENSIM_DIR/notify"
timeout 10 od -An -tx1 <"$XENSIM_DIR/notify" >"$XENSIM_DIR/notify.got" &
reader=$!
sleep 1
test ! -e "$(term_dir t1)/rc"
ok $? "with no daemon yet the client waits"
is "$(cat "$XENSIM_DIR/notify.got")" "" "and does not notify yet"
daemon_start
guest_say "$a" 'first words\r\n'
term_shows t1 "first words"
ok $? "it attaches once the daemon publishes the pty"
wait $reader
is "$(cat "$XENSIM_DIR/notify.got")" " 00" "the notification follows"
xensim_kill notify

# --- daemon killed and restarted -------------------------------------------
old=$(tty_of "$a")
xensim_kill daemon KILL
xs_write "/local/domain/$a/console/tty" "$XENSIM_DIR/not-a-tty"
daemon_start
xensim_wait 5 eval '[ "$(tty_of "$a")" != "$XENSIM_DIR/not-a-tty" ]'
ok $? "restarted daemon publishes a new pty ($old -> $(tty_of "$a"))"
guest_say "$a" 'after restart\r\n'
term_shows t1 "after restart"
ok $? "the client follows it: output"
term_type t1 "still here"
is "$(guest_hears "$a" 10)" "still here" "the client follows it: input"
grep -q "cannot open console tty $XENSIM_DIR/not-a-tty" "$(term_dir t1)/err"
ok $? "an unusable node is reported, and waited out"
xensim_kill daemon TERM
daemon_start
xensim_wait 5 holds "$(term_pid t1)" "$(tty_of "$a")"
ok $? "it follows a daemon stopped with SIGTERM too"

# --- any pty the node names ------------------------------------------------
tmux_ new-session -d -s other -x 80 -y 10 sleep 100000
other=$(term_tty other)
daemon_pty=$(tty_of "$a")
xs_write "/local/domain/$a/console/tty" "$other"
xensim_wait 5 holds "$(term_pid t1)" "$other"
ok $? "node rewritten to $other: the client opens it"
term_type t1 "to other"
term_shows other "to other"
ok $? "typed text goes to the new pty"
term_type other "from other"
term_shows t1 "from other"
ok $? "and what it carries shows on the terminal"
xs_write "/local/domain/$a/console/tty" "$daemon_pty"
xensim_wait 5 holds "$(term_pid t1)" "$daemon_pty"
guest_say "$a" 'back home\r\n'
term_shows t1 "back home"
ok $? "node rewritten back: the guest's console again"

# --- the end of a console --------------------------------------------------
xs_write "/local/domain/$a/console/tty" ""
term_exited t1
ok $? "an emptied node ends the session"
is "$(term_rc t1)" 0 "with status 0"
term_restored t1
ok $? "and the terminal modes restored"

term_run t2 "$b"
xensim_wait 5 term_is_raw t2
"$XENSIM_BIN/xensim" destroy notified
term_exited t2
ok $? "destroying the domain ends the session"
is "$(term_rc t2):$(term_err t2)" "0:" "with status 0 and no message"
term_restored t2
ok $? "and the terminal modes restored"

# --- signals ----------------------------------------------------------------
e=$(guest_create signalled)
xensim_wait 5 tty_of "$e" >/dev/null
for sig in TERM HUP INT; do
	term_run "s$sig" "$e"
	xensim_wait 5 term_is_raw "s$sig"
	ok $? "SIG$sig: attached, terminal raw"
	kill "-$sig" "$(term_pid "s$sig")"
	term_exited "s$sig"
	ok $? "SIG$sig ends an attached session"
	term_restored "s$sig"
	ok $? "SIG$sig: terminal modes restored"
	is "$(term_rc "s$sig"):$(term_err "s$sig")" 0: \
		"SIG$sig: status 0 and no message, as stock for SIGTERM"
	test ! -e "/var/lock/xenconsole.$e"
	ok $? "SIG$sig: lock file removed"
done

term_run hangup "$e"
xensim_wait 5 term_is_raw hangup
ok $? "attached again"
pid=$(term_pid hangup)
tmux_ kill-session -t hangup
xensim_wait 5 gone "$pid"
ok $? "the terminal hanging up ends the session"
test ! -e "/var/lock/xenconsole.$e"
ok $? "and the lock file is removed"

xensim_kill daemon
c=$(guest_create waiting)
term_run w "$c"
sleep 0.5
kill -TERM "$(term_pid w)"
term_exited w
ok $? "SIGTERM while still waiting for the pty ends it at once"
term_restored w
ok $? "terminal untouched"
is "$(term_rc w):$(term_err w)" 0: "status 0 and no message"
daemon_start

# --- which node --------------------------------------------------------------
d=$(guest_create nodes --vuart)
xensim_wait 5 tty_of "$d" >/dev/null
pv=$(tty_of "$d")
term_run n1 --type serial "$d"
xensim_wait 5 holds "$(term_pid n1)" "$pv"
ok $? "--type serial without serial/0/tty falls back to console/tty"
kill "$(term_pid n1)"
term_exited n1
xs_write "/local/domain/$d/serial/0/tty" "$other"
term_run n2 "$d"
xensim_wait 5 holds "$(term_pid n2)" "$other"
ok $? "default type on a guest with the HVM flag: serial/0/tty"
kill "$(term_pid n2)"
term_exited n2
term_run n3 --type pv "$d"
xensim_wait 5 holds "$(term_pid n3)" "$pv"
ok $? "--type pv: console/tty"
kill "$(term_pid n3)"
term_exited n3
xs_write "/local/domain/$d/device/console/1/tty" "$other"
term_run n4 --num 1 --type pv "$d"
xensim_wait 5 holds "$(term_pid n4)" "$other"
ok $? "--num 1 --type pv: device/console/1/tty"
kill "$(term_pid n4)"
term_exited n4

# A daemon with vuart support publishes vuart/0/tty; stock x86 builds do
# not, so then stand in for it with another pty.
if xensim_wait 2 tty_of "$d" vuart/0/tty >/dev/null; then
	term_run n5 --type vuart --num 3 "$d"
	xensim_wait 5 term_is_raw n5
	printf 'vuart out\r\n' | "$XENSIM_BIN/xensim-guest" "$d" write vuart
	term_shows n5 "vuart out"
	ok $? "--type vuart: vuart/0/tty (served by the daemon; --num ignored)"
else
	diag "the daemon serves no vuart: vuart/0/tty names another pty"
	xs_write "/local/domain/$d/vuart/0/tty" "$other"
	term_run n5 --type vuart --num 3 "$d"
	xensim_wait 5 holds "$(term_pid n5)" "$other"
	ok $? "--type vuart: vuart/0/tty (--num ignored)"
fi
kill "$(term_pid n5)"
term_exited n5

tap_done
