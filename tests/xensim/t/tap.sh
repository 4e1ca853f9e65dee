# SPDX-License-Identifier: GPL-2.0-only
#
# Kept for scripts that source it from here: the shell TAP helpers live in
# tests/lib/tap.sh.
. tests/lib/tap.sh
