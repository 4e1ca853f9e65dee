# SPDX-License-Identifier: GPL-2.0-only
#
# `make check-xen`: real Xen/Arm end to end under qemu-system-aarch64 (slow,
# needs root for its host setup and the network on a cold cache; never
# part of `make check`).  The driver fetches and builds what it needs, then
# calls back into this file for the two outputs made here: the arm64
# ioreq probe (cross-built against the unpacked arm64 libxen-dev, whose
# tree it passes as XEN_ARM64_ROOT) and the guest PL011 device tree.
# XEN_ARM64_CONSOLED= / XEN_ARM64_CONSOLE= (arm64 binaries) replace
# Debian's stock ones in dom0; see tests/xen-arm64/README.md.

XEN_ARM64_CC ?= aarch64-linux-gnu-gcc
XEN_ARM64_ROOT ?=
XEN_ARM64_BUILD := $(BUILD)/arm64
XEN_ARM64_PROBE := $(XEN_ARM64_BUILD)/tests/xen-arm64/ioreq_probe
XEN_ARM64_DTB := $(BUILD)/xen-arm64/guest-pl011.dtb

# Deferred (=): XEN_ARM64_ROOT is only known when the driver calls back.
xen_arm64_pc = PKG_CONFIG_SYSROOT_DIR=$(XEN_ARM64_ROOT) \
	PKG_CONFIG_LIBDIR=$(XEN_ARM64_ROOT)/usr/lib/aarch64-linux-gnu/pkgconfig \
	$(PKG_CONFIG) $(1) xendevicemodel xenforeignmemory
XEN_ARM64_CFLAGS = -std=gnu11 -D_GNU_SOURCE -D__XEN_TOOLS__ $(WARNINGS) \
	-O2 -g -MMD -MP -MF $@.d -Itests/lib \
	$(shell $(call xen_arm64_pc,--cflags))
XEN_ARM64_LDLIBS = $(shell $(call xen_arm64_pc,--libs)) \
	-Wl,-rpath-link,$(XEN_ARM64_ROOT)/usr/lib/aarch64-linux-gnu \
	-Wl,-rpath-link,$(XEN_ARM64_ROOT)/lib/aarch64-linux-gnu

$(XEN_ARM64_BUILD)/%.o: %.c
	@test -n "$(XEN_ARM64_ROOT)" || \
		{ echo "XEN_ARM64_ROOT is not set (make check-xen sets it)"; exit 1; }
	@mkdir -p $(@D)
	$(XEN_ARM64_CC) $(XEN_ARM64_CFLAGS) -c -o $@ $<

$(XEN_ARM64_PROBE): $(XEN_ARM64_BUILD)/tests/xen-arm64/ioreq_probe.o \
		$(XEN_ARM64_BUILD)/tests/lib/tap.o
	$(XEN_ARM64_CC) -o $@ $^ $(XEN_ARM64_LDLIBS)

# The node points at libxl's nodes (GIC phandle 65000, /sbsa-pl011) that
# exist only once libxl merges it into the guest's tree.
$(XEN_ARM64_DTB): hypervisor-ioreq-arm/guest-pl011.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

check-xen:
	BUILD=$(BUILD) MAKE="$(MAKE)" XEN_ARM64_PROBE=$(XEN_ARM64_PROBE) \
		XEN_ARM64_DTB=$(XEN_ARM64_DTB) sh tests/xen-arm64/check-xen

.PHONY: check-xen
