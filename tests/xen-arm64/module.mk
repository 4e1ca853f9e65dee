# SPDX-License-Identifier: GPL-2.0-only
#
# `make check-xen`: real Xen/Arm end to end under qemu-system-aarch64 (slow,
# needs root for its host setup and the network on a cold cache; never
# part of `make check`).  The driver fetches and builds what it needs, then
# calls back into this file for the outputs made here: the arm64
# ioreq probe, our xenconsoled and xenconsole (cross-built against the
# unpacked arm64 libxen-dev, whose tree it passes as XEN_ARM64_ROOT) and
# the guest PL011 device tree (written by the host's xen-pl011-dtb for
# the place route.sh gives, which it passes as XEN_ARM64_PL011).  Our two
# binaries replace Debian's stock ones in dom0 unless
# XEN_ARM64_DAEMON=stock; XEN_ARM64_CONSOLED= / XEN_ARM64_CONSOLE= name
# other arm64 binaries; see README.md there.
# XEN_ROUTE=4.20 selects Debian 13's Xen 4.20 instead of 4.17: its arm64
# outputs go to their own directories (other headers, other device tree).

XEN_ARM64_CC ?= aarch64-linux-gnu-gcc
XEN_ARM64_ROOT ?=
XEN_ROUTE ?= 4.17
# The hypervisor's patch set (hypervisor-ioreq-arm/build-xen.sh): default,
# stock (none) or trace.
XEN_VARIANT ?= default
xen_route_suffix := $(if $(filter 4.17,$(XEN_ROUTE)),,-$(XEN_ROUTE))
XEN_ARM64_BUILD := $(BUILD)/arm64$(xen_route_suffix)
XEN_ARM64_PROBE := $(XEN_ARM64_BUILD)/tests/xen-arm64/ioreq_probe
XEN_ARM64_TOOL := $(XEN_ARM64_BUILD)/tests/xen-arm64/xentest_tool
XEN_ARM64_RESPONDER := $(XEN_ARM64_BUILD)/tests/xen-arm64/min_responder
# The test programs dom0 gets in /xentest/bin.
# The hostile emulator (probe.h), for the pl011-hostile scenario only.
XEN_ARM64_HOSTILE := $(XEN_ARM64_BUILD)/probes/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME)
# The ioreq-trace scenarios' round-trip analysis, and the emulator's
# timestamp build (stamps.h): tests only, never installed.
XEN_ARM64_BREAKDOWN := $(XEN_ARM64_BUILD)/tests/xen-arm64/trace_breakdown
XEN_ARM64_STAMPS := $(XEN_ARM64_BUILD)/stamps/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME)-stamps
XEN_ARM64_TOOLS := $(XEN_ARM64_PROBE) $(XEN_ARM64_TOOL) $(XEN_ARM64_RESPONDER) \
	$(XEN_ARM64_HOSTILE) $(XEN_ARM64_BREAKDOWN) $(XEN_ARM64_STAMPS)
XEN_ARM64_DTB := $(BUILD)/xen-arm64$(xen_route_suffix)/guest-pl011.dtb
# xen-pl011-dtb's [--vuart] BASE SPI: 4.17 beside Xen's SBSA vuart, 4.20
# the standard place.
XEN_ARM64_PL011 ?=
XEN_ARM64_CONSOLED_BIN := $(XEN_ARM64_BUILD)/$(DAEMON_DIR)/xenconsoled
XEN_ARM64_CONSOLE_BIN := $(XEN_ARM64_BUILD)/tools/console/client/xenconsole
XEN_ARM64_EMULATOR_BIN := $(XEN_ARM64_BUILD)/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME)
# ours (default) or stock: which console daemon and client dom0 runs.
XEN_ARM64_DAEMON ?= ours

# Deferred (=): XEN_ARM64_ROOT is only known when the driver calls back.
# $(call xen_arm64_pc,--cflags|--libs,LIBRARIES)
xen_arm64_pc = PKG_CONFIG_SYSROOT_DIR=$(XEN_ARM64_ROOT) \
	PKG_CONFIG_LIBDIR=$(XEN_ARM64_ROOT)/usr/lib/aarch64-linux-gnu/pkgconfig \
	$(PKG_CONFIG) $(1) $(2)
# Every library any arm64 object here includes: one set of -I flags.
XEN_ARM64_LIBS := $(sort xendevicemodel xenforeignmemory xenstore xencontrol \
	$(DAEMON_PKGS))
# The include path is the host build's, so the daemon's headers are
# found the same way; the rest of the host's flags are host-only.
XEN_ARM64_CFLAGS = -std=gnu11 -D_GNU_SOURCE -D__XEN_TOOLS__ $(WARNINGS) \
	-O2 -g $(DEPFLAGS) $(INCLUDES) \
	$(shell $(call xen_arm64_pc,--cflags,$(XEN_ARM64_LIBS)))
# Debian 13's Xen libraries use glibc 2.38 symbols (__isoc23_strtol) that
# the cross toolchain's glibc, Debian 12's 2.36, lacks: our own objects
# link against 2.36, the libraries' symbols are left to dom0's glibc 2.41.
comma := ,
xen_arm64_shlib_undefined := $(if $(xen_route_suffix),\
	-Wl$(comma)--allow-shlib-undefined)
# $(call xen_arm64_ldlibs,LIBRARIES)
xen_arm64_ldlibs = $(shell $(call xen_arm64_pc,--libs,$(1))) \
	-Wl,-rpath-link,$(XEN_ARM64_ROOT)/usr/lib/aarch64-linux-gnu \
	-Wl,-rpath-link,$(XEN_ARM64_ROOT)/lib/aarch64-linux-gnu \
	$(xen_arm64_shlib_undefined)
# The arm64 twin of a list of host objects.
xen_arm64_objs = $(patsubst $(BUILD)/%,$(XEN_ARM64_BUILD)/%,$(1))

$(XEN_ARM64_BUILD)/%.o: %.c
	@test -n "$(XEN_ARM64_ROOT)" || \
		{ echo "XEN_ARM64_ROOT is not set (make check-xen sets it)"; exit 1; }
	@mkdir -p $(@D)
	$(XEN_ARM64_CC) $(XEN_ARM64_CFLAGS) -c -o $@ $<

$(XEN_ARM64_PROBE): $(XEN_ARM64_BUILD)/tests/xen-arm64/ioreq_probe.o \
		$(XEN_ARM64_BUILD)/tests/lib/tap.o
	$(XEN_ARM64_CC) -o $@ $^ \
		$(call xen_arm64_ldlibs,xendevicemodel xenforeignmemory xenevtchn)

$(XEN_ARM64_TOOL): $(XEN_ARM64_BUILD)/tests/xen-arm64/xentest_tool.o
	$(XEN_ARM64_CC) -o $@ $^

$(XEN_ARM64_BREAKDOWN): $(XEN_ARM64_BUILD)/tests/xen-arm64/trace_breakdown.o
	$(XEN_ARM64_CC) -o $@ $^

$(XEN_ARM64_RESPONDER): $(XEN_ARM64_BUILD)/tests/xen-arm64/min_responder.o
	$(XEN_ARM64_CC) -o $@ $^ \
		$(call xen_arm64_ldlibs,xendevicemodel xenforeignmemory xenevtchn)

# Our daemon and client, from the host build's object lists.  The client's
# module.mk is read after this one, hence the second expansion (it only
# re-expands prerequisite lists, and no other list holds a '$').
.SECONDEXPANSION:
$(XEN_ARM64_CONSOLED_BIN): $(call xen_arm64_objs,$(DAEMON_XEN_OBJS) \
		$(DAEMON_CORE_OBJS) $(PL011_OBJS))
	$(XEN_ARM64_CC) -o $@ $^ $(call xen_arm64_ldlibs,$(DAEMON_PKGS))

$(XEN_ARM64_BUILD)/$(DAEMON_DIR)/daemon.o: \
	XEN_ARM64_CFLAGS += $(PL011_EMULATOR_CPPFLAGS)

$(XEN_ARM64_EMULATOR_BIN): $(call xen_arm64_objs,$(PL011_EMULATOR_OBJS))
	$(XEN_ARM64_CC) -o $@ $^ $(call xen_arm64_ldlibs,$(PL011_EMULATOR_LIBS))

$(XEN_ARM64_BUILD)/probes/%.o: %.c
	@mkdir -p $(@D)
	$(XEN_ARM64_CC) $(XEN_ARM64_CFLAGS) -DPL011_PROBES -c -o $@ $<

$(XEN_ARM64_HOSTILE): $(call xen_arm64_objs,$(PL011_EMULATOR_HOSTILE_OBJS) \
		$(PL011_EMULATOR_COMMON))
	$(XEN_ARM64_CC) -o $@ $^ $(call xen_arm64_ldlibs,$(PL011_EMULATOR_LIBS))

$(XEN_ARM64_BUILD)/stamps/%.o: %.c
	@mkdir -p $(@D)
	$(XEN_ARM64_CC) $(XEN_ARM64_CFLAGS) -DPL011_STAMPS -c -o $@ $<

$(XEN_ARM64_STAMPS): $(patsubst $(BUILD)/%,$(XEN_ARM64_BUILD)/stamps/%,\
		$(PL011_EMULATOR_OBJS) $(BUILD)/$(DAEMON_DIR)/stamps.o)
	$(XEN_ARM64_CC) -o $@ $^ $(call xen_arm64_ldlibs,$(PL011_EMULATOR_LIBS))

$(XEN_ARM64_CONSOLE_BIN): $$(call xen_arm64_objs,$$(CLIENT_OBJS))
	$(XEN_ARM64_CC) -o $@ $^ $(call xen_arm64_ldlibs,$(CLIENT_PKGS))

$(XEN_ARM64_BUILD)/tools/console/client/main.o: \
	XEN_ARM64_CFLAGS += -DXEN_LOCK_DIR='"$(XEN_LOCK_DIR)"'

$(XEN_ARM64_DTB): $(PL011_DTB) tests/xen-arm64/route.sh
	@test -n "$(XEN_ARM64_PL011)" || \
		{ echo "XEN_ARM64_PL011 is not set (make check-xen sets it)"; exit 1; }
	@mkdir -p $(@D)
	$(PL011_DTB) $(XEN_ARM64_PL011) $@

check-xen:
	BUILD=$(BUILD) MAKE="$(MAKE)" XEN_ARM64_TOOLS="$(XEN_ARM64_TOOLS)" \
		XEN_ARM64_DTB=$(XEN_ARM64_DTB) \
		XEN_ARM64_DAEMON=$(XEN_ARM64_DAEMON) XEN_ROUTE=$(XEN_ROUTE) \
		XEN_VARIANT=$(XEN_VARIANT) XEN_ARM64_OURS="$(XEN_ARM64_CONSOLED_BIN) $(XEN_ARM64_CONSOLE_BIN) \
			$(XEN_ARM64_EMULATOR_BIN)" \
		sh tests/xen-arm64/check-xen

.PHONY: check-xen

# The harness's own decisions (source choice, skips) against a fake
# archive: part of make check, no network, no QEMU.
TESTS_ONCE += tests/xen-arm64/t/archive.sh
