# SPDX-License-Identifier: GPL-2.0-only
# The emulator's confinement (confine.c) against the kernel: a TAP program
# that needs root (it skips without), run as built and under sanitizers,
# as a sanitized emulator confines itself the same way.
ISOLATION_TESTS := $(BUILD)/tests/isolation/confine_test
TESTS += $(ISOLATION_TESTS)

$(BUILD)/tests/isolation/confine_test: \
		$(BUILD)/tests/isolation/confine_test.o $(CONFINE_OBJS) $(TAP_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
# It names the Xen ioctl commands the allowlist lets through.
$(BUILD)/tests/isolation/confine_test.o: ALL_CPPFLAGS += $(DAEMON_CFLAGS)
