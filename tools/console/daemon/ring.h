/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Moving bytes through Xen's console ring (struct xencons_interface,
 * xen/include/public/io/console.h), the page the PV console and Xen's
 * vuart share with us.  Pure: the caller maps the page and notifies.
 *
 * The other end writes the page as it likes, so each index is read once
 * and checked: a ring that claims more than it holds is reported through
 * ring_fault and never read or written outside the page.
 */
#ifndef RING_H
#define RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/io/console.h>

/* Indexes found out of range: what the caller reports. */
struct ring_fault {
	bool bad;
	XENCONS_RING_IDX prod, cons;
};

/*
 * Guest output: copy up to max bytes out of the out ring and consume
 * them.  A ring with impossible indexes is skipped (out_cons moved to
 * out_prod), so a guest that corrupted it once can carry on.
 */
size_t ring_take_output(struct xencons_interface *intf, uint8_t *buf,
			size_t max, struct ring_fault *fault);

/*
 * Input: copy what fits of n bytes into the in ring and publish them.
 * Returns how many; zero for a ring with impossible indexes.
 */
size_t ring_give_input(struct xencons_interface *intf, const uint8_t *buf,
		       size_t n, struct ring_fault *fault);

#endif
