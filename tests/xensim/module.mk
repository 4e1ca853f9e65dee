# SPDX-License-Identifier: GPL-2.0-only
#
# The simulated Xen (README.md): the hypervisor process, drop-in
# replacements for Debian 12's Xen 4.17 libraries that the stock
# xenstored/xenconsoled/xenconsole load, the xensim toolstack command, the
# guest API and its command, and the tests and bench that use them.

XENSIM := $(BUILD)/tests/xensim
XENSIM_LIBDIR := $(XENSIM)/lib

# Everything here may end up in a shared object.
$(XENSIM)/%.o: ALL_CFLAGS += -fPIC

XENSIM_CLIENT_OBJ := $(XENSIM)/client.o
XENSIM_PAGES_OBJ := $(XENSIM)/lib/pages.o
# Handles registered with the real libxentoolcore (lib/toolcore.h).
XENSIM_TOOLCORE_OBJ := $(XENSIM)/lib/toolcore.o
XENSIM_TOOLCORE_LIBS := $(shell $(PKG_CONFIG) --libs xentoolcore)
XENSIM_GUEST_OBJS := $(XENSIM)/guest.o $(XENSIM_PAGES_OBJ) \
		     $(XENSIM_CLIENT_OBJ)
XENSIM_HV_OBJS := $(patsubst %.c,$(BUILD)/%.o,\
	$(wildcard tests/xensim/hv/*.c))

$(XENSIM)/xensim-hv: $(XENSIM_HV_OBJS) $(IOREQ_ARM_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

$(XENSIM)/xensim: $(XENSIM)/xensim.o $(XENSIM_CLIENT_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(shell $(PKG_CONFIG) --libs xenstore)

$(XENSIM)/xensim-guest: $(XENSIM)/guestctl.o $(XENSIM_GUEST_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $^

# The replaced libraries, as source:soname.
XENSIM_LIBS := xenctrl:libxenctrl.so.4.17 xenevtchn:libxenevtchn.so.1 \
	       xengnttab:libxengnttab.so.1 \
	       xenforeignmemory:libxenforeignmemory.so.1 \
	       xendevicemodel:libxendevicemodel.so.1
xensim_src = $(word 1,$(subst :, ,$(1)))
xensim_soname = $(word 2,$(subst :, ,$(1)))
XENSIM_LIB_OBJS := $(foreach l,$(XENSIM_LIBS),\
	$(XENSIM)/lib/$(call xensim_src,$(l)).o)
XENSIM_SONAMES := $(foreach l,$(XENSIM_LIBS),\
	$(XENSIM_LIBDIR)/$(call xensim_soname,$(l)))

# $(1): one source:soname pair; the version script sets the versions.
define xensim_lib_rule
$(XENSIM_LIBDIR)/$(call xensim_soname,$(1)): \
		$(XENSIM)/lib/$(call xensim_src,$(1)).o $(XENSIM_PAGES_OBJ) \
		$(XENSIM_TOOLCORE_OBJ) $(XENSIM_CLIENT_OBJ) \
		tests/xensim/lib/$(call xensim_src,$(1)).map
	$$(CC) $$(SHARED_LDFLAGS) -shared -Wl,-soname,$(call xensim_soname,$(1)) \
		-Wl,-z,defs -Wl,--version-script=$$(filter %.map,$$^) \
		-o $$@ $$(filter %.o,$$^) $(XENSIM_TOOLCORE_LIBS)
endef
$(foreach l,$(XENSIM_LIBS),$(eval $(call xensim_lib_rule,$(l))))

XENSIM_ALL := $(XENSIM)/xensim-hv $(XENSIM)/xensim $(XENSIM)/xensim-guest \
	      $(XENSIM_SONAMES)
all: $(XENSIM_ALL)

# Tests of the stock binaries (root, or a user namespace): run once, as
# they test the simulation, not our code under sanitizers.
XENSIM_STOCK_TESTS := $(wildcard tests/xensim/t/stock-*.sh)
TESTS_ONCE += $(XENSIM_STOCK_TESTS)
$(XENSIM_STOCK_TESTS): $(XENSIM_ALL)

# Model tests: C programs linked with the simulated libraries' objects,
# each starting its own xensim-hv (no root).  Run twice, as all TESTS.
XENSIM_MODEL_TESTS := $(patsubst tests/xensim/t/%.c,$(XENSIM)/t/%,\
	$(wildcard tests/xensim/t/model_*.c))
TESTS += $(XENSIM_MODEL_TESTS)
$(XENSIM_MODEL_TESTS): $(XENSIM)/t/%: $(XENSIM)/t/%.o $(XENSIM)/t/sim.o \
		$(XENSIM_LIB_OBJS) $(XENSIM_TOOLCORE_OBJ) $(XENSIM_GUEST_OBJS) \
		$(IOREQ_ARM_OBJS) $(TAP_OBJ) | $(XENSIM)/xensim-hv
	$(CC) $(ALL_LDFLAGS) -pthread -o $@ $^ $(XENSIM_TOOLCORE_LIBS)

BENCHES += tests/xensim/bench.sh

# The stock Debian binaries, downloaded once into build/stock/.
xensim-stock:
	sh tests/xensim/stock.sh

.PHONY: xensim-stock
