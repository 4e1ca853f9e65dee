#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Each guest driver replayed through MMIO against our daemon's PL011 on the
# simulated Xen (Linux amba-pl011 and sbsa-uart, earlycon writeb/mmio32,
# U-Boot, EDK2): the driver's checks pass, its console output (all 256
# byte values; "\r\n" for "\n" where the driver sends it) is byte-exact in
# guest-NAME-serial0.log and on the pty named in serial/0/tty, and bytes
# typed on the pty arrive in order through the driver's input path
# (interrupt-driven for Linux).  Then a 64 KiB paste into Linux's
# interrupt-driven receive path, and how many polls a BUSY wait takes.
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

PASTE_LEN=65536

px_run_driver linux-amba 1 10
px_run_driver linux-sbsa 1 20
px_run_driver earlycon 1 30
px_run_driver earlycon-mmio32 1 40
px_run_driver u-boot 1 50
px_run_driver freebsd 0 60
px_run_driver edk2 0 60

# A 64 KiB paste: the pty holds it back until the FIFO has room, so the
# RX interrupt path sees no overrun (DR error bits are checked) and no loss.
dom=$(px_create paste) && px_serial "$dom" && tty=$(px_tty "$dom" serial/0)
ok $? "paste: guest $dom gets a PL011"
px_pattern $PASTE_LEN 70 >"$PX_TMP/paste"
px_guest "$dom" replay linux-amba init ready "$PX_TMP/paste.ready" \
	read $PASTE_LEN 5000 >"$PX_TMP/paste.got" 2>"$PX_TMP/paste.err" &
guest=$!
xensim_wait 30 test -e "$PX_TMP/paste.ready"
start=$(date +%s%N)
timeout 60 cat "$PX_TMP/paste" >"$tty"
wait $guest
px_ok_guest $? "$PX_TMP/paste.err" \
	"paste: linux-amba takes it by interrupt, no error bits, no stall"
diag "64 KiB paste took $((($(date +%s%N) - start) / 1000000)) ms"
files_equal "$PX_TMP/paste.got" "$PX_TMP/paste" \
	"paste: all $PASTE_LEN bytes arrive in order"

# earlycon's FR.BUSY wait after each byte: the model sees the wait after
# the first byte, and from then on the daemon pulls each byte before the
# guest's first poll (3 accesses a byte: FR, DR, FR).
printf 'x%.0s' $(seq 64) >"$PX_TMP/busy"
PX_STATS=1 px_guest "$dom" replay earlycon write <"$PX_TMP/busy" \
	2>"$PX_TMP/busy.err"
accesses=$(sed -n 's/^guest: \([0-9]*\) accesses.*/\1/p' "$PX_TMP/busy.err")
diag "earlycon: ${accesses:-?} accesses for 64 bytes"
[ -n "$accesses" ] && [ "$accesses" -le $((64 * 3 + 2)) ]
ok $? "earlycon: BUSY clear at the first poll (3 accesses a byte, 2 more once)"

# The Linux tty path (`cat file >/dev/ttyAMA0`): the daemon lets output
# collect until the driver finds TXFF, so the driver turns to the TX
# interrupt (half a FIFO per interrupt, no FR reads) rather than an FR
# read and a DR write per byte with interrupts off.
TTY_LEN=16384
dom=$(px_create tty-write) && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null
ok $? "tty-write: guest $dom gets a PL011"
px_pattern $TTY_LEN 90 >"$PX_TMP/tty"
PX_STATS=1 px_guest "$dom" replay linux-amba init tty-write \
	<"$PX_TMP/tty" 2>"$PX_TMP/tty.err"
px_ok_guest $? "$PX_TMP/tty.err" \
	"tty-write: $TTY_LEN bytes through start_tx and the TX interrupt"
px_wait_size "$PX_LOG/guest-tty-write-serial0.log" $TTY_LEN 10
files_equal "$PX_LOG/guest-tty-write-serial0.log" "$PX_TMP/tty" \
	"tty-write: guest-tty-write-serial0.log is byte-exact"
read -r accesses irqs < <(sed -n \
	's/^guest: \([0-9]*\) accesses, \([0-9]*\) TX.*/\1 \2/p' "$PX_TMP/tty.err")
diag "tty-write: ${accesses:-?} accesses (probe included), ${irqs:-?} TX interrupts for $TTY_LEN bytes"
[ -n "$irqs" ] && [ "$irqs" -ge $((TTY_LEN / 32)) ]
ok $? "tty-write: interrupt-driven (at least one TX interrupt per 32 bytes)"
[ -n "$accesses" ] && [ $((accesses * 4)) -le $((TTY_LEN * 5)) ]
ok $? "tty-write: at most 1.25 accesses a byte (2 when the FIFO never fills)"

# A driver waiting for the TX interrupt status by polling RIS gets its
# bytes pulled at its second poll; one whose wait the model cannot see
# (DR and RIS reads in turn, never quiet) gets them within the daemon's
# longest hold (500 ms), not never.  Both outputs land in the log.
dom=$(px_create tx-wait) && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null
ok $? "tx-wait: guest $dom gets a PL011"
printf 'ris-poll-0123456789\n' >"$PX_TMP/ris"
printf 'mixed-poll-0123456789\n' >"$PX_TMP/mixed"
read -r polls ms < <(px_guest "$dom" replay linux-amba init tx-wait ris \
	<"$PX_TMP/ris" 2>"$PX_TMP/ris.err")
diag "tx-wait ris: RIS.TX after ${polls:-?} polls, ${ms:-?} ms"
[ -n "$polls" ] && [ "$polls" -le 2 ]
ok $? "tx-wait ris: output pulled once RIS is polled twice"
read -r polls ms < <(px_guest "$dom" replay linux-amba tx-wait mixed \
	<"$PX_TMP/mixed" 2>"$PX_TMP/mixed.err")
diag "tx-wait mixed: RIS.TX after ${polls:-?} polls, ${ms:-?} ms"
[ -n "$ms" ]
px_ok_guest $? "$PX_TMP/mixed.err" \
	"tx-wait mixed: an unrecognised wait ends too (the daemon's hold limit)"
cat "$PX_TMP/ris" "$PX_TMP/mixed" >"$PX_TMP/tx-wait.want"
px_wait_size "$PX_LOG/guest-tx-wait-serial0.log" \
	"$(stat -c %s "$PX_TMP/tx-wait.want")" 10
files_equal "$PX_LOG/guest-tx-wait-serial0.log" "$PX_TMP/tx-wait.want" \
	"tx-wait: both outputs logged, in order"

tap_done
