# SPDX-License-Identifier: GPL-2.0-only
# Tests of the statistics: unit_statistics (decoding, the table, the
# socket read, the --stats command line) in TESTS; *.sh: the daemon's
# counters and `xenconsole --stats` on the simulated Xen against what a
# test guest did (TESTS_ONCE).  Included after tools/console/client/module.mk
# and tests/pl011-xen/module.mk, whose variables it uses.
STATS_TEST_DIR := $(BUILD)/tests/stats
STATS_UNIT_TESTS := $(STATS_TEST_DIR)/unit_statistics
TESTS += $(STATS_UNIT_TESTS)

$(STATS_TEST_DIR)/%.o: ALL_CPPFLAGS += -I$(CLIENT_DIR)

$(STATS_TEST_DIR)/unit_statistics: $(STATS_TEST_DIR)/unit_statistics.o \
		$(addprefix $(BUILD)/$(CLIENT_DIR)/, statistics.o cmdline.o) \
		$(TAP_OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(JSON_LIBS)

ifneq ($(XENSIM_ALL),)
STATS_SIM_TESTS := $(wildcard tests/stats/*.sh)
TESTS_ONCE += $(STATS_SIM_TESTS)
$(STATS_SIM_TESTS): $(XENSIM_ALL) $(XENCONSOLED) $(PL011_XEN_GUEST) \
	$(CLIENT_BIN)
endif
