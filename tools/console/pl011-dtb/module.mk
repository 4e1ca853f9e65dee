# SPDX-License-Identifier: GPL-2.0-only
# xen-pl011-dtb, the guest device tree for a PL011, with libfdt (Debian's
# libfdt-dev has no pkg-config file).  Its test is tests/pl011-dtb/.
PL011_DTB_DIR := tools/console/pl011-dtb
PL011_DTB := $(BUILD)/$(PL011_DTB_DIR)/xen-pl011-dtb
FDT_LIBS := -lfdt

$(PL011_DTB): $(BUILD)/$(PL011_DTB_DIR)/pl011_dtb.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(FDT_LIBS)

PROGS += $(PL011_DTB)
