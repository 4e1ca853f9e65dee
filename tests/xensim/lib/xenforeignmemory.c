// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxenforeignmemory.so.1: map a domain's pages by gfn
 * (xenconsoled's vuart ring) and map an ioreq server's pages as a resource
 * (a device model's shared_iopage_t).  Every mapping is a MAP_SHARED mmap of
 * the file the hypervisor keeps for that page.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <xenforeignmemory.h>
#include <xen/memory.h>
#include "pages.h"

struct xenforeignmemory_handle {
	struct page_set pages;
};

struct xenforeignmemory_resource_handle {
	void *addr;
	unsigned long nr_frames;
};

xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger,
					       unsigned int open_flags)
{
	xenforeignmemory_handle *fmem = calloc(1, sizeof(*fmem));
	int err;

	(void)logger;
	(void)open_flags;
	if (!fmem)
		return NULL;
	err = xensim_connect(&fmem->pages.conn, 0, 0);
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
	xensim_disconnect(&fmem->pages.conn);
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

/* The bufioreq page and one ioreq page (up to 128 vCPUs fit in it). */
int xenforeignmemory_resource_size(xenforeignmemory_handle *fmem,
				   domid_t domid, unsigned int type,
				   unsigned int id, size_t *size)
{
	(void)fmem;
	(void)domid;
	(void)id;
	if (type != XENMEM_resource_ioreq_server) {
		xensim_unsupported("xenforeignmemory_resource_size(type != "
				   "ioreq_server)");
		return -1;
	}
	*size = 2 * 4096;
	return 0;
}

int xenforeignmemory_restrict(xenforeignmemory_handle *fmem, domid_t domid)
{
	(void)fmem;
	(void)domid;
	xensim_unsupported(__func__);
	return -1;
}
