#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# restart.sh with the UART in the daemon (--pl011-isolation=none): a
# daemon killed with -9 parks nothing, and the next one adopts the ioreq
# server and the state file's UART itself.
PX_ISOLATION=none exec bash tests/pl011-xen/t/restart.sh "$@"
