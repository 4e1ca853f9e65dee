# SPDX-License-Identifier: GPL-2.0-only
PL011_BENCH := $(BUILD)/tests/bench/pl011_bench

$(PL011_BENCH): $(BUILD)/tests/bench/pl011_bench.o $(PL011_OBJS)
	$(CC) $(LDFLAGS) -o $@ $^

all: $(PL011_BENCH)
BENCHES += tests/bench/pl011-bench
