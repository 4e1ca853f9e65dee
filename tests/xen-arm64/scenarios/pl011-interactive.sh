# SPDX-License-Identifier: GPL-2.0-only
#
# Issue 6 scenario 2: the xenconsole in dom0 (`--type serial`, standard
# input a pipe, hence --interactive) types a command into the shell on the
# guest's PL011 and reads the answer; a 4 KiB paste arrives intact (its
# md5sum computed in the guest matches dom0's).  Then `xl console -t
# serial` (xl finds the tty, runs the client; not interactive: no
# terminal here) receives a line the guest prints later.
. /xentest/lib.sh
name=xt-tty
log=/var/log/xen/console/guest-$name-serial0.log
out=/tmp/session.out

# 64 lines of 66 bytes.
paste_text() {
	awk 'BEGIN { for (i = 0; i < 64; i++) printf "paste-%03d-%s\n", i,
		"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS" }'
}

# say TEXT: type TEXT and a newline into the session.
say() {
	printf '%s\n' "$1" >&3
}

tty=$XENTEST_PL011_TTY
domid=$(xentest_pl011_create "$name" "console=$tty quiet rdinit=/init")
xentest_ok $? "$name: created with its PL011" || exit 1
xentest_wait_text 120 "$log" XENTEST-DOMU-UP
xentest_ok $? "$name: domU shell up on $tty" || exit 1

rm -f /tmp/session.in
mkfifo /tmp/session.in
xenconsole --type serial --interactive "$domid" \
	< /tmp/session.in > "$out" 2>/tmp/session.err &
client=$!
exec 3>/tmp/session.in
sleep 1
t0=$(xentest_ms)
# shellcheck disable=SC2016 # expanded by the guest's shell
say 'echo "answer-$((6 * 7))"'
xentest_wait_text 30 "$out" answer-42
xentest_ok $? "typed command answered through xenconsole --type serial"
xentest_time "$name-command-round-trip" "$t0"

paste_text > /tmp/paste.txt
expected=$(md5sum < /tmp/paste.txt | cut -d' ' -f1)
# Quotes split the markers so that the echoed command never matches.
say 'stty -echo; echo "ready""-to-paste"; cat > /tmp/paste'
xentest_wait_text 30 "$out" ready-to-paste
t0=$(xentest_ms)
cat /tmp/paste.txt >&3
printf '\004' >&3
# shellcheck disable=SC2016 # expanded by the guest's shell
say 'stty echo; echo "paste""-md5 $(md5sum < /tmp/paste)"'
# The whole digest: output arrives in pieces, the line may be half there.
xentest_wait 300 grep -qE "paste-md5 [0-9a-f]{32}" "$out"
xentest_time "$name-4k-paste" "$t0"
got=$(tr -d '\r' < "$out" | sed -n 's/.*paste-md5 \([0-9a-f]*\).*/\1/p')
[ "$got" = "$expected" ]
xentest_ok $? "4 KiB paste intact in the guest (md5 $got)" ||
	xentest_show "$out"
xentest_stats "$name"

# One client at a time (xenconsole locks the console): ours goes first.
say '(sleep 5; echo "late""-line") &'
sleep 1
exec 3>&-
kill "$client" 2>/dev/null
wait "$client"
xl console -t serial "$domid" > /tmp/xl-console.out 2>&1 &
xl_console=$!
xentest_wait_text 60 /tmp/xl-console.out late-line
xentest_ok $? "xl console -t serial attached and got the guest's output" ||
	xentest_show /tmp/xl-console.out
kill "$xl_console" 2>/dev/null
xl destroy "$domid"
xentest_ok $? "$name: xl destroy"
