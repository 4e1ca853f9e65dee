# SPDX-License-Identifier: GPL-2.0-only
#
# The Arm ioreq hypervisor model: objects for whoever embeds it (the
# simulated Xen links $(IOREQ_ARM_OBJS)), and its TAP tests.  Each
# tests/ioreq-arm/*.c is one test program linked with the model and with
# the toy ioreq server under tests/ioreq-arm/lib/ (not a test itself).
IOREQ_ARM_DIR := hypervisor-ioreq-arm
IOREQ_ARM_OBJS := \
	$(BUILD)/$(IOREQ_ARM_DIR)/access.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/dabt.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/domain.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/fast.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/ioreq.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/rangeset.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/server.o \
	$(BUILD)/$(IOREQ_ARM_DIR)/vgic.o
INCLUDES += -I$(IOREQ_ARM_DIR)
all: $(IOREQ_ARM_OBJS)

IOREQ_ARM_TEST_SRCS := $(wildcard tests/ioreq-arm/*.c)
IOREQ_ARM_TESTS := $(patsubst %.c,$(BUILD)/%,$(IOREQ_ARM_TEST_SRCS))
IOREQ_ARM_TEST_LIB_OBJS := \
	$(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/ioreq-arm/lib/*.c))
TESTS += $(IOREQ_ARM_TESTS)

$(IOREQ_ARM_TESTS): $(BUILD)/tests/ioreq-arm/%: \
		$(BUILD)/tests/ioreq-arm/%.o $(IOREQ_ARM_TEST_LIB_OBJS) \
		$(IOREQ_ARM_OBJS) $(TAP_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^
