#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Debian's stock xenstored, xenconsoled and xenconsole on the simulated
# Xen: a guest's PV console output reaches guest-NAME.log and the pty named
# in console/tty byte for byte (all 256 byte values, more than one ring's
# worth), bytes typed into the pty reach the guest's IN ring, the stock
# xenconsole client relays both ways, and (being an x86 build) the stock
# daemon leaves the vuart alone.
. tests/xensim/env.sh
. tests/lib/tap.sh
xensim_test_setup "$@"

log=$XENSIM_DIR/log
xensim_spawn xenconsoled "$(xensim_consoled)" -i --log=guest \
	--log-dir="$log"
domid=$("$XENSIM_BIN/xensim" create demo --vcpus 2)
ok $? "xensim create prints a domid ($domid)"

tty_of_dom() {
	local t
	t=$(xs_read "/local/domain/$1/$2/tty") && [ -n "$t" ] && echo "$t"
}
tty_of() {
	tty_of_dom "$domid" "$1"
}
xensim_wait 5 tty_of console >/dev/null
ok $? "stock xenconsoled writes console/tty"
tty=$(tty_of console)
case $tty in /dev/pts/*) ok 0 "console/tty is a pty ($tty)" ;;
	*) ok 1 "console/tty is a pty ($tty)" ;; esac

payload=$XENSIM_DIR/payload
perl -e 'print map { chr } (0 .. 255) x 20' >"$payload"
size=$(stat -c %s "$payload")
timeout 10 head -c "$size" <"$tty" >"$XENSIM_DIR/pty.out" &
reader=$!
"$XENSIM_BIN/xensim-guest" "$domid" write pv <"$payload"
ok $? "guest writes $size bytes through its 2 KiB OUT ring"
wait $reader
files_equal "$XENSIM_DIR/pty.out" "$payload" "pty carries the bytes exactly"
has_size() {
	[ "$(stat -c %s "$1" 2>/dev/null)" = "$2" ]
}
xensim_wait 5 has_size "$log/guest-demo.log" "$size"
files_equal "$log/guest-demo.log" "$payload" \
	"guest-demo.log holds the bytes exactly"

input=$'typed\r\n\x03\x1b[A\x7f'
( sleep 0.2; printf '%s' "$input" >"$tty" ) &
got=$("$XENSIM_BIN/xensim-guest" "$domid" read pv ${#input} 5000 | od -An -c)
is "$got" "$(printf '%s' "$input" | od -An -c)" \
	"bytes typed into the pty reach the guest's IN ring unchanged"

# The stock client: it finds the pty through xenstore and relays.
mkfifo "$XENSIM_DIR/client.in"
XENSIM_STDIN=$XENSIM_DIR/client.in xensim_spawn xenconsole \
	"$(xensim_stock_bin xenconsole)" --interactive "$domid"
exec 9>"$XENSIM_DIR/client.in"
xensim_wait 5 xensim_has_open "$(cat "$XENSIM_DIR/pids/xenconsole")" "$tty"
ok $? "stock xenconsole attaches to $tty"
printf 'hello client\n' | "$XENSIM_BIN/xensim-guest" "$domid" write pv
xensim_wait 5 grep -q 'hello client' "$XENSIM_DIR/xenconsole.out"
ok $? "stock xenconsole shows the guest's output"
( sleep 0.2; printf 'from client' >&9 ) &
got=$("$XENSIM_BIN/xensim-guest" "$domid" read pv 11 5000)
is "$got" "from client" "stock xenconsole's stdin reaches the guest"
printf '\x1d' >&9
xensim_wait 5 sh -c "! kill -0 $(cat "$XENSIM_DIR/pids/xenconsole")"
ok $? "xenconsole exits on the ^] escape"
exec 9>&-

uart=$("$XENSIM_BIN/xensim" create uartguest --vuart)
xensim_wait 5 tty_of_dom "$uart" console >/dev/null
ok $? "a guest with a vuart still gets its PV console"
is "$(xs_read "/local/domain/$uart/vuart/0/type")" xenconsoled \
	"the vuart keys are there as libxl writes them"
if xensim_consoled_is_stock; then
	# Debian's amd64 xenconsoled is built without CONFIG_ARM: it has no
	# vuart console type, so it must leave vuart/0 alone.
	! xs_read "/local/domain/$uart/vuart/0/tty" >/dev/null 2>&1 &&
		[ ! -e "$log/guest-uartguest-vuart0.log" ]
	ok $? "stock (x86) xenconsoled serves no vuart: no vuart/0/tty, no log"
else
	xensim_wait 5 tty_of_dom "$uart" vuart/0 >/dev/null
	ok $? "the vuart gets its pty in vuart/0/tty"
	vtty=$(tty_of_dom "$uart" vuart/0)
	timeout 10 head -c "$size" <"$vtty" >"$XENSIM_DIR/vuart.out" &
	reader=$!
	"$XENSIM_BIN/xensim-guest" "$uart" write vuart <"$payload"
	wait $reader
	files_equal "$XENSIM_DIR/vuart.out" "$payload" "vuart output on its pty exactly"
	xensim_wait 5 test "$(stat -c %s "$log/guest-uartguest-vuart0.log" 2>/dev/null)" = "$size"
	files_equal "$log/guest-uartguest-vuart0.log" "$payload" \
		"guest-uartguest-vuart0.log holds the bytes exactly"
	( sleep 0.2; printf 'to vuart' >"$vtty" ) &
	is "$("$XENSIM_BIN/xensim-guest" "$uart" read vuart 8 5000)" "to vuart" \
		"bytes typed into the vuart pty reach the guest's vuart ring"
fi

tap_done
