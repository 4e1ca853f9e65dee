# SPDX-License-Identifier: GPL-2.0-only
#
# make install [DESTDIR=...] [PREFIX=...]: the daemon, the client, their
# manual pages, the systemd unit with its environment file, the example
# guest configurations and the Debian dom0 switch-over script, which
# diverts the stock binaries of the Xen release we link against.
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR    ?= $(PREFIX)/lib/systemd/system
LIBEXECDIR ?= $(PREFIX)/libexec/xenconsoled-pl011
DOCDIR     ?= $(PREFIX)/share/doc/xenconsoled-pl011
EXAMPLES   := $(wildcard hypervisor-ioreq-arm/*.cfg hypervisor-ioreq-arm/*.dts examples/*)
# 4.17 for libxen-dev 4.17.0: Debian's tools live in /usr/lib/xen-4.17.
XEN_RELEASE := $(shell $(PKG_CONFIG) --modversion xencontrol | cut -d. -f1,2)

# What install ships, built on its own (debian/rules builds, then installs).
installables: $(XENCONSOLED) $(CLIENT_BIN)

install: installables
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/default \
		$(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 755 $(XENCONSOLED) $(DESTDIR)$(SBINDIR)/xenconsoled
	install -m 755 $(CLIENT_BIN) $(DESTDIR)$(BINDIR)/xenconsole
	install -m 644 man/xenconsoled.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 man/xenconsole.1 $(DESTDIR)$(MANDIR)/man1/
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		tools/install/xenconsoled.service \
		>$(DESTDIR)$(UNITDIR)/xenconsoled.service
	chmod 644 $(DESTDIR)$(UNITDIR)/xenconsoled.service
	test -e $(DESTDIR)$(SYSCONFDIR)/default/xenconsoled || \
		install -m 644 tools/install/xenconsoled.default \
			$(DESTDIR)$(SYSCONFDIR)/default/xenconsoled
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@BINDIR@|$(BINDIR)|g' \
		-e 's|@XEN_RELEASE@|$(XEN_RELEASE)|g' tools/install/debian-dom0 \
		>$(DESTDIR)$(LIBEXECDIR)/debian-dom0
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/debian-dom0
	$(if $(EXAMPLES),install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/)

print-xen-release:
	@echo $(XEN_RELEASE)

.PHONY: installables print-xen-release
