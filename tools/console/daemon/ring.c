// SPDX-License-Identifier: GPL-2.0-only
/*
 * Xen's console ring (see ring.h).  Indexes are free-running and the ring
 * sizes powers of two (XENCONS_RING_SIZE in io/console.h): an index masks
 * to a position.  Both indexes live in the other end's page: each is
 * read once and the pair checked before either is used.
 */
#include <string.h>

#include "ring.h"

/* Copy n bytes between a linear buffer and a ring starting at index. */
static void copy_out(uint8_t *dst, const char *ring, size_t size,
		     XENCONS_RING_IDX index, size_t n)
{
	size_t at = index & (size - 1);
	size_t first = n < size - at ? n : size - at;

	memcpy(dst, ring + at, first);
	memcpy(dst + first, ring, n - first);
}

static void copy_in(char *ring, size_t size, XENCONS_RING_IDX index,
		    const uint8_t *src, size_t n)
{
	size_t at = index & (size - 1);
	size_t first = n < size - at ? n : size - at;

	memcpy(ring + at, src, first);
	memcpy(ring, src + first, n - first);
}

/* The bytes between cons and prod, or false when no ring holds that many. */
static bool ring_used(XENCONS_RING_IDX prod, XENCONS_RING_IDX cons,
		      size_t size, size_t *used, struct ring_fault *fault)
{
	*used = (XENCONS_RING_IDX)(prod - cons);
	*fault = (struct ring_fault){ *used > size, prod, cons };
	return !fault->bad;
}

size_t ring_take_output(struct xencons_interface *intf, uint8_t *buf,
			size_t max, struct ring_fault *fault)
{
	XENCONS_RING_IDX cons = __atomic_load_n(&intf->out_cons,
						__ATOMIC_RELAXED);
	XENCONS_RING_IDX prod = __atomic_load_n(&intf->out_prod,
						__ATOMIC_ACQUIRE);
	size_t n;

	if (!ring_used(prod, cons, sizeof(intf->out), &n, fault)) {
		__atomic_store_n(&intf->out_cons, prod, __ATOMIC_RELEASE);
		return 0;
	}
	if (n > max)
		n = max;
	if (!n)
		return 0;
	copy_out(buf, intf->out, sizeof(intf->out), cons, n);
	/* The copy must be complete before the guest may reuse the space. */
	__atomic_store_n(&intf->out_cons, cons + (XENCONS_RING_IDX)n,
			 __ATOMIC_RELEASE);
	return n;
}

size_t ring_give_input(struct xencons_interface *intf, const uint8_t *buf,
		       size_t n, struct ring_fault *fault)
{
	XENCONS_RING_IDX prod = __atomic_load_n(&intf->in_prod,
						__ATOMIC_RELAXED);
	XENCONS_RING_IDX cons = __atomic_load_n(&intf->in_cons,
						__ATOMIC_ACQUIRE);
	size_t used;

	if (!ring_used(prod, cons, sizeof(intf->in), &used, fault))
		return 0;
	if (n > sizeof(intf->in) - used)
		n = sizeof(intf->in) - used;
	if (!n)
		return 0;
	copy_in(intf->in, sizeof(intf->in), prod, buf, n);
	/* The data must be visible before the guest sees the new index. */
	__atomic_store_n(&intf->in_prod, prod + (XENCONS_RING_IDX)n,
			 __ATOMIC_RELEASE);
	return n;
}
