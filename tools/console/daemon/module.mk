# SPDX-License-Identifier: GPL-2.0-only
DAEMON_DIR := tools/console/daemon
# The parts of the daemon that know nothing of Xen, unit-tested alone.
DAEMON_CORE_OBJS := $(addprefix $(BUILD)/$(DAEMON_DIR)/, \
	loop.o \
	logfile.o \
	persist.o \
	bytebuf.o \
	pty.o \
	log.o)
DAEMON_XEN_OBJS := $(addprefix $(BUILD)/$(DAEMON_DIR)/, \
	xen.o \
	evtchn.o \
	console.o \
	console_ring.o \
	console_pl011.o \
	domain.o \
	hvlog.o \
	stats.o \
	daemon.o \
	options.o \
	main.o)
XEN_DAEMON_LIBS := xencontrol xenstore xenevtchn xengnttab xenforeignmemory \
		   xendevicemodel xentoollog
# Everything the daemon links, as pkg-config names.
DAEMON_PKGS := $(XEN_DAEMON_LIBS) $(JSON_PKG)
DAEMON_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DAEMON_PKGS))
DAEMON_LDLIBS := $(shell $(PKG_CONFIG) --libs $(DAEMON_PKGS))

XENCONSOLED := $(BUILD)/$(DAEMON_DIR)/xenconsoled
$(DAEMON_XEN_OBJS): ALL_CPPFLAGS += $(DAEMON_CFLAGS)
$(XENCONSOLED): $(DAEMON_XEN_OBJS) $(DAEMON_CORE_OBJS) $(PL011_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DAEMON_LDLIBS)

INCLUDES += -I$(DAEMON_DIR)
PROGS += $(XENCONSOLED)
