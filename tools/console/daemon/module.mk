# SPDX-License-Identifier: GPL-2.0-only
DAEMON_DIR := tools/console/daemon
# The parts of the daemon that know nothing of Xen, unit-tested alone.
DAEMON_CORE_OBJS := $(addprefix $(BUILD)/$(DAEMON_DIR)/, loop.o logfile.o bytebuf.o pty.o)
ALL_CFLAGS += -I$(DAEMON_DIR)
all: $(DAEMON_CORE_OBJS)
