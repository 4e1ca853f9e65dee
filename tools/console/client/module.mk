# SPDX-License-Identifier: GPL-2.0-only
# xenconsole, the console client that `xl console` runs.  Its tests live
# in tests/client/ and are described there.
CLIENT_DIR := tools/console/client
CLIENT_BIN := $(BUILD)/$(CLIENT_DIR)/xenconsole
CLIENT_OBJS := $(addprefix $(BUILD)/$(CLIENT_DIR)/, \
		 main.o cmdline.o relay.o ttywatch.o statistics.o)
# Where the per-domain lock files go: Debian's XEN_LOCK_DIR.
XEN_LOCK_DIR ?= /var/lock
# Everything the client links, as pkg-config names.
CLIENT_PKGS := xenstore xencontrol $(JSON_PKG)
# xenctrl.h refuses to be included without __XEN_TOOLS__.
CLIENT_CFLAGS := -D__XEN_TOOLS__ $(shell $(PKG_CONFIG) --cflags $(CLIENT_PKGS))
CLIENT_LIBS := $(shell $(PKG_CONFIG) --libs $(CLIENT_PKGS))

$(BUILD)/$(CLIENT_DIR)/%.o: ALL_CPPFLAGS += $(CLIENT_CFLAGS)
$(BUILD)/$(CLIENT_DIR)/main.o: ALL_CPPFLAGS += -DXEN_LOCK_DIR='"$(XEN_LOCK_DIR)"'

$(CLIENT_BIN): $(CLIENT_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CLIENT_LIBS)

PROGS += $(CLIENT_BIN)

include tests/client/module.mk
