# SPDX-License-Identifier: GPL-2.0-only
DAEMON_DIR := tools/console/daemon
# The parts of the daemon that know nothing of Xen, unit-tested alone.
DAEMON_CORE_OBJS := $(addprefix $(BUILD)/$(DAEMON_DIR)/, \
	loop.o \
	logfile.o \
	persist.o \
	bytebuf.o \
	pty.o \
	log.o \
	ring.o \
	mmio.o \
	pl011_pacing.o)
DAEMON_XEN_OBJS := $(addprefix $(BUILD)/$(DAEMON_DIR)/, \
	xen.o \
	evtchn.o \
	console.o \
	console_kinds.o \
	console_ring.o \
	ioreq_server.o \
	pl011_restart.o \
	pl011_uart.o \
	console_pl011.o \
	domain.o \
	hvlog.o \
	stats.o \
	daemon.o \
	options.o \
	main.o)
# The emulator's confinement (confine.h), linked by the emulator; Xen's
# headers give it DOMID_FIRST_RESERVED and the ioctl commands it allows.
CONFINE_OBJS := $(BUILD)/$(DAEMON_DIR)/confine.o
XEN_DAEMON_LIBS := xencontrol xenstore xenevtchn xengnttab xenforeignmemory \
		   xendevicemodel xentoollog
# Everything the daemon links, as pkg-config names.
DAEMON_PKGS := $(XEN_DAEMON_LIBS) $(JSON_PKG)
DAEMON_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DAEMON_PKGS))
DAEMON_LDLIBS := $(shell $(PKG_CONFIG) --libs $(DAEMON_PKGS))

XENCONSOLED := $(BUILD)/$(DAEMON_DIR)/xenconsoled
# Xen's public headers hide the toolstack's definitions (HVM_IOREQSRV_*)
# behind __XEN_TOOLS__, which xenctrl.h alone defines.
$(DAEMON_XEN_OBJS): ALL_CPPFLAGS += $(DAEMON_CFLAGS) -D__XEN_TOOLS__
$(CONFINE_OBJS): ALL_CPPFLAGS += $(DAEMON_CFLAGS)
$(XENCONSOLED): $(DAEMON_XEN_OBJS) $(DAEMON_CORE_OBJS) $(PL011_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DAEMON_LDLIBS)

INCLUDES += -I$(DAEMON_DIR)
PROGS += $(XENCONSOLED)

# The daemon again with crash points (crash_point.h), for the restart
# tests: built apart, never installed.
XENCONSOLED_CRASH := $(BUILD)/crash/$(DAEMON_DIR)/xenconsoled
XENCONSOLED_CRASH_OBJS := $(patsubst $(BUILD)/%,$(BUILD)/crash/%, \
	$(DAEMON_XEN_OBJS) $(DAEMON_CORE_OBJS) $(PL011_OBJS)) \
	$(BUILD)/crash/$(DAEMON_DIR)/crash_point.o
$(XENCONSOLED_CRASH_OBJS): ALL_CPPFLAGS += $(DAEMON_CFLAGS) -D__XEN_TOOLS__ \
	-DXENCONSOLED_CRASH_POINTS
$(BUILD)/crash/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(XENCONSOLED_CRASH): $(XENCONSOLED_CRASH_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DAEMON_LDLIBS)
