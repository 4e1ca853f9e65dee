// SPDX-License-Identifier: GPL-2.0-only
/*
 * fast.c - our patch's fast path (hypervisor-ioreq-arm/fast-path.md): the
 * buffered ring and the published frame exist only with it; a write to
 * the posted range goes on the ring while credit lasts and the vCPU runs
 * on; a read inside a published word is answered with the value for the
 * number of writes pending; every doubt goes synchronous.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/toy.h"
#include "ioreq_published.h"

#define BASE		0x22000000ull
#define DR		(BASE + 0x000)
#define FR		(BASE + 0x018)
#define FRAME_PUBLISHED	XENMEM_resource_ioreq_server_frame_published
#define ATOMIC		2		/* HVM_IOREQSRV_BUFIOREQ_ATOMIC */

static struct toy_host host;

struct fast_server {
	struct toy_server t;
	uint32_t buf_port;
	buffered_iopage_t *ring;
	struct ioreq_published_page *pub;
};

static void *page(void)
{
	void *p = aligned_alloc(IOREQ_ARM_PAGE_SIZE, IOREQ_ARM_PAGE_SIZE);

	if (!p)
		abort();
	return memset(p, 0xa5, IOREQ_ARM_PAGE_SIZE);
}

static struct ioreq_arm_domain *domain(bool fast_path)
{
	host = (struct toy_host){ 0 };
	return toy_domain(&host, &(struct toy_config){ .fast_path = fast_path });
}

/* A server with the ring and the published page, FR published. */
static int fast_start(struct fast_server *f, struct ioreq_arm_domain *d)
{
	struct toy_server *t = &f->t;
	int rc;

	memset(f, 0, sizeof(*f));
	t->d = d;
	t->page = page();
	f->ring = page();
	f->pub = page();
	rc = ioreq_arm_server_create(d, TOY_DOM0, ATOMIC, &t->id);
	if (!rc)
		rc = ioreq_arm_server_map_frame(d, TOY_DOM0, t->id, 1, t->page);
	if (!rc)
		rc = ioreq_arm_server_map_frame(d, TOY_DOM0, t->id, 0, f->ring);
	if (!rc)
		rc = ioreq_arm_server_map_frame(d, TOY_DOM0, t->id,
						FRAME_PUBLISHED, f->pub);
	if (!rc)
		rc = ioreq_arm_server_get_info(d, TOY_DOM0, t->id, false,
					       &f->buf_port);
	if (!rc)
		rc = ioreq_arm_server_set_state(d, TOY_DOM0, t->id, true);
	if (!rc)
		rc = ioreq_arm_server_map_range(d, TOY_DOM0, t->id,
						XEN_DMOP_IO_RANGE_MEMORY,
						BASE, BASE + 0xfff);
	f->pub->post_first = DR;
	f->pub->post_last = DR + 3;
	f->pub->credit = 2;
	f->pub->nr_words = 1;
	f->pub->word[0] = (struct ioreq_published_word){
		FR, { 0x90, 0x88, 0xa8 }, IOREQ_PUBLISHED_VALID_PENDING };
	return rc;
}

static void fast_free(struct fast_server *f)
{
	free(f->t.page);
	free(f->ring);
	free(f->pub);
}

static uint64_t *x(struct ioreq_arm_domain *d, unsigned int reg)
{
	return &ioreq_arm_vcpu_regs(d, 0)->x[reg];
}

/* A 4-byte read of addr into X1: the outcome, the value in *value. */
static int rd(struct ioreq_arm_domain *d, uint64_t addr, unsigned int size,
	      uint64_t *value)
{
	int rc;

	*x(d, 1) = 0xdead;
	rc = toy_access(d, 0, false, size, 1, addr);
	*value = *x(d, 1);
	return rc;
}

static int wr(struct ioreq_arm_domain *d, uint64_t addr, unsigned int size,
	      uint64_t value)
{
	*x(d, 2) = value;
	return toy_access(d, 0, true, size, 2, addr);
}

static void test_stock_refuses(void)
{
	struct ioreq_arm_domain *d = domain(false);
	struct toy_server t;
	void *p = page();

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	is_num((uint64_t)ioreq_arm_server_map_frame(d, TOY_DOM0, t.id,
						    FRAME_PUBLISHED, p),
	       (uint64_t)-EINVAL, "stock Xen: no published frame (-EINVAL)");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
	free(p);
}

static void test_setup(void)
{
	struct ioreq_arm_domain *d = domain(true);
	struct fast_server f;
	ioservid_t id;

	is_num((uint64_t)fast_start(&f, d), 0,
	       "patched: BUFIOREQ_ATOMIC, ring and published frames map");
	ok(f.buf_port && f.buf_port != f.t.page->vcpu_ioreq[0].vp_eport,
	   "get_info gives the ring's own port");
	ok(f.ring->read_pointer == 0 && f.ring->write_pointer == 0,
	   "the ring page was cleared");
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 3, &id),
	       (uint64_t)-EINVAL, "bufioreq handling 3: -EINVAL");
	ioreq_arm_domain_destroy(d);
	is_num(host.nr_freed, 2, "destruction frees the vCPU's and the ring's port");
	fast_free(&f);
}

static void test_published_read(void)
{
	struct ioreq_arm_domain *d = domain(true);
	struct fast_server f;
	uint64_t v;

	fast_start(&f, d);
	host.nr_notified = 0;
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_RUNNING,
	       "FR read: the vCPU runs on");
	is_num(v, 0x90, "with value[0] (nothing pending)");
	is_num(host.nr_notified, 0, "and no device model was told");
	rd(d, FR + 1, 1, &v);
	is_num(v, 0x00, "a byte lane of the word");
	f.pub->word[0].value[0] = 0x12345678;
	rd(d, FR + 2, 2, &v);
	is_num(v, 0x1234, "a half-word lane");
	is_num((uint64_t)rd(d, BASE + 0x30, 4, &v), IOREQ_ARM_BLOCKED,
	       "a word nobody published: synchronous");
	toy_server_serve(&f.t, 0);
	f.pub->seq = 1;
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_BLOCKED,
	       "the device model mid-update (seq odd): synchronous");
	toy_server_serve(&f.t, 0);
	f.pub->seq = 2;
	f.pub->word[0].addr = FR + 2;
	is_num((uint64_t)rd(d, FR + 2, 2, &v), IOREQ_ARM_BLOCKED,
	       "a misaligned word is ignored");
	toy_server_serve(&f.t, 0);
	f.pub->word[0].addr = FR;
	f.pub->nr_words = IOREQ_PUBLISHED_MAX + 1;
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_BLOCKED,
	       "nr_words beyond the page: synchronous");
	toy_server_serve(&f.t, 0);
	ioreq_arm_domain_destroy(d);
	fast_free(&f);
}

static void test_posted_writes(void)
{
	struct ioreq_arm_domain *d = domain(true);
	struct fast_server f;
	const buf_ioreq_t *b;
	uint64_t v;

	fast_start(&f, d);
	host.nr_notified = 0;
	is_num((uint64_t)wr(d, DR, 1, 0x141), IOREQ_ARM_RUNNING,
	       "DR write: posted, the vCPU runs on");
	b = &f.ring->buf_ioreq[0];
	ok(f.ring->write_pointer == 1 && b->type == IOREQ_TYPE_COPY &&
	   b->dir == IOREQ_WRITE && b->size == 0 && b->data == 0x41 &&
	   b->addr == (DR & 0xfffff),
	   "on the ring: a 1-byte write, low 20 address bits, data masked");
	ok(host.nr_notified == 1 && host.notified[0] == f.buf_port,
	   "and the ring's port is notified");
	rd(d, FR, 4, &v);
	is_num(v, 0x88, "FR with 1 of 2 credits used: value[1]");
	wr(d, DR, 4, 0x42);
	rd(d, FR, 4, &v);
	is_num(v, 0xa8, "FR with the credit used up: value[2]");
	is_num((uint64_t)wr(d, DR, 4, 0x43), IOREQ_ARM_BLOCKED,
	       "a write beyond the credit: synchronous");
	toy_server_serve(&f.t, 0);
	f.pub->word[0].flags = 0;
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_BLOCKED,
	       "a word without VALID_PENDING, writes pending: synchronous");
	toy_server_serve(&f.t, 0);
	f.pub->applied = 2;		/* the device model took both */
	rd(d, FR, 4, &v);
	is_num(v, 0x90, "applied caught up: value[0] again");
	f.pub->applied = 5;		/* ahead of what Xen posted */
	is_num((uint64_t)wr(d, DR, 1, 0x44), IOREQ_ARM_BLOCKED,
	       "an applied count ahead of Xen's: no credit");
	toy_server_serve(&f.t, 0);
	f.pub->applied = 2;
	is_num((uint64_t)wr(d, DR + 4, 4, 0), IOREQ_ARM_BLOCKED,
	       "outside the posted range: synchronous");
	toy_server_serve(&f.t, 0);
	ioreq_arm_domain_destroy(d);
	fast_free(&f);
}

/* A vCPU that reads again with no write between, while writes wait, polls. */
static void test_polling_read(void)
{
	struct ioreq_arm_domain *d = domain(true);
	struct fast_server f;
	uint64_t v;

	fast_start(&f, d);
	wr(d, DR, 1, 'a');
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_RUNNING,
	       "FR after a posted write: answered in Xen");
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_BLOCKED,
	       "FR again, no write between, one pending: a poll, synchronous");
	toy_server_serve(&f.t, 0);
	wr(d, DR, 1, 'b');
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_RUNNING,
	       "a write between: no poll");
	f.pub->applied = 2;		/* the device model took both */
	rd(d, FR, 4, &v);
	is_num((uint64_t)rd(d, FR, 4, &v), IOREQ_ARM_RUNNING,
	       "nothing pending: reads again and again stay in Xen");
	is_num(v, 0x90, "with value[0]");
	ioreq_arm_domain_destroy(d);
	fast_free(&f);
}

static void test_ring_rules(void)
{
	struct ioreq_arm_domain *d = domain(true);
	struct fast_server f;

	fast_start(&f, d);
	f.pub->credit = 1000;
	f.ring->read_pointer = 0;
	f.ring->write_pointer = IOREQ_BUFFER_SLOT_NUM;
	is_num((uint64_t)wr(d, DR, 1, 1), IOREQ_ARM_BLOCKED,
	       "a full ring: synchronous");
	toy_server_serve(&f.t, 0);
	f.ring->read_pointer = f.ring->write_pointer = 3 * IOREQ_BUFFER_SLOT_NUM + 5;
	wr(d, DR, 1, 2);
	ok(f.ring->read_pointer == 5 && f.ring->write_pointer == 6 &&
	   f.ring->buf_ioreq[5].data == 2,
	   "pointers canonicalised below one lap, the entry where it was due");
	f.pub->post_first = 0x220ff000;
	f.pub->post_last = 0x22100003;
	is_num((uint64_t)wr(d, 0x220ff000, 1, 3), IOREQ_ARM_DABT,
	       "(outside the server: a data abort)");
	f.pub->post_first = BASE - 0x100000;
	f.pub->post_last = DR + 3;
	is_num((uint64_t)wr(d, DR, 1, 3), IOREQ_ARM_BLOCKED,
	       "a posted range across two 1 MiB windows: nothing is posted");
	toy_server_serve(&f.t, 0);
	ioreq_arm_domain_destroy(d);
	fast_free(&f);
}

int main(void)
{
	test_stock_refuses();
	test_setup();
	test_published_read();
	test_posted_writes();
	test_polling_read();
	test_ring_rules();
	return tap_done();
}
