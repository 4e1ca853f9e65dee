# SPDX-License-Identifier: GPL-2.0-only
#
# libFuzzer targets, built with clang into build/fuzz (never the SAN tree).
# `make fuzz` runs each for FUZZ_SECONDS; `make check` runs FUZZ_SMOKE_SECONDS
# and replays the kept regression inputs in tests/fuzz/corpus/<target>/.
FUZZ_BUILD := build/fuzz
FUZZ_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -O1 -g \
	       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	       -I$(PL011_DIR) -I$(DAEMON_DIR) -Itests/fuzz -Itests/lib
# The model; the ioreq request path; the console ring's consumer; what
# the daemon reads from a PL011 emulator.
FUZZ_TARGETS := pl011_fuzz mmio_fuzz ring_fuzz wire_fuzz
FUZZ_BINS := $(addprefix $(FUZZ_BUILD)/,$(FUZZ_TARGETS))

$(FUZZ_BUILD)/pl011_fuzz: tests/fuzz/pl011_fuzz.c $(PL011_DIR)/pl011.c \
			  $(PL011_DIR)/pl011_state.c
$(FUZZ_BUILD)/mmio_fuzz: tests/fuzz/mmio_fuzz.c $(DAEMON_DIR)/mmio.c
$(FUZZ_BUILD)/ring_fuzz: tests/fuzz/ring_fuzz.c $(DAEMON_DIR)/ring.c
$(FUZZ_BUILD)/wire_fuzz: tests/fuzz/wire_fuzz.c $(DAEMON_DIR)/emulator_wire.c
$(FUZZ_BINS): tests/fuzz/fuzz.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ $(filter %.c,$^)

fuzz: $(FUZZ_BINS)
	sh tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BINS)
	sh tests/fuzz/run $(FUZZ_BUILD) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)
