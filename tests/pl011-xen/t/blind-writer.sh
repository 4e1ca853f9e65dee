#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# A guest that writes DR byte after byte without ever reading FR would
# lose what meets a full FIFO on hardware; our UART takes the output
# first, so every byte reaches the log (unless --pl011-tx=drop was
# chosen, where nothing ever waits).
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

dom=$(px_create blind) && px_serial "$dom" && px_tty "$dom" serial/0 >/dev/null
ok $? "guest $dom gets a PL011"
# Three FIFOs' worth and a bit in one go: 100 bytes, no newline.
px_pattern 356 5 | tail -c 100 | tr -d '\n\r' | head -c 100 >"$PX_TMP/out"
px_guest "$dom" replay blind write <"$PX_TMP/out" 2>"$PX_TMP/write.err"
px_ok_guest $? "$PX_TMP/write.err" \
	"the guest wrote $(stat -c %s "$PX_TMP/out") bytes, never reading FR"
px_wait_size "$PX_LOG/guest-blind-serial0.log" "$(stat -c %s "$PX_TMP/out")" 10
files_equal "$PX_LOG/guest-blind-serial0.log" "$PX_TMP/out" \
	"every byte is in the log: none lost to a full FIFO"
tap_done
