# SPDX-License-Identifier: GPL-2.0-only
# hardening-check on the programs make install installs (run once: the
# sanitizer build is not what gets installed).
HARDENING_TESTS := tests/hardening/hardening.sh
TESTS_ONCE += $(HARDENING_TESTS)
$(HARDENING_TESTS): $(XENCONSOLED) $(PL011_EMULATOR) $(CLIENT_BIN) $(PL011_DTB)
