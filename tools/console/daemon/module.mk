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
	pl011_pacing.o \
	pl011_publish.o \
	emulator_wire.o \
	confine.o)
DAEMON_XEN_OBJS := $(addprefix $(BUILD)/$(DAEMON_DIR)/, \
	xen.o \
	evtchn.o \
	console.o \
	console_kinds.o \
	console_ring.o \
	ioreq_server.o \
	ioreq_fast.o \
	pl011_restart.o \
	pl011_uart.o \
	pl011_proxy.o \
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

# Each guest's PL011 emulator (pl011_emulator.c): the UART, its ioreq
# server and the socket to the daemon, and nothing else.
PL011_EMULATOR_NAME := pl011-emulator
PL011_EMULATOR := $(BUILD)/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME)
PL011_EMULATOR_LIBS := xendevicemodel xenforeignmemory xenevtchn \
		       xentoolcore xentoollog
PL011_EMULATOR_COMMON := $(addprefix $(BUILD)/$(DAEMON_DIR)/, \
	pl011_uart.o ioreq_server.o ioreq_fast.o evtchn.o mmio.o loop.o \
	log.o pl011_pacing.o pl011_publish.o emulator_wire.o confine.o) \
	$(PL011_OBJS)
PL011_EMULATOR_OBJS := $(BUILD)/$(DAEMON_DIR)/pl011_emulator.o \
	$(PL011_EMULATOR_COMMON)
$(BUILD)/$(DAEMON_DIR)/pl011_emulator.o: ALL_CPPFLAGS += $(DAEMON_CFLAGS) \
	-D__XEN_TOOLS__
$(PL011_EMULATOR): $(PL011_EMULATOR_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ \
		$(shell $(PKG_CONFIG) --libs $(PL011_EMULATOR_LIBS))
PROGS += $(PL011_EMULATOR)
# The daemon finds it beside itself (a build tree), else installed.
PL011_EMULATOR_CPPFLAGS = -DPL011_EMULATOR_NAME='"$(PL011_EMULATOR_NAME)"' \
	-DPL011_EMULATOR_PATH='"$(LIBEXECDIR)/$(PL011_EMULATOR_NAME)"'
$(BUILD)/$(DAEMON_DIR)/daemon.o $(BUILD)/crash/$(DAEMON_DIR)/daemon.o: \
	ALL_CPPFLAGS += $(PL011_EMULATOR_CPPFLAGS)
$(XENCONSOLED): | $(PL011_EMULATOR)

# The hostile emulator (probe.h): tests only, never installed.
PL011_EMULATOR_HOSTILE := $(BUILD)/probes/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME)
PL011_EMULATOR_HOSTILE_OBJS := \
	$(BUILD)/probes/$(DAEMON_DIR)/pl011_emulator.o \
	$(BUILD)/probes/$(DAEMON_DIR)/probe.o
$(PL011_EMULATOR_HOSTILE_OBJS): ALL_CPPFLAGS += $(DAEMON_CFLAGS) \
	-D__XEN_TOOLS__ -DPL011_PROBES
$(BUILD)/probes/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<
$(PL011_EMULATOR_HOSTILE): $(PL011_EMULATOR_HOSTILE_OBJS) \
		$(PL011_EMULATOR_COMMON)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ \
		$(shell $(PKG_CONFIG) --libs $(PL011_EMULATOR_LIBS))
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
$(XENCONSOLED_CRASH): $(XENCONSOLED_CRASH_OBJS) | \
		$(BUILD)/crash/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^) $(DAEMON_LDLIBS)
# Its emulator is the usual one, found beside it.
$(BUILD)/crash/$(DAEMON_DIR)/$(PL011_EMULATOR_NAME): $(PL011_EMULATOR)
	@mkdir -p $(@D)
	ln -sf $(abspath $<) $@
