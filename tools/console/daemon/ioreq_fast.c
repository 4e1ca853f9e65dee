// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device model's side of the ioreq fast path (see ioreq_fast.h).
 * The ring protocol is Xen's HVM_IOREQSRV_BUFIOREQ_ATOMIC one, as QEMU's
 * handle_buffered_iopage() reads it: entries are read after an acquire
 * of write_pointer, and read_pointer only ever grows by an atomic add,
 * since Xen moves both pointers down by whole laps (cmpxchg of the pair)
 * while we read.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "errno_rc.h"
#include "ioreq_fast.h"
#include "log.h"

#include <xen/memory.h>

#define BUF_ADDR_MASK	0xfffffull	/* buf_ioreq_t.addr: 20 bits */

static void *map_frame(xenforeignmemory_handle *xfm, uint32_t domid,
		       ioservid_t id, unsigned int frame,
		       xenforeignmemory_resource_handle **res)
{
	void *addr = NULL;

	*res = xenforeignmemory_map_resource(xfm, (domid_t)domid,
			XENMEM_resource_ioreq_server, id, frame, 1, &addr,
			PROT_READ | PROT_WRITE, 0);
	return *res ? addr : NULL;
}

/*
 * read_pointer and the number of entries waiting, as one consistent
 * pair: Xen may move both pointers down by whole laps between our two
 * loads, so read_pointer is read again until it held still (as QEMU's
 * handle_buffered_iopage() does).  Only Xen lowers it, and only from a
 * lap or more: the value cannot come back while we look.
 */
static uint32_t ring_waiting(const buffered_iopage_t *ring, uint32_t *rp)
{
	uint32_t wp;

	do {
		*rp = __atomic_load_n(&ring->read_pointer, __ATOMIC_ACQUIRE);
		wp = __atomic_load_n(&ring->write_pointer, __ATOMIC_ACQUIRE);
	} while (__atomic_load_n(&ring->read_pointer, __ATOMIC_ACQUIRE) != *rp);
	return wp - *rp;
}

/*
 * Where a previous process got to on the ring of a server we adopt (a
 * new server's pages are zero: nothing to skip).  Entries it applied and
 * committed but had not given back yet are given back unapplied; from
 * there on our count of applied writes continues its count.
 */
static void take_over(struct ioreq_fast *f)
{
	buffered_iopage_t *ring = f->ring;
	uint32_t rp, waiting = ring_waiting(ring, &rp);
	uint32_t next = f->page->dm_ring_next % IOREQ_BUFFER_SLOT_NUM;
	uint32_t skip = (next + IOREQ_BUFFER_SLOT_NUM -
			 rp % IOREQ_BUFFER_SLOT_NUM) % IOREQ_BUFFER_SLOT_NUM;

	f->applied = f->page->dm_applied;
	if (skip && skip <= waiting)
		__atomic_fetch_add(&ring->read_pointer, skip, __ATOMIC_RELEASE);
}

int ioreq_fast_map(struct ioreq_fast *f, xenforeignmemory_handle *xfm,
		   uint32_t domid, ioservid_t id)
{
	int rc;

	memset(f, 0, sizeof(*f));
	f->page = map_frame(xfm, domid, id,
			    XENMEM_resource_ioreq_server_frame_published,
			    &f->page_res);
	if (f->page)
		f->ring = map_frame(xfm, domid, id,
				    XENMEM_resource_ioreq_server_frame_bufioreq,
				    &f->ring_res);
	if (f->ring) {
		take_over(f);
		return 0;
	}
	rc = errno_rc();
	ioreq_fast_unmap(f, xfm);
	return rc;
}

void ioreq_fast_unmap(struct ioreq_fast *f, xenforeignmemory_handle *xfm)
{
	if (f->ring_res)
		xenforeignmemory_unmap_resource(xfm, f->ring_res);
	if (f->page_res)
		xenforeignmemory_unmap_resource(xfm, f->page_res);
	memset(f, 0, sizeof(*f));
}

/* One ring entry as a write to the region; false when it is none. */
static bool apply(const buf_ioreq_t *b, const struct mmio_region *region)
{
	uint64_t addr = (region->base & ~BUF_ADDR_MASK) | b->addr;
	unsigned int size = 1u << b->size;
	uint64_t offset = addr - region->base;

	if (b->type != IOREQ_TYPE_COPY || b->dir != IOREQ_WRITE || size > 4 ||
	    addr < region->base || offset + size > region->size)
		return false;
	region->ops->write(region->ctx, (uint32_t)offset, size, b->data);
	return true;
}

unsigned int ioreq_fast_drain(struct ioreq_fast *f,
			      const struct mmio_region *region)
{
	buffered_iopage_t *ring = f->ring;
	uint32_t rp, n;

	if (!ring)
		return 0;
	n = ring_waiting(ring, &rp);
	if (n == 0 || n > IOREQ_BUFFER_SLOT_NUM)
		return 0;		/* empty, or pointers Xen never wrote */
	for (uint32_t i = 0; i < n; i++) {
		buf_ioreq_t b = ring->buf_ioreq[(rp + i) % IOREQ_BUFFER_SLOT_NUM];

		if (!apply(&b, region) && f->refused++ == 0)
			log_msg(LOG_ERR, "ioreq fast path: a ring entry that "
				"is no posted write (type %u, dir %u, addr "
				"%#x) ignored", b.type, b.dir, b.addr);
	}
	/*
	 * Counted first, so that what the commit publishes says they are
	 * applied; committed, then recorded, before the slots go back: a
	 * crash before the record repeats them (better twice than lost),
	 * one after it leaves a successor to skip them (take_over()).
	 */
	f->applied += n;
	if (region->ops->commit)
		region->ops->commit(region->ctx);
	f->page->dm_applied = f->applied;
	__atomic_store_n(&f->page->dm_ring_next,
			 (rp + n) % IOREQ_BUFFER_SLOT_NUM, __ATOMIC_RELEASE);
	__atomic_fetch_add(&ring->read_pointer, n, __ATOMIC_RELEASE);
	return n;
}

/* Entries as Xen reads them: region offsets become guest addresses. */
static void write_words(struct ioreq_published_page *page, uint64_t base,
			const struct ioreq_publication *pub)
{
	unsigned int nr = pub->nr_words < IOREQ_PUBLISHED_MAX ?
			  pub->nr_words : IOREQ_PUBLISHED_MAX;

	for (unsigned int i = 0; i < nr; i++) {
		const struct ioreq_word *w = &pub->word[i];
		struct ioreq_published_word *p = &page->word[i];

		p->addr = base + w->offset;
		memcpy(p->value, w->value, sizeof(p->value));
		p->flags = w->valid_pending ? IOREQ_PUBLISHED_VALID_PENDING : 0;
	}
	page->nr_words = nr;
}

void ioreq_fast_publish(struct ioreq_fast *f, const struct mmio_region *region,
			const struct ioreq_publication *pub)
{
	struct ioreq_published_page *page = f->page;
	uint32_t seq;

	if (!page)
		return;
	/*
	 * Odd while we write: Xen then sends the access synchronously.  It
	 * may be odd already, left by a process that died writing.
	 */
	seq = __atomic_load_n(&page->seq, __ATOMIC_RELAXED) | 1;
	__atomic_store_n(&page->seq, seq, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	write_words(page, region->base, pub);
	page->applied = f->applied;
	page->credit = pub->credit;
	page->post_first = region->base + pub->post_first;
	page->post_last = region->base + pub->post_last;
	__atomic_store_n(&page->seq, seq + 1, __ATOMIC_RELEASE);
}
