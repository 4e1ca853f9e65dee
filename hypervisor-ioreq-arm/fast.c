// SPDX-License-Identifier: GPL-2.0-only
/*
 * fast.c - what our Xen patch adds to try_fwd_ioserv() (fast-path.md):
 * a write to the range the device model marked is posted on the server's
 * buffered ring while its credit lasts, and a read inside a word it
 * published is answered from the published page.  Any doubt (no page, an
 * update in progress, a pending count the word does not cover, a full
 * ring) sends the access synchronously, which is always correct.
 */
#include <stddef.h>

#include "ioreq_arm_internal.h"

#define BUF_ADDR_BITS	20	/* buf_ioreq_t.addr */

/* What one access needs from the published page, read consistently. */
struct published_view {
	uint32_t applied, credit;
	uint64_t post_first, post_last;
	struct ioreq_published_word word;
	bool has_word;			/* a valid word covers the address */
};

static uint32_t load_u32(const uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static uint64_t load_u64(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* The word covering ipa, copied; words must be 4-byte aligned. */
static bool find_word(const struct ioreq_published_page *pg, uint32_t nr,
		      uint64_t ipa, struct ioreq_published_word *out)
{
	if (nr > IOREQ_PUBLISHED_MAX)
		return false;		/* the device model's page is untrusted */
	for (uint32_t i = 0; i < nr; i++) {
		const struct ioreq_published_word *w = &pg->word[i];
		uint64_t addr = load_u64(&w->addr);

		if ((addr & 3) || ipa < addr || ipa - addr >= 4)
			continue;
		out->addr = addr;
		for (unsigned int k = 0; k < IOREQ_PUBLISHED_NR_VALUES; k++)
			out->value[k] = load_u32(&w->value[k]);
		out->flags = load_u32(&w->flags);
		return true;
	}
	return false;
}

/*
 * A sequence-count read: false when the device model was writing (seq
 * odd) or wrote meanwhile (seq moved).  Never retried: the caller falls
 * back to a synchronous request.
 */
static bool read_page(const struct ioreq_published_page *pg, uint64_t ipa,
		      struct published_view *v)
{
	uint32_t seq = __atomic_load_n(&pg->seq, __ATOMIC_ACQUIRE);

	if (seq & 1)
		return false;
	v->applied = load_u32(&pg->applied);
	v->credit = load_u32(&pg->credit);
	v->post_first = load_u64(&pg->post_first);
	v->post_last = load_u64(&pg->post_last);
	v->has_word = find_word(pg, load_u32(&pg->nr_words), ipa, &v->word);
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&pg->seq, __ATOMIC_RELAXED) == seq;
}

static unsigned int size_code(unsigned int size)
{
	return size == 1 ? 0 : size == 2 ? 1 : 2;
}

/*
 * ioreq_send_buffered() for one 1, 2 or 4 byte write, with its pointer
 * canonicalisation (HVM_IOREQSRV_BUFIOREQ_ATOMIC): the device model adds
 * to read_pointer atomically, Xen moves both pointers down together.
 */
static bool ring_put(buffered_iopage_t *pg, uint64_t ipa, unsigned int size,
		     uint32_t data)
{
	uint64_t *both = (uint64_t *)(void *)&pg->read_pointer;
	uint32_t rp = __atomic_load_n(&pg->read_pointer, __ATOMIC_ACQUIRE);
	uint32_t wp = __atomic_load_n(&pg->write_pointer, __ATOMIC_RELAXED);
	buf_ioreq_t *b;

	if (wp - rp >= IOREQ_BUFFER_SLOT_NUM)
		return false;		/* full: the normal path */
	b = &pg->buf_ioreq[wp % IOREQ_BUFFER_SLOT_NUM];
	*b = (buf_ioreq_t){
		.type = IOREQ_TYPE_COPY,
		.dir = IOREQ_WRITE,
		.size = size_code(size) & 3,
		.addr = (uint32_t)(ipa & ((1u << BUF_ADDR_BITS) - 1)),
		.data = data,
	};
	__atomic_store_n(&pg->write_pointer, wp + 1, __ATOMIC_RELEASE);
	for (;;) {
		uint64_t old = __atomic_load_n(both, __ATOMIC_ACQUIRE);
		uint32_t r = (uint32_t)old, w = (uint32_t)(old >> 32);
		uint32_t n = r / IOREQ_BUFFER_SLOT_NUM;
		uint64_t new;

		if (n == 0)
			return true;
		r -= n * IOREQ_BUFFER_SLOT_NUM;
		w -= n * IOREQ_BUFFER_SLOT_NUM;
		new = (uint64_t)w << 32 | r;
		if (__atomic_compare_exchange_n(both, &old, new, false,
						__ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return true;
	}
}

bool fast_post_write(struct ioreq_arm_domain *d, struct server *s,
		     uint64_t ipa, unsigned int size, uint32_t data)
{
	struct published_view v;

	if (!s->published || !s->buf_page || size > 4 ||
	    !read_page(s->published, ipa, &v))
		return false;
	if (ipa < v.post_first || ipa + size - 1 > v.post_last ||
	    v.post_first >> BUF_ADDR_BITS != v.post_last >> BUF_ADDR_BITS)
		return false;
	/* Unsigned: an applied count ahead of ours is no credit at all. */
	if (s->posted - v.applied >= v.credit)
		return false;
	if (!ring_put(s->buf_page, ipa, size, data))
		return false;
	s->posted++;
	d->ops->evtchn_notify(d->ctx, s->bufioreq_port);
	return true;
}

/*
 * A second published read with no write posted since, while writes
 * wait, is a vCPU polling for their effect (TXFF, BUSY): only the device
 * model can change the answer, so the read goes to it and the vCPU
 * blocks instead of spinning (on a shared pCPU a spinning poller holds
 * the device model off until the scheduler preempts it).
 */
bool fast_published_read(struct server *s, uint64_t ipa,
			 unsigned int size, uint64_t *data)
{
	struct published_view v;
	uint32_t pending, value;
	unsigned int which;
	bool polling;

	if (!s->published || size > 4 || !read_page(s->published, ipa, &v) ||
	    !v.has_word || ipa + size > v.word.addr + 4)
		return false;
	pending = s->posted - v.applied;
	polling = pending && s->posted_at_read == s->posted;
	s->posted_at_read = s->posted;
	if (polling)
		return false;
	if (pending == 0)
		which = IOREQ_PUBLISHED_IDLE;
	else if (!(v.word.flags & IOREQ_PUBLISHED_VALID_PENDING) ||
		 pending > v.credit)
		return false;
	else
		which = pending < v.credit ? IOREQ_PUBLISHED_PENDING :
					     IOREQ_PUBLISHED_FULL;
	value = v.word.value[which] >> (8 * (ipa - v.word.addr));
	*data = size == 4 ? value : value & ((1u << (8 * size)) - 1);
	return true;
}
