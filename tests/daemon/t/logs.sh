#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Our daemon's logs, end to end on the simulated Xen: hostile domain names
# give safe file names (and a symlink planted under the expected name is
# not followed), output nobody reads on the pty is dropped from the pty
# only, counted and noted in the log, --log-max-size rotates, and
# --overflow-data=keep holds the guest back instead of dropping.
. tests/xensim/env.sh
. tests/lib/tap.sh
xensim_test_setup "$@"
export XENCONSOLED=$PWD/${BUILD:-build}/tools/console/daemon/xenconsoled
log=$XENSIM_DIR/log
G=$XENSIM_BIN/xensim-guest

start_daemon() {
	xensim_spawn xenconsoled "$(xensim_consoled)" -i --log=guest \
		--log-dir="$log" --control="$XENSIM_DIR/control.sock" "$@"
}

# stat_of DOMID KIND FIELD: one counter of one console, from the daemon.
stat_of() {
	python3 - "$XENSIM_DIR/control.sock" "$@" <<'PY' 2>/dev/null
import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
doc = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    doc += b
dom, kind, field = int(sys.argv[2]), sys.argv[3], sys.argv[4]
for c in json.loads(doc)["consoles"]:
    if c["domid"] == dom and c["kind"] == kind:
        print(c[field])
PY
}

tty_of() {
	local t
	t=$(xs_read "/local/domain/$1/console/tty") && [ -n "$t" ] && echo "$t"
}

size_is() {
	[ "$(cat "$@" 2>/dev/null | wc -c)" -eq "$1" ] 2>/dev/null
}

# --- hostile names ----------------------------------------------------------
mkdir -p "$log"
ln -s /etc/hostname "$log/guest-planted.log"
start_daemon
evil=$("$XENSIM_BIN/xensim" create $'../../etc/x\001y')
planted=$("$XENSIM_BIN/xensim" create planted)
xensim_wait 5 tty_of "$evil" >/dev/null && xensim_wait 5 tty_of "$planted" >/dev/null
ok $? "guests with a hostile and a planted name get their consoles"
printf 'evil\n' | "$G" "$evil" write pv
xensim_wait 5 test -s "$log/guest-%2E.%2F..%2Fetc%2Fx%01y.log"
ok $? "a name with slashes, dots and a control byte gives a safe file"
is "$(find "$log" -newer "$log/guest-planted.log" -name '*etc*' | wc -l)" 1 \
	"...and no file anywhere else"
printf 'not through the link\n' | "$G" "$planted" write pv
# Delivered (to its pty, which nobody reads) before anything is judged.
xensim_wait 5 test "$(stat_of "$planted" pv out_bytes)" -ge 21
ok $? "the planted guest's output was delivered"
! grep -q 'not through the link' /etc/hostname
ok $? "a symlink planted under the log's name is not followed"
grep -q 'planted.*Too many levels\|guest-planted.log' "$XENSIM_DIR/xenconsoled.err"
ok $? "the refused log is reported"

# --- nobody reads the pty: dropped there, counted, noted, all in the log ----
flood=$("$XENSIM_BIN/xensim" create flood)
xensim_wait 5 tty_of "$flood" >/dev/null
head -c $((3 << 20)) /dev/zero | tr '\0' 'f' >"$XENSIM_DIR/3m"
"$G" "$flood" write pv <"$XENSIM_DIR/3m"
ok $? "3 MiB written with no pty reader: the guest is never held back"
notes() {
	grep 'xenconsoled: .* bytes of output were not delivered to the pty' \
		"$log/guest-flood.log"
}
xensim_wait 5 notes >/dev/null
ok $? "the log notes the bytes the pty missed"
noted() {
	notes | sed -n 's/.*xenconsoled: \([0-9]*\) bytes.*/\1/p' |
		awk '{ s += $1 } END { print s + 0 }'
}
counted() {
	stat_of "$flood" pv pty_dropped
}
# The last note of a burst comes up to a second after it.
notes_complete() {
	[ "$(noted)" = "$(counted)" ]
}
xensim_wait 5 notes_complete
dropped=$(noted)
counted=$(counted)
ok $(( dropped > 0 ? 0 : 1 )) "the notes add up to $dropped dropped bytes"
is "$dropped" "$counted" "...which is the daemon's pty_dropped counter"
is "$(grep -v 'xenconsoled:' "$log/guest-flood.log" | tr -d '\n' | wc -c)" \
	$((3 << 20)) "every guest byte is in the log"

# --- rotation ----------------------------------------------------------------
xensim_kill xenconsoled
start_daemon --log-max-size=64k --log-backups=2
xensim_wait 5 tty_of "$flood" >/dev/null
head -c $((300 << 10)) /dev/zero | tr '\0' 'r' | "$G" "$flood" write pv
xensim_wait 10 test -e "$log/guest-flood.log.2"
ok $? "--log-max-size=64k rotated the log"
! ls "$log"/guest-flood.log.3 >/dev/null 2>&1
ok $? "--log-backups=2 kept two backups"
ok $(( $(stat -c %s "$log/guest-flood.log") <= 65536 ? 0 : 1 )) \
	"the current log stays within the cap"

# --- keep: the guest waits for the pty reader ------------------------------
xensim_kill xenconsoled
start_daemon -o keep
keep=$("$XENSIM_BIN/xensim" create keeper)
xensim_wait 5 tty_of "$keep" >/dev/null
tty=$(tty_of "$keep")
head -c $((2 << 20)) /dev/urandom >"$XENSIM_DIR/2m"
XENSIM_GUEST_TIMEOUT_MS=1500 "$G" "$keep" write pv <"$XENSIM_DIR/2m" 2>/dev/null
ok $(( $? != 0 ? 0 : 1 )) "--overflow-data=keep: with no reader the guest is held back"
timeout 20 cat <"$tty" >"$XENSIM_DIR/keep.pty" &
reader=$!
"$G" "$keep" write pv </dev/null
same_size() {
	[ "$(stat -c %s "$XENSIM_DIR/keep.pty")" = \
	  "$(stat -c %s "$log/guest-keeper.log")" ]
}
xensim_wait 20 same_size
kill $reader 2>/dev/null
pty_bytes=$(stat -c %s "$XENSIM_DIR/keep.pty")
log_bytes=$(stat -c %s "$log/guest-keeper.log")
is "$pty_bytes" "$log_bytes" "once read, the pty got every byte the log got ($log_bytes)"
tap_done
