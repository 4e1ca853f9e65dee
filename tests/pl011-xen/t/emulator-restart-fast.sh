#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# emulator-restart.sh on a simulated Xen with our fast path
# (XENSIM_FAST_PATH=1): an emulator killed with writes on the buffered
# ring and a publication in the page is replaced by one that takes over
# both (ioreq_fast.c, take_over()), and the log still comes out whole.
export XENSIM_FAST_PATH=1 PX_FAST_PATH=on
. tests/pl011-xen/t/emulator-restart.sh
