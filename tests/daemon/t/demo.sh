#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The README's main job, checked: tools/run-demo --check starts the
# simulated Xen, three demo guests (PV, vuart, PL011) and our daemon, and
# checks every console greets in its log and echoes through its pty.
. tests/lib/tap.sh
out=$(timeout 180 bash tools/run-demo --check 2>&1)
status=$?
ok $status "run-demo: all consoles greet and echo"
[ $status -eq 0 ] || sed 's/^/#   /' <<<"$out"
tap_done
