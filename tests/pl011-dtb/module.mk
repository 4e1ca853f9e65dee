# SPDX-License-Identifier: GPL-2.0-only
# xen-pl011-dtb against the hand-written device trees (dtc decompiles
# both); it runs no code of ours that the sanitizer pass would add to.
PL011_DTB_TESTS := tests/pl011-dtb/pl011-dtb.sh
TESTS_ONCE += $(PL011_DTB_TESTS)
$(PL011_DTB_TESTS): $(PL011_DTB)
