// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioreq request path (see mmio.h).  The slot is shared with Xen,
 * which writes it while the vCPU waits and reads it once the state says
 * IORESP_READY: the state is read first (acquire), the request copied
 * once, and the answer published data first, state last (release), the
 * order of Xen's own handle_hvm_io_completion()/ioreq_send() pairing
 * (xen/common/ioreq.c).
 */
#include <string.h>

#include "mmio.h"

/*
 * The state is a 4-bit field, so C cannot address it atomically: it is
 * the low nibble of byte 30 in Xen's public ABI (xen/include/public/
 * hvm/ioreq.h: addr, data, count, size, vp_eport, then the bit fields).
 */
_Static_assert(sizeof(ioreq_t) == 32, "ioreq_t is 32 bytes");
#define STATE_BYTE	30
#define STATE_MASK	0x0fu

static uint8_t *state_of(ioreq_t *slot)
{
	return (uint8_t *)slot + STATE_BYTE;
}

static unsigned int state(const ioreq_t *slot)
{
	return __atomic_load_n((const uint8_t *)slot + STATE_BYTE,
			       __ATOMIC_ACQUIRE) & STATE_MASK;
}

static uint64_t size_mask(uint32_t size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* The envelope: what this path, not the device, must refuse. */
static const char *refusal(const ioreq_t *r, const struct mmio_region *region)
{
	if (r->type != IOREQ_TYPE_COPY)
		return "not an MMIO copy";
	/* No Arm access is a string operation: one datum, by value. */
	if (r->count != 1 || r->data_is_ptr || r->df)
		return "repeated, by pointer or with a direction";
	if (r->addr < region->base || r->addr - region->base >= region->size)
		return "outside the region";
	return NULL;
}

/* Perform the request; returns what a read gets. */
static uint64_t perform(const ioreq_t *r, const struct mmio_region *region)
{
	uint32_t offset = (uint32_t)(r->addr - region->base);
	void *ctx = region->ctx;

	if (r->dir == IOREQ_READ)
		return region->ops->read(ctx, offset, r->size) &
		       size_mask(r->size);
	/* Xen 4.17 sends the whole register: only the access's bytes. */
	region->ops->write(ctx, offset, r->size, r->data & size_mask(r->size));
	return 0;
}

bool mmio_serve(ioreq_t *slot, const struct mmio_region *region,
		struct mmio_served *served)
{
	uint8_t *state = state_of(slot);
	uint8_t bits = __atomic_load_n(state, __ATOMIC_ACQUIRE);
	uint64_t value = 0;

	if ((bits & STATE_MASK) != STATE_IOREQ_READY)
		return false;		/* spurious, or answered already */
	memcpy(&served->req, slot, sizeof(served->req));
	served->refused = NULL;
	/* An INVALIDATE asks to drop a map cache: there is none here. */
	if (served->req.type != IOREQ_TYPE_INVALIDATE) {
		served->refused = refusal(&served->req, region);
		if (!served->refused)
			value = perform(&served->req, region);
	}
	if (region->ops->commit)
		region->ops->commit(region->ctx);
	if (served->req.dir == IOREQ_READ)
		slot->data = value;
	__atomic_store_n(state, (uint8_t)((bits & ~STATE_MASK) |
					  STATE_IORESP_READY), __ATOMIC_RELEASE);
	return true;
}

bool mmio_request_waiting(const ioreq_t *slot)
{
	return state(slot) == STATE_IOREQ_READY;
}

bool mmio_answer_pending(const ioreq_t *slot)
{
	return state(slot) == STATE_IORESP_READY;
}

unsigned int mmio_serve_page(shared_iopage_t *page, unsigned int nr_vcpus,
			     const struct mmio_region *region,
			     mmio_answered_fn *answered, void *ctx)
{
	unsigned int n = 0;
	struct mmio_served served;

	for (unsigned int v = 0; v < nr_vcpus; v++) {
		if (!mmio_serve(&page->vcpu_ioreq[v], region, &served))
			continue;
		n++;
		answered(ctx, v, &served);
	}
	return n;
}
