# SPDX-License-Identifier: GPL-2.0-only
PL011_DIR := tools/console/daemon/pl011
PL011_OBJS := $(BUILD)/$(PL011_DIR)/pl011.o $(BUILD)/$(PL011_DIR)/pl011_state.o
INCLUDES += -I$(PL011_DIR)
all: $(PL011_OBJS)

# A toy guest on the model with the terminal as host (the README's demo
# until the daemon exists).
PL011_DEMO := $(BUILD)/$(PL011_DIR)/demo/pl011-demo
$(PL011_DEMO): $(BUILD)/$(PL011_DIR)/demo/pl011_demo.o $(PL011_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
all: $(PL011_DEMO)
