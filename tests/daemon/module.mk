# SPDX-License-Identifier: GPL-2.0-only
# Each tests/daemon/unit_*.c is a TAP program linked with the daemon core;
# unit_console also with console.c, whose xenstore calls it fakes.
DAEMON_UNIT_SRCS := $(wildcard tests/daemon/unit_*.c)
DAEMON_UNIT_TESTS := $(patsubst tests/daemon/%.c,$(BUILD)/tests/daemon/%,$(DAEMON_UNIT_SRCS))
TESTS += $(DAEMON_UNIT_TESTS)

$(DAEMON_UNIT_TESTS): $(BUILD)/tests/daemon/%: $(BUILD)/tests/daemon/%.o \
		$(DAEMON_CORE_OBJS) $(PL011_OBJS) $(TAP_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^)
# console.c and the kinds, with the Xen calls they make faked.
FAKE_XEN_OBJ := $(BUILD)/tests/daemon/lib/fake_xen.o
$(BUILD)/tests/daemon/unit_console: $(BUILD)/$(DAEMON_DIR)/console.o \
	$(FAKE_XEN_OBJ)
$(BUILD)/tests/daemon/unit_console_ring: $(BUILD)/$(DAEMON_DIR)/console.o \
	$(BUILD)/$(DAEMON_DIR)/console_ring.o $(FAKE_XEN_OBJ)
$(BUILD)/tests/daemon/unit_console_pl011: $(BUILD)/$(DAEMON_DIR)/console.o \
	$(BUILD)/$(DAEMON_DIR)/console_pl011.o $(BUILD)/$(DAEMON_DIR)/pl011_uart.o \
	$(BUILD)/$(DAEMON_DIR)/pl011_proxy.o \
	$(BUILD)/$(DAEMON_DIR)/pl011_restart.o $(FAKE_XEN_OBJ) \
	$(BUILD)/tests/daemon/lib/fake_ioreq.o
FAKE_XEN_CPPFLAGS := -Itests/daemon/lib -D__XEN_TOOLS__
$(BUILD)/tests/daemon/unit_console.o: ALL_CPPFLAGS += $(FAKE_XEN_CPPFLAGS)
$(BUILD)/tests/daemon/unit_console_%.o $(BUILD)/tests/daemon/lib/%.o: \
	ALL_CPPFLAGS += $(FAKE_XEN_CPPFLAGS)

# Scenario tests of the daemon on the simulated Xen (external binaries).
DAEMON_SCENARIOS := tests/daemon/t/parity.sh tests/daemon/t/demo.sh \
	tests/daemon/t/errors.sh tests/daemon/t/logs.sh
TESTS_ONCE += $(DAEMON_SCENARIOS)
$(DAEMON_SCENARIOS): $(XENSIM_ALL) $(XENCONSOLED) $(PL011_XEN_GUEST)
# Against the ASan+UBSan daemon too, in the sanitizer pass of make check.
SAN_SCENARIOS += tests/daemon/t/parity.sh tests/pl011-xen/t/restart.sh \
	tests/pl011-xen/t/guests.sh
