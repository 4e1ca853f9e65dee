# SPDX-License-Identifier: GPL-2.0-only
# Tests of xenconsole.  unit_*.c: TAP programs that need no Xen (the
# command line, and the binary's answers to bad command lines).  *.sh:
# the client on the simulated Xen (tests/xensim) against a console daemon,
# driven through a real terminal (tmux).  tools/console/client/module.mk
# includes this file; the top-level Makefile includes that one after
# tests/xensim/module.mk, whose XENSIM_ALL these tests need.
CLIENT_UNIT_TESTS := $(patsubst tests/client/%.c,$(BUILD)/tests/client/%,\
		       $(wildcard tests/client/unit_*.c))
TESTS += $(CLIENT_UNIT_TESTS)

$(BUILD)/tests/client/%.o: ALL_CPPFLAGS += -I$(CLIENT_DIR) \
	-DXENCONSOLE_BIN='"$(CLIENT_BIN)"'

$(CLIENT_UNIT_TESTS): $(BUILD)/tests/client/%: $(BUILD)/tests/client/%.o \
		$(BUILD)/$(CLIENT_DIR)/cmdline.o $(TAP_OBJ) | $(CLIENT_BIN)
	$(CC) $(ALL_LDFLAGS) -o $@ $(filter %.o,$^)

ifneq ($(XENSIM_ALL),)
CLIENT_SIM_TESTS := $(wildcard tests/client/*.sh)
TESTS_ONCE += $(CLIENT_SIM_TESTS)
$(CLIENT_SIM_TESTS): $(XENSIM_ALL) $(CLIENT_BIN)
endif
