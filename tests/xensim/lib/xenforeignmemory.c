// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxenforeignmemory.so.1: map a domain's pages by gfn
 * (xenconsoled's vuart ring) and map an ioreq server's pages as a resource
 * (a device model's shared_iopage_t).  Every mapping is a MAP_SHARED mmap of
 * the file the hypervisor keeps for that page, which the hypervisor hands
 * out only after checking the request against the handle's restriction
 * (xenforeignmemory_restrict).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <xenforeignmemory.h>
#include <xen/memory.h>
#include "pages.h"
#include "toolcore.h"

struct xenforeignmemory_handle {
	struct page_set pages;
	struct toolcore_handle tc;
};

struct xenforeignmemory_resource_handle {
	void *addr;
	unsigned long nr_frames;
};

static int restrict_cb(struct toolcore_handle *tc, domid_t domid)
{
	return xenforeignmemory_restrict(TOOLCORE_OWNER(tc,
					 xenforeignmemory_handle, tc), domid);
}

xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger,
					       unsigned int open_flags)
{
	xenforeignmemory_handle *fmem = calloc(1, sizeof(*fmem));
	int err;

	(void)logger;
	(void)open_flags;
	if (!fmem)
		return NULL;
	err = toolcore_connect(&fmem->pages.conn, 0, &fmem->tc, restrict_cb);
	if (err) {
		free(fmem);
		errno = -err;
		return NULL;
	}
	return fmem;
}

int xenforeignmemory_close(xenforeignmemory_handle *fmem)
{
	if (!fmem)
		return 0;
	pages_forget_all(&fmem->pages);
	toolcore_disconnect(&fmem->pages.conn, &fmem->tc);
	free(fmem);
	return 0;
}

void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom,
			    void *addr, int prot, int flags, size_t pages,
			    const xen_pfn_t arr[], int err[])
{
	uint64_t *keys = calloc(pages ? pages : 1, sizeof(*keys));
	void *mapped;
	size_t i;

	if (!keys)
		return NULL;
	for (i = 0; i < pages; i++)
		keys[i] = arr[i];
	mapped = pages_map(&fmem->pages, XS_OP_MAP_FOREIGN, &dom, 1, keys,
			   pages, prot, err, addr, flags & MAP_FIXED);
	free(keys);
	return mapped;
}

void *xenforeignmemory_map(xenforeignmemory_handle *fmem, uint32_t dom,
			   int prot, size_t pages, const xen_pfn_t arr[],
			   int err[])
{
	return xenforeignmemory_map2(fmem, dom, NULL, prot, 0, pages, arr, err);
}

int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr,
			   size_t pages)
{
	return pages_unmap(&fmem->pages, addr, pages);
}

/*
 * Only ioreq-server resources exist here: frame 0 is the buffered ioreq
 * page, frames 1.. the synchronous ioreq pages (XENMEM_resource_ioreq_server
 * in xen/include/public/memory.h).
 */
xenforeignmemory_resource_handle *xenforeignmemory_map_resource(
	xenforeignmemory_handle *fmem, domid_t domid, unsigned int type,
	unsigned int id, unsigned long frame, unsigned long nr_frames,
	void **paddr, int prot, int flags)
{
	xenforeignmemory_resource_handle *fres;
	uint32_t dom = domid;
	uint64_t *keys;
	unsigned long i;

	if (type != XENMEM_resource_ioreq_server) {
		xensim_unsupported("xenforeignmemory_map_resource(type != "
				   "ioreq_server)");
		return NULL;
	}
	fres = calloc(1, sizeof(*fres));
	keys = calloc(nr_frames ? nr_frames : 1, sizeof(*keys));
	if (!fres || !keys)
		goto fail;
	for (i = 0; i < nr_frames; i++)
		keys[i] = (uint64_t)id << 32 | (frame + i);
	fres->addr = pages_map(&fmem->pages, XS_OP_IOREQ_RESOURCE, &dom, 1,
			       keys, nr_frames, prot, NULL, *paddr,
			       flags & MAP_FIXED);
	if (!fres->addr)
		goto fail;
	fres->nr_frames = nr_frames;
	*paddr = fres->addr;
	free(keys);
	return fres;
fail:
	free(keys);
	free(fres);
	return NULL;
}

int xenforeignmemory_unmap_resource(xenforeignmemory_handle *fmem,
				    xenforeignmemory_resource_handle *fres)
{
	int ret;

	if (!fres)
		return 0;
	ret = pages_unmap(&fmem->pages, fres->addr, fres->nr_frames);
	free(fres);
	return ret;
}

/*
 * privcmd's IOCTL_PRIVCMD_MMAP_RESOURCE without an address asks Xen for the
 * size (osdep_xenforeignmemory_map_resource), so the hypervisor answers it
 * under the handle's restriction.
 */
int xenforeignmemory_resource_size(xenforeignmemory_handle *fmem,
				   domid_t domid, unsigned int type,
				   unsigned int id, size_t *size)
{
	int64_t frames;

	(void)id;
	if (type != XENMEM_resource_ioreq_server) {
		xensim_unsupported("xenforeignmemory_resource_size(type != "
				   "ioreq_server)");
		return -1;
	}
	frames = xensim_simple(&fmem->pages.conn, XS_OP_IOREQ_RESOURCE_SIZE,
			       domid, 0, 0, 0, 0);
	if (frames < 0) {
		errno = (int)-frames;
		return -1;
	}
	*size = (size_t)frames * 4096;
	return 0;
}

/*
 * IOCTL_PRIVCMD_RESTRICT on the handle's privcmd fd
 * (osdep_xenforeignmemory_restrict, tools/libs/foreignmemory/linux.c).
 */
int xenforeignmemory_restrict(xenforeignmemory_handle *fmem, domid_t domid)
{
	return toolcore_restrict(&fmem->pages.conn, XS_OP_PRIVCMD_RESTRICT,
				 domid);
}
