# SPDX-License-Identifier: GPL-2.0-only
#
# make install [DESTDIR=...] [PREFIX=...]: the daemon, the client,
# xen-pl011-dtb, their manual pages, the systemd unit with its environment file, the example
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
installables: $(XENCONSOLED) $(PL011_EMULATOR) $(CLIENT_BIN) $(PL011_DTB)

install: installables
	install -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(BINDIR) \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/default \
		$(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DOCDIR)/examples
	install -m 755 $(XENCONSOLED) $(DESTDIR)$(SBINDIR)/xenconsoled
	install -m 755 $(PL011_EMULATOR) \
		$(DESTDIR)$(LIBEXECDIR)/$(PL011_EMULATOR_NAME)
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
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' -e 's|@BINDIR@|$(BINDIR)|g' \
		-e 's|@XEN_RELEASE@|$(XEN_RELEASE)|g' tools/install/debian-dom0 \
		>$(DESTDIR)$(LIBEXECDIR)/debian-dom0
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/debian-dom0
	$(if $(EXAMPLES),install -m 644 $(EXAMPLES) $(DESTDIR)$(DOCDIR)/examples/)

print-xen-release:
	@echo $(XEN_RELEASE)

# Debian packages (debian/): make deb builds xenconsoled-pl011 from this
# tree alone into $(DEB_DIR); make deb-hypervisor builds
# xen-hypervisor-ioreq-arm64 (arm64) into $(DEB_DIR)/hypervisor from the
# hypervisor build-xen.sh makes for XEN_ROUTE (network, cross tools:
# tests/xen-arm64/setup-host.sh), and skips with build-xen.sh's reason when
# it exits 77 (no Xen source to be had).  dpkg-buildpackage writes beside
# the tree it builds, so each builds a copy of this one (what git tracks or
# would) in its output directory; lintian follows, and fails on errors.
DEB_DIR ?= $(BUILD)/deb
DEB_PROFILE_HYPERVISOR := pkg.xenconsoled-pl011.hypervisor
# $(call deb_build,OUTPUT DIRECTORY,DPKG-BUILDPACKAGE OPTIONS)
deb_build = rm -rf $(1)/src $(1)/*.deb $(1)/*.changes $(1)/*.buildinfo && \
	mkdir -p $(1)/src && \
	git ls-files -z -co --exclude-standard | \
		tar -c --null --ignore-failed-read -T - | tar -x -C $(1)/src && \
	(cd $(1)/src && dpkg-buildpackage -us -uc -b -J $(2)) && \
	lintian --fail-on error $(1)/*.deb

deb:
	$(call deb_build,$(DEB_DIR))

deb-hypervisor:
	xen=$$(XEN_ROUTE=$(XEN_ROUTE) sh hypervisor-ioreq-arm/build-xen.sh); \
	case $$? in \
	0) ;; \
	77) echo "make deb-hypervisor: skipped: $$xen"; exit 0 ;; \
	*) exit 1 ;; \
	esac; \
	export XEN_IOREQ_BINARY=$$xen XEN_RELEASE=$(XEN_ROUTE) && \
	$(call deb_build,$(DEB_DIR)/hypervisor,-aarm64 -P$(DEB_PROFILE_HYPERVISOR))

.PHONY: installables print-xen-release deb deb-hypervisor
