# SPDX-License-Identifier: GPL-2.0-only
# xenconsole, the console client that `xl console` runs.  Its tests live
# in tests/client/ and are described there.
CLIENT_DIR := tools/console/client
CLIENT_BIN := $(BUILD)/$(CLIENT_DIR)/xenconsole
CLIENT_OBJS := $(addprefix $(BUILD)/$(CLIENT_DIR)/, \
		 main.o cmdline.o relay.o ttywatch.o json.o statistics.o)
# Where the per-domain lock files go: Debian's XEN_LOCK_DIR.
XEN_LOCK_DIR ?= /var/lock
# xenctrl.h refuses to be included without __XEN_TOOLS__.
CLIENT_XEN_CFLAGS := -D__XEN_TOOLS__ \
	$(shell $(PKG_CONFIG) --cflags xenstore xencontrol)
CLIENT_XEN_LIBS := $(shell $(PKG_CONFIG) --libs xenstore xencontrol)

$(BUILD)/$(CLIENT_DIR)/%.o: ALL_CPPFLAGS += $(CLIENT_XEN_CFLAGS)
$(BUILD)/$(CLIENT_DIR)/main.o: ALL_CPPFLAGS += -DXEN_LOCK_DIR='"$(XEN_LOCK_DIR)"'

$(CLIENT_BIN): $(CLIENT_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CLIENT_XEN_LIBS)

PROGS += $(CLIENT_BIN)

include tests/client/module.mk
