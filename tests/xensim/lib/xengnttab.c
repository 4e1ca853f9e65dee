// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxengnttab.so.1: mapping another domain's granted pages
 * (xenstored maps each guest's GNTTAB_RESERVED_XENSTORE page, xenconsoled
 * its GNTTAB_RESERVED_CONSOLE page).  Granting our own pages (xengntshr),
 * grant copy and dma-bufs are not simulated and fail with ENOSYS.
 */
#include <errno.h>
#include <stdlib.h>
#include <xengnttab.h>
#include "pages.h"

struct xengntdev_handle {
	struct page_set pages;
};

xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger,
				 unsigned int open_flags)
{
	xengnttab_handle *xgt = calloc(1, sizeof(*xgt));
	int err;

	(void)logger;
	(void)open_flags;
	if (!xgt)
		return NULL;
	err = xensim_connect(&xgt->pages.conn, 0, 0);
	if (err) {
		free(xgt);
		errno = -err;
		return NULL;
	}
	return xgt;
}

int xengnttab_close(xengnttab_handle *xgt)
{
	if (!xgt)
		return 0;
	pages_forget_all(&xgt->pages);
	xensim_disconnect(&xgt->pages.conn);
	free(xgt);
	return 0;
}

static void *map_refs(xengnttab_handle *xgt, uint32_t count,
		      const uint32_t *domids, int one_domain,
		      const uint32_t *refs, int prot)
{
	uint64_t *keys = calloc(count ? count : 1, sizeof(*keys));
	uint32_t i;
	void *addr;

	if (!keys)
		return NULL;
	for (i = 0; i < count; i++)
		keys[i] = refs[i];
	addr = pages_map(&xgt->pages, XS_OP_MAP_GRANT, domids, one_domain,
			 keys, count, prot, NULL, NULL, 0);
	free(keys);
	return addr;
}

void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
			      uint32_t ref, int prot)
{
	return map_refs(xgt, 1, &domid, 1, &ref, prot);
}

void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
			       uint32_t *domids, uint32_t *refs, int prot)
{
	return map_refs(xgt, count, domids, 0, refs, prot);
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
				      uint32_t domid, uint32_t *refs, int prot)
{
	return map_refs(xgt, count, &domid, 1, refs, prot);
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start_address,
		    uint32_t count)
{
	return pages_unmap(&xgt->pages, start_address, count);
}

/* Only a per-handle limit in Linux; the simulation has no such limit. */
int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
	(void)xgt;
	(void)nr_grants;
	return 0;
}

#define UNSUPPORTED(ret) do {			\
		xensim_unsupported(__func__);	\
		return ret;			\
	} while (0)

int xengnttab_fd(xengnttab_handle *xgt)
{
	(void)xgt;
	UNSUPPORTED(-1);
}

void *xengnttab_map_grant_ref_notify(xengnttab_handle *xgt, uint32_t domid,
				     uint32_t ref, int prot,
				     uint32_t notify_offset,
				     evtchn_port_t notify_port)
{
	(void)xgt; (void)domid; (void)ref; (void)prot;
	(void)notify_offset; (void)notify_port;
	UNSUPPORTED(NULL);
}

int xengnttab_grant_copy(xengnttab_handle *xgt, uint32_t count,
			 xengnttab_grant_copy_segment_t *segs)
{
	(void)xgt; (void)count; (void)segs;
	UNSUPPORTED(-1);
}

int xengnttab_dmabuf_exp_from_refs(xengnttab_handle *xgt, uint32_t domid,
				   uint32_t flags, uint32_t count,
				   const uint32_t *refs, uint32_t *fd)
{
	(void)xgt; (void)domid; (void)flags; (void)count; (void)refs;
	(void)fd;
	UNSUPPORTED(-1);
}

int xengnttab_dmabuf_exp_wait_released(xengnttab_handle *xgt, uint32_t fd,
				       uint32_t wait_to_ms)
{
	(void)xgt; (void)fd; (void)wait_to_ms;
	UNSUPPORTED(-1);
}

int xengnttab_dmabuf_imp_to_refs(xengnttab_handle *xgt, uint32_t domid,
				 uint32_t fd, uint32_t count, uint32_t *refs)
{
	(void)xgt; (void)domid; (void)fd; (void)count; (void)refs;
	UNSUPPORTED(-1);
}

int xengnttab_dmabuf_imp_release(xengnttab_handle *xgt, uint32_t fd)
{
	(void)xgt; (void)fd;
	UNSUPPORTED(-1);
}

xengntshr_handle *xengntshr_open(struct xentoollog_logger *logger,
				 unsigned int open_flags)
{
	(void)logger; (void)open_flags;
	UNSUPPORTED(NULL);
}

int xengntshr_close(xengntshr_handle *xgs)
{
	(void)xgs;
	return 0;
}

int xengntshr_fd(xengntshr_handle *xgs)
{
	(void)xgs;
	UNSUPPORTED(-1);
}

void *xengntshr_share_pages(xengntshr_handle *xgs, uint32_t domid,
			    int count, uint32_t *refs, int writable)
{
	(void)xgs; (void)domid; (void)count; (void)refs; (void)writable;
	UNSUPPORTED(NULL);
}

void *xengntshr_share_page_notify(xengntshr_handle *xgs, uint32_t domid,
				  uint32_t *ref, int writable,
				  uint32_t notify_offset,
				  evtchn_port_t notify_port)
{
	(void)xgs; (void)domid; (void)ref; (void)writable;
	(void)notify_offset; (void)notify_port;
	UNSUPPORTED(NULL);
}

int xengntshr_unshare(xengntshr_handle *xgs, void *start_address,
		      uint32_t count)
{
	(void)xgs; (void)start_address; (void)count;
	UNSUPPORTED(-1);
}
