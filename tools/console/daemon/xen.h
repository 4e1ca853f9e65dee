/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one place that holds the daemon's Xen library handles, and the
 * small helpers over them that every console kind needs.  Only calls that
 * exist from Xen 4.17 on are used (no xc_domain_getinfo, gone in 4.18).
 */
#ifndef XEN_H
#define XEN_H

#include <stdbool.h>
#include <stdint.h>

#include <xenctrl.h>
#include <xendevicemodel.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xengnttab.h>
#include <xenstore.h>
#include <xentoollog.h>

struct xen {
	/* The libraries report only what is critical: we say the rest once. */
	struct xentoollog_logger *quiet;
	xc_interface *xc;
	struct xs_handle *xs;
	xengnttab_handle *xgt;		/* NULL: map rings by foreign map */
	xenforeignmemory_handle *xfm;
	xendevicemodel_handle *xdm;	/* NULL: no PL011 consoles */
};

/* Open every handle; on failure one clear message and -errno. */
int xen_open(struct xen *x);
void xen_close(struct xen *x);

/*
 * Read "<dir>/<key>" as a string (caller frees) or NULL.  Reads with the
 * daemon's privileges: a guest can write its own keys, so every value is
 * parsed as untrusted.
 */
char *xen_read(struct xen *x, const char *dir, const char *key);

/* Parse "<dir>/<key>" as an unsigned number; -ENOENT or -EINVAL. */
int xen_read_uint(struct xen *x, const char *dir, const char *key,
		  unsigned long *value);

/* Write "<dir>/<key>" = value.  0 or -errno. */
int xen_write(struct xen *x, const char *dir, const char *key,
	      const char *value);

/*
 * Up to max domains with domid >= first, in domid order.  Returns the
 * count or -errno.
 */
int xen_domains(struct xen *x, uint32_t first, xc_domaininfo_t *info,
		unsigned int max);

/* Map a guest's console ring: grant ref 0 if gnttab is open and
 * use_grant, else the frame ring_ref by foreign map.  NULL and errno. */
void *xen_map_ring(struct xen *x, uint32_t domid, unsigned long ring_ref,
		   bool use_grant, bool *by_grant);
void xen_unmap_ring(struct xen *x, void *ring, bool by_grant);

#endif
