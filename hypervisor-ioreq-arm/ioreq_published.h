/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioreq_published.h - the ABI of the ioreq fast path (fast-path.md): the
 * published page a device model shares with Xen, one more frame of its
 * ioreq server's XENMEM_resource_ioreq_server resource.  Our Xen patch
 * adds the same definitions to xen/include/public/hvm/ioreq.h; the
 * simulated hypervisor and the PL011 emulator include this copy, since
 * no installed Xen header has them.
 */
#ifndef IOREQ_PUBLISHED_H
#define IOREQ_PUBLISHED_H

#include <stdint.h>

/* Above any ioreq page index: XENMEM_resource_ioreq_server_frame_ioreq(n). */
#define XENMEM_resource_ioreq_server_frame_published	0x100

#define IOREQ_PUBLISHED_MAX		64
/* value[1] and value[2] are valid too; otherwise only value[0] is. */
#define IOREQ_PUBLISHED_VALID_PENDING	1u

enum {
	IOREQ_PUBLISHED_IDLE,		/* no posted write pending */
	IOREQ_PUBLISHED_PENDING,	/* 1 .. credit - 1 pending */
	IOREQ_PUBLISHED_FULL,		/* credit pending */
	IOREQ_PUBLISHED_NR_VALUES,
};

struct ioreq_published_word {
	uint64_t addr;			/* guest physical, 4-byte aligned */
	uint32_t value[IOREQ_PUBLISHED_NR_VALUES];
	uint32_t flags;
};

struct ioreq_published_page {
	uint32_t seq;			/* odd while the device model writes */
	uint32_t nr_words;		/* in use, <= IOREQ_PUBLISHED_MAX */
	uint32_t applied;		/* posted writes the values reflect */
	uint32_t credit;		/* writes Xen may post beyond applied */
	uint64_t post_first;		/* writes to [post_first, post_last] */
	uint64_t post_last;		/* are posted; first > last: none */
	struct ioreq_published_word word[IOREQ_PUBLISHED_MAX];
	/*
	 * The device model's own, never read by Xen: how far it got on the
	 * ring, for a successor that adopts the server.  Written after the
	 * posted writes were applied and committed, before their slots go
	 * back.
	 */
	uint32_t dm_applied;		/* posted writes applied, ever */
	uint32_t dm_ring_next;		/* read_pointer after them, modulo
					   IOREQ_BUFFER_SLOT_NUM */
};

_Static_assert(sizeof(struct ioreq_published_page) <= 4096,
	       "the published page is one 4 KiB frame");

#endif
