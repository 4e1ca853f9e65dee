// SPDX-License-Identifier: GPL-2.0-only
/*
 * Xen library handles and helpers (see xen.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "errno_rc.h"
#include "log.h"
#include "xen.h"

#include <xen/grant_table.h>

#define XS_PATH_MAX	256

static int fail(const char *what)
{
	int err = errno ? errno : EIO;

	log_msg(LOG_ERR, "cannot open %s: %s (is this a Xen dom0 with "
		"xenstored running?)", what, strerror(err));
	return -err;
}

int xen_open(struct xen *x)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->quiet = (struct xentoollog_logger *)
		xtl_createlogger_stdiostream(stderr, XTL_CRITICAL, 0);
	x->xc = xc_interface_open(x->quiet, x->quiet, 0);
	if (!x->xc) {
		rc = fail("the Xen control interface (xc_interface_open)");
		goto close_logger;
	}
	x->xs = xs_open(0);
	if (!x->xs) {
		rc = fail("xenstore (xs_open)");
		goto close_xc;
	}
	x->xfm = xenforeignmemory_open(x->quiet, 0);
	if (!x->xfm) {
		rc = fail("the foreign memory interface (xenforeignmemory_open)");
		goto close_xs;
	}
	/* Only PL011 consoles need it: without it they alone are off. */
	x->xdm = xendevicemodel_open(x->quiet, 0);
	if (!x->xdm)
		log_msg(LOG_WARNING, "no device model interface (%s): PL011 "
			"consoles unavailable", strerror(errno));
	/* Grant mapping is preferred, but old kernels lack gntdev. */
	x->xgt = xengnttab_open(x->quiet, 0);
	if (!x->xgt)
		log_msg(LOG_WARNING, "no grant table device: PV console rings "
			"will be mapped by frame number");
	return 0;

close_xs:
	xs_close(x->xs);
close_xc:
	xc_interface_close(x->xc);
close_logger:
	xtl_logger_destroy(x->quiet);
	memset(x, 0, sizeof(*x));
	return rc;
}

void xen_close(struct xen *x)
{
	if (x->xdm)
		xendevicemodel_close(x->xdm);
	if (x->xgt)
		xengnttab_close(x->xgt);
	if (x->xfm)
		xenforeignmemory_close(x->xfm);
	if (x->xs)
		xs_close(x->xs);
	if (x->xc)
		xc_interface_close(x->xc);
	xtl_logger_destroy(x->quiet);
	memset(x, 0, sizeof(*x));
}

char *xen_read(struct xen *x, const char *dir, const char *key)
{
	char path[XS_PATH_MAX];
	unsigned int len;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, key) >= sizeof(path))
		return NULL;
	return xs_read(x->xs, XBT_NULL, path, &len);
}

int xen_read_uint(struct xen *x, const char *dir, const char *key,
		  unsigned long *value)
{
	char *s = xen_read(x, dir, key), *end;
	int rc = 0;

	if (!s)
		return -ENOENT;
	errno = 0;
	*value = strtoul(s, &end, 0);
	if (errno || end == s || *end || s[0] == '-')
		rc = -EINVAL;
	free(s);
	return rc;
}

int xen_write(struct xen *x, const char *dir, const char *key,
	      const char *value)
{
	char path[XS_PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, key) >= sizeof(path))
		return -ENAMETOOLONG;
	if (!xs_write(x->xs, XBT_NULL, path, value, (unsigned int)strlen(value)))
		return errno_rc();
	return 0;
}

int xen_domains(struct xen *x, uint32_t first, xc_domaininfo_t *info,
		unsigned int max)
{
	int n = xc_domain_getinfolist(x->xc, first, max, info);

	return n < 0 ? errno_rc() : n;
}

void *xen_map_ring(struct xen *x, uint32_t domid, unsigned long ring_ref,
		   bool use_grant, bool *by_grant)
{
	xen_pfn_t pfn = ring_ref;
	void *ring;

	*by_grant = false;
	if (use_grant && x->xgt) {
		ring = xengnttab_map_grant_ref(x->xgt, domid,
					       GNTTAB_RESERVED_CONSOLE,
					       PROT_READ | PROT_WRITE);
		if (ring) {
			*by_grant = true;
			return ring;
		}
	}
	return xenforeignmemory_map(x->xfm, domid, PROT_READ | PROT_WRITE, 1,
				    &pfn, NULL);
}

void xen_unmap_ring(struct xen *x, void *ring, bool by_grant)
{
	if (!ring)
		return;
	if (by_grant)
		xengnttab_unmap(x->xgt, ring, 1);
	else
		xenforeignmemory_unmap(x->xfm, ring, 1);
}
