# SPDX-License-Identifier: GPL-2.0-only
# Scenario tests of the daemon's PL011 on the simulated Xen: the test
# guest pl011-xen-guest (driver replays through MMIO, PV latency probe,
# forged requests) and the TAP scripts in t/ that start xensim + our
# xenconsoled around it.  They drive external binaries (stock xenstored,
# xenconsole): TESTS_ONCE.

PL011_XEN := $(BUILD)/tests/pl011-xen
PL011_XEN_GUEST := $(PL011_XEN)/pl011-xen-guest
PL011_XEN_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/pl011-xen/*.c))
$(PL011_XEN_OBJS): ALL_CPPFLAGS += -Itests/xensim

$(PL011_XEN_GUEST): $(PL011_XEN_OBJS) $(XENSIM_GUEST_OBJS)
	$(CC) $(ALL_LDFLAGS) -pthread -o $@ $^

PL011_XEN_TESTS := $(wildcard tests/pl011-xen/t/*.sh)
TESTS_ONCE += $(PL011_XEN_TESTS)
$(PL011_XEN_TESTS): $(XENSIM_ALL) $(XENCONSOLED) $(XENCONSOLED_CRASH) \
	$(PL011_XEN_GUEST) $(PL011_EMULATOR_HOSTILE)
