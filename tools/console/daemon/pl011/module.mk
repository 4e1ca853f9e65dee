# SPDX-License-Identifier: GPL-2.0-only
PL011_DIR := tools/console/daemon/pl011
PL011_OBJS := $(BUILD)/$(PL011_DIR)/pl011.o $(BUILD)/$(PL011_DIR)/pl011_state.o
ALL_CFLAGS += -I$(PL011_DIR)
all: $(PL011_OBJS)
