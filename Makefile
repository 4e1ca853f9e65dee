# SPDX-License-Identifier: GPL-2.0-only
#
# One non-recursive build.  Each directory describes itself in a module.mk
# that appends to the lists below; this file holds only the shared rules.
#
#   make            build everything
#   make check      every fast test, then again under ASan+UBSan, then a
#                   short fuzz run (the README's test command)
#   make bench      print the benchmark figures
#   make fuzz       a bounded fuzz run (FUZZ_SECONDS, default 300)
#   make install    DESTDIR and PREFIX honoured
#   make deps       install the Debian packages everything needs (root)

PREFIX     ?= /usr/local
DESTDIR    ?=
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
MANDIR     ?= $(PREFIX)/share/man
BUILD      ?= build
SAN        ?= 0
FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 20

CC         ?= cc
FUZZ_CC    ?= clang
PKG_CONFIG ?= pkg-config

# The statistics document's JSON library (daemon, client and tests): yajl,
# as Xen's own toolstack (libxl) uses.
JSON_PKG := yajl
JSON_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(JSON_PKG))
JSON_LIBS := $(shell $(PKG_CONFIG) --libs $(JSON_PKG))

# Warnings are errors unless WERROR=0 (for a compiler newer than ours).
WERROR     ?= 1
WARNINGS := -Wall -Wextra -Wmissing-prototypes -Wstrict-prototypes \
	    -Wshadow -Wcast-qual -Wpointer-arith -Wsign-compare -Wformat=2 \
	    -Wundef -Wvla
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

# The user's CFLAGS, CPPFLAGS and LDFLAGS (dpkg-buildflags passes them on
# the command line) only add to the build's own flags below, which follow
# Debian's default hardening: PIE, the strong stack protector, RELRO with
# immediate binding, and _FORTIFY_SOURCE=2.  Fortification needs an
# optimised build (glibc warns otherwise), and a level the user chose wins.
CFLAGS     ?= -O2 -g
HARDENING_CFLAGS := -fPIE -fstack-protector-strong
optimised := $(filter-out -O0,$(lastword $(filter -O%,$(CFLAGS))))
fortified := $(findstring _FORTIFY_SOURCE,$(CPPFLAGS) $(CFLAGS))
HARDENING_CPPFLAGS := $(if $(optimised),$(if $(fortified),,-D_FORTIFY_SOURCE=2))
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	     -fno-omit-frame-pointer
ifeq ($(SAN),1)
BUILD    := build/san
SAN_BUILD_FLAGS := $(SAN_FLAGS)
endif
# Appended to by the module.mk files: -I of each directory whose headers
# others include (also the arm64 cross build's include path).
INCLUDES := -Itests/lib -Itools/console/include
ALL_CPPFLAGS = -D_GNU_SOURCE $(INCLUDES) $(HARDENING_CPPFLAGS) $(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 $(WARNINGS) $(HARDENING_CFLAGS) $(CFLAGS) \
	     $(SAN_BUILD_FLAGS)
DEPFLAGS = -MMD -MP -MF $@.d
# Shared objects and programs; only programs are position-independent
# executables.
SHARED_LDFLAGS = -Wl,-z,relro -Wl,-z,now $(LDFLAGS) $(SAN_BUILD_FLAGS)
ALL_LDFLAGS = -pie $(SHARED_LDFLAGS)

# Filled in by the module.mk files.
PROGS :=		# programs to build: $(BUILD)/... paths
TESTS :=		# TAP test executables or scripts, run by prove
TESTS_ONCE :=		# TAP tests that drive external binaries: not rerun
			# under sanitizers (they test the simulation, not us)
SAN_SCENARIOS :=	# TESTS_ONCE also run against the sanitized daemon
BENCHES :=		# scripts that print figures; run with BUILD set

all:

include tests/lib/module.mk
include tools/console/daemon/pl011/module.mk
include tests/pl011/module.mk
include tools/console/daemon/module.mk
include tools/console/pl011-dtb/module.mk
include tests/pl011-dtb/module.mk
include tests/daemon/module.mk
include tests/fuzz/module.mk
include tests/bench/module.mk
include hypervisor-ioreq-arm/module.mk
include tests/xensim/module.mk
include tests/xen-arm64/module.mk
include tests/pl011-xen/module.mk
include tools/console/client/module.mk
include tests/stats/module.mk
include tests/hardening/module.mk
include tests/isolation/module.mk
include tools/install/module.mk
include tests/install/module.mk
include tests/deb/module.mk

all: $(PROGS) $(TESTS) $(TESTS_ONCE)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

# Tests run twice: as built, and built again with sanitizers.
check: all
	prove -e '' $(TESTS) $(TESTS_ONCE)
	$(MAKE) --no-print-directory SAN=1 test-san
	$(MAKE) --no-print-directory fuzz-smoke

test-san: $(TESTS) $(XENCONSOLED)
	prove -e '' $(TESTS)
	XENCONSOLED=$(CURDIR)/$(XENCONSOLED) BUILD=$(BUILD) \
		prove -e '' $(SAN_SCENARIOS)

bench: all
	@for b in $(BENCHES); do BUILD=$(BUILD) sh $$b || exit 1; done

deps:
	sh tools/setup-deps

clean:
	rm -rf build

.PHONY: all check test-san bench deps install clean fuzz fuzz-smoke
.DELETE_ON_ERROR:

# Header dependencies of our objects (not of unpacked third-party trees).
-include $(shell find $(BUILD) -path '*/stock' -prune -o -name '*.o.d' -type f -print 2>/dev/null)
