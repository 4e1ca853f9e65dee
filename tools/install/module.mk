# SPDX-License-Identifier: GPL-2.0-only
#
# make install [DESTDIR=...] [PREFIX=...]: the daemon, the client,
# xen-pl011-dtb, their manual pages, the systemd unit with its environment file, the example
# guest configurations and the Debian dom0 switch-over script.
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
UNITDIR    ?= $(PREFIX)/lib/systemd/system
LIBEXECDIR ?= $(PREFIX)/libexec/xenconsoled-pl011
DOCDIR     ?= $(PREFIX)/share/doc/xenconsoled-pl011
EXAMPLES   := $(wildcard hypervisor-ioreq-arm/*.cfg hypervisor-ioreq-arm/*.dts examples/*)

install: $(XENCONSOLED) $(CLIENT_BIN) $(PL011_DTB)
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/default \
		$(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 755 $(XENCONSOLED) $(DESTDIR)$(SBINDIR)/xenconsoled
	install -m 755 $(CLIENT_BIN) $(DESTDIR)$(BINDIR)/xenconsole
	install -m 755 $(PL011_DTB) $(DESTDIR)$(BINDIR)/xen-pl011-dtb
	install -m 644 man/xenconsoled.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 644 man/xenconsole.1 man/xen-pl011-dtb.1 \
		$(DESTDIR)$(MANDIR)/man1/
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' \
		tools/install/xenconsoled.service \
		>$(DESTDIR)$(UNITDIR)/xenconsoled.service
	chmod 644 $(DESTDIR)$(UNITDIR)/xenconsoled.service
	test -e $(DESTDIR)$(SYSCONFDIR)/default/xenconsoled || \
		install -m 644 tools/install/xenconsoled.default \
			$(DESTDIR)$(SYSCONFDIR)/default/xenconsoled
	install -m 755 tools/install/debian-dom0 $(DESTDIR)$(LIBEXECDIR)/
	$(if $(EXAMPLES),install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/)
