# SPDX-License-Identifier: GPL-2.0-only
PL011_BENCH := $(BUILD)/tests/bench/pl011_bench

$(PL011_BENCH): $(BUILD)/tests/bench/pl011_bench.o $(PL011_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

all: $(PL011_BENCH)
BENCHES += tests/bench/pl011-bench
# On the simulated Xen: stock vs our daemon with idle guests, and the
# PL011 ioreq round trip.
BENCHES += tests/bench/daemon-bench.sh tests/bench/pl011-ioreq-bench.sh
# PV console, vuart and PL011 side by side: table and consoles.png.
BENCHES += tests/bench/consoles-bench.sh
# What running each guest's PL011 in its own emulator process costs.
BENCHES += tests/bench/isolation-bench.sh
