# SPDX-License-Identifier: GPL-2.0-only
TAP_OBJ := $(BUILD)/tests/lib/tap.o
