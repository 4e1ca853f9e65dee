/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The device model's side of the ioreq fast path our Xen patch adds
 * (hypervisor-ioreq-arm/fast-path.md): Xen posts writes to one range of
 * the region on the server's buffered ring and lets the vCPU run on, and
 * answers reads of the words the device model publishes.  This file maps
 * the two pages, applies posted writes in ring order, and writes a
 * publication under the page's sequence count.  What to publish is the
 * device's business; when, the host's.
 */
#ifndef IOREQ_FAST_H
#define IOREQ_FAST_H

#include <stdbool.h>
#include <stdint.h>

#include <xendevicemodel.h>
#include <xenforeignmemory.h>
#include <xen/hvm/ioreq.h>

#include "ioreq_publication.h"
#include "mmio.h"

struct ioreq_fast {
	buffered_iopage_t *ring;
	struct ioreq_published_page *page;
	xenforeignmemory_resource_handle *ring_res, *page_res;
	uint32_t applied;		/* posted writes applied (Xen counts too) */
	uint64_t refused;		/* ring entries that were no posted write */
};

/*
 * Map the ring and the published page of server id.  0, or -errno: the
 * hypervisor has no fast path (stock Xen: -EINVAL), nothing is mapped.
 */
int ioreq_fast_map(struct ioreq_fast *f, xenforeignmemory_handle *xfm,
		   uint32_t domid, ioservid_t id);

/* Unmap what is mapped; the struct is empty again. */
void ioreq_fast_unmap(struct ioreq_fast *f, xenforeignmemory_handle *xfm);

static inline bool ioreq_fast_on(const struct ioreq_fast *f)
{
	return f->page != NULL;
}

/*
 * Apply the writes waiting on the ring to the region, in ring order, and
 * commit them; only then are their slots given back.  Returns how many.
 */
unsigned int ioreq_fast_drain(struct ioreq_fast *f,
			      const struct mmio_region *region);

/* Publish for region (its base locates the words and the range). */
void ioreq_fast_publish(struct ioreq_fast *f, const struct mmio_region *region,
			const struct ioreq_publication *pub);

#endif
