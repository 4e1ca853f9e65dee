/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Page mapping shared by the simulated libxengnttab and libxenforeignmemory:
 * ask the hypervisor for each page (by grant ref or gfn), mmap its file
 * MAP_SHARED into one contiguous range, and remember the range so that an
 * unmap by address can tell the hypervisor which domain it released.
 */
#ifndef XENSIM_LIB_PAGES_H
#define XENSIM_LIB_PAGES_H

#include <stddef.h>
#include <stdint.h>
#include "../client.h"

struct page_range;

struct page_set {
	struct xensim_conn conn;
	struct page_range *ranges;
};

/*
 * Map @n pages of @domids[i] (or domids[0] for all when @one_domain),
 * found by @op (XS_OP_MAP_GRANT: keys are refs; XS_OP_MAP_FOREIGN: gfns).
 * With @errs, a page that fails gets its -errno there and the rest is still
 * mapped; without, any failure fails the call.  EPERM, a restricted
 * handle's refusal, fails the call either way, as privcmd refuses the
 * whole of IOCTL_PRIVCMD_MMAPBATCH_V2 (privcmd_ioctl_mmap_batch in Linux's
 * drivers/xen/privcmd.c).  @addr is a placement hint (MAP_FIXED when
 * @fixed).  Returns the address or NULL with errno set.
 */
void *pages_map(struct page_set *set, uint32_t op, const uint32_t *domids,
		int one_domain, const uint64_t *keys, size_t n, int prot,
		int *errs, void *addr, int fixed);

/* Unmap a range returned by pages_map; -1 with errno EINVAL if unknown. */
int pages_unmap(struct page_set *set, void *addr, size_t n);

/*
 * Handle close: forget the ranges but leave them mapped, as closing a
 * Linux gntdev/privcmd fd does; the hypervisor drops its references when
 * the connection closes.
 */
void pages_forget_all(struct page_set *set);

#endif
