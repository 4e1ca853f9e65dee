#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The Linux drivers again on the simulation's Xen 4.18+ ioreq data rules
# (reads carry 0 to the server, the reply is masked by Xen) and its new
# vGIC (XENSIM_XEN_VERSION, XENSIM_NEW_VGIC, read by xensim-hv): output,
# typed input by interrupt and a 4 KiB paste behave as on 4.17.
export XENSIM_XEN_VERSION=4.18 XENSIM_NEW_VGIC=1
. tests/pl011-xen/lib.sh
px_setup "$@"
px_daemon

px_run_driver linux-amba 1 210
px_run_driver linux-sbsa 1 220

dom=$(px_create paste) && px_serial "$dom" && tty=$(px_tty "$dom" serial/0)
ok $? "paste: guest $dom gets a PL011"
px_pattern 4096 230 >"$PX_TMP/paste"
px_guest "$dom" replay linux-sbsa init ready "$PX_TMP/paste.ready" \
	read 4096 5000 >"$PX_TMP/paste.got" 2>"$PX_TMP/paste.err" &
guest=$!
xensim_wait 30 test -e "$PX_TMP/paste.ready" &&
	timeout 30 cat "$PX_TMP/paste" >"$tty"
wait $guest
px_ok_guest $? "$PX_TMP/paste.err" "paste: taken by interrupt, no errors"
files_equal "$PX_TMP/paste.got" "$PX_TMP/paste" \
	"paste: all 4096 bytes arrive in order"

tap_done
