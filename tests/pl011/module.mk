# SPDX-License-Identifier: GPL-2.0-only
# Each tests/pl011/*.c is one TAP test program linked with the model and
# with every helper under tests/pl011/lib/ (the driver-replay engine);
# the wildcard is not recursive, so lib/ files are never tests.
PL011_TEST_SRCS := $(wildcard tests/pl011/*.c)
PL011_TESTS := $(patsubst tests/pl011/%.c,$(BUILD)/tests/pl011/%,\
		 $(PL011_TEST_SRCS))
PL011_TEST_LIB_OBJS := $(patsubst %.c,$(BUILD)/%.o,\
			 $(wildcard tests/pl011/lib/*.c))
TESTS += $(PL011_TESTS)

# The replays' SINK_WANTED host is the daemon's own output policy.
PL011_PACING_OBJ := $(BUILD)/tools/console/daemon/pl011_pacing.o
$(PL011_TESTS): $(BUILD)/tests/pl011/%: $(BUILD)/tests/pl011/%.o \
		$(PL011_TEST_LIB_OBJS) $(PL011_OBJS) $(PL011_PACING_OBJ) \
		$(TAP_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
