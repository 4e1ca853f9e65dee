#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's stock xenconsole --type serial on our PL011: it finds the pty
# through serial/0/tty, shows what the guest's Linux console prints, sends
# what is typed to the guest's interrupt-driven receive path, and leaves
# on ^].
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

dom=$(px_create stock) && px_serial "$dom" && tty=$(px_tty "$dom" serial/0)
ok $? "guest $dom has serial/0/tty"
mkfifo "$XENSIM_DIR/client.in"
XENSIM_STDIN=$XENSIM_DIR/client.in xensim_spawn xenconsole \
	"$(xensim_stock_bin xenconsole)" --type serial --interactive "$dom"
exec 9>"$XENSIM_DIR/client.in"
client=$(cat "$XENSIM_DIR/pids/xenconsole")
xensim_wait 5 xensim_has_open "$client" "$tty" && kill -0 "$client"
ok $? "stock xenconsole --type serial $dom attaches to $tty and stays"

printf 'hello from the pl011\n' |
	px_guest "$dom" replay linux-amba init write ready "$PX_TMP/ready" \
		read 11 5000 >"$PX_TMP/got" 2>"$PX_TMP/err" &
guest=$!
xensim_wait 10 grep -q 'hello from the pl011' "$XENSIM_DIR/xenconsole.out"
ok $? "xenconsole shows the guest's console output"
xensim_wait 10 test -e "$PX_TMP/ready" && printf 'from client' >&9
wait $guest
px_ok_guest $? "$PX_TMP/err" "guest driver checks pass"
is "$(cat "$PX_TMP/got")" "from client" \
	"xenconsole's stdin reaches the guest through the PL011"
printf '\x1d' >&9
xensim_wait 5 sh -c "! kill -0 $client"
ok $? "xenconsole exits on the ^] escape"
exec 9>&-

tap_done
