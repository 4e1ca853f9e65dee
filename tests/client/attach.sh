#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# xenconsole attached to a guest's PV console through a real terminal:
# guest output shows on the screen, typed bytes reach the guest's IN ring
# (control characters included, since the terminal is raw), the escape
# character (^] or --escape) detaches and the terminal modes come back,
# --start-notify-fd writes one 0x00 and closes, --interactive forwards a
# pipe, and the lock file is removed on exit.
. tests/xensim/env.sh
. tests/lib/tap.sh
. tests/client/lib/term.sh
xensim_enter_namespace "$0" "$@"
client_setup
daemon_start

domid=$(guest_create demo)
ok $? "guest created (domid $domid)"
xensim_wait 5 tty_of "$domid" >/dev/null || bail "daemon wrote no console/tty"

# The simulated guest is an Arm one: HVM flag, no serial/0, so pv.
term_run t1 "$domid"
ok $? "client started in a terminal"
xensim_wait 5 test -e "/var/lock/xenconsole.$domid"
ok $? "it holds /var/lock/xenconsole.$domid"
xensim_wait 5 term_is_raw t1
ok $? "the terminal is raw while attached"
guest_say "$domid" 'Linux version 6.1\r\nlogin: '
term_shows t1 "login:"
ok $? "guest output shows on the terminal"

term_type t1 "root"
is "$(guest_hears "$domid" 4)" "root" "typed text reaches the guest"
# ^C, ^D, ^Z, ^\, ESC [ A, DEL, CR: nothing is eaten by the terminal.
term_keys t1 03 04 1a 1c 1b 5b 41 7f 0d
is "$(guest_hears "$domid" 9 | od -An -tx1 | tr -s ' ')" \
	" 03 04 1a 1c 1b 5b 41 7f 0d" \
	"control characters reach the guest unchanged"
kill -0 "$(term_pid t1)" && [ ! -e "$(term_dir t1)/rc" ]
ok $? "^C, ^Z and ^\\ raised no signal: the client is still attached"

term_keys t1 1d
term_exited t1
ok $? "^] detaches"
is "$(term_rc t1)" 0 "exit status 0 after the escape"
term_restored t1
ok $? "terminal modes restored (stty -g before = after)"
is "$(term_err t1)" "" "nothing on stderr"
test ! -e "/var/lock/xenconsole.$domid"
ok $? "lock file removed"

# Bytes typed before the escape in the same read still go through.
term_run t2 --escape '^a' "$domid"
xensim_wait 5 term_is_raw t2
term_keys t2 1d
term_type t2 "x"
is "$(guest_hears "$domid" 2 | od -An -tx1 | tr -s ' ')" " 1d 78" \
	"with --escape ^a, ^] is ordinary input"
tmux_ send-keys -t t2 -l "bye"
term_keys t2 01
term_exited t2
ok $? "^a detaches"
is "$(guest_hears "$domid" 3)" "bye" "input typed just before it arrives"
term_restored t2
ok $? "terminal modes restored"

term_run t3 --escape q "$domid"
xensim_wait 5 term_is_raw t3
term_type t3 "q"
term_exited t3
ok $? "--escape q: a printable escape character detaches"

# xl passes DOMID first, and waits for the byte before unpausing.
mkfifo "$XENSIM_DIR/notify"
xensim_spawn notify sh -c 'exec "$0" "$1" --num 0 --type pv \
	--start-notify-fd 5 5>"$2"' "$XENCONSOLE" "$domid" "$XENSIM_DIR/notify"
got=$(timeout 5 od -An -tx1 <"$XENSIM_DIR/notify")
is "$got" " 00" "--start-notify-fd: one 0x00 byte, then the fd is closed"
kill -0 "$(cat "$XENSIM_DIR/pids/notify")"
ok $? "the client is still attached after notifying"
xensim_kill notify

# --interactive: stdin is a pipe, output goes to a file.
mkfifo "$XENSIM_DIR/pipe"
XENSIM_STDIN=$XENSIM_DIR/pipe xensim_spawn piped "$XENCONSOLE" \
	--interactive "$domid"
exec 9>"$XENSIM_DIR/pipe"
xensim_wait 5 test -e "/var/lock/xenconsole.$domid"
printf 'from a pipe' >&9
is "$(guest_hears "$domid" 11)" "from a pipe" "--interactive forwards a pipe"
guest_say "$domid" 'to a file\n'
xensim_wait 5 grep -q 'to a file' "$XENSIM_DIR/piped.out"
ok $? "output goes to a non-terminal stdout"
printf 'end\x1d' >&9
xensim_wait 5 sh -c "! kill -0 $(cat "$XENSIM_DIR/pids/piped")"
ok $? "the escape ends it even inside a longer write"
is "$(guest_hears "$domid" 3)" "end" "bytes before the escape were sent"
exec 9>&-

tap_done
