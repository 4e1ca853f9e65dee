// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioreq request path, one rule at a time: what is performed, what is
 * refused (and answered zero), what is masked, what is left alone, and
 * that the device commits before the answer is visible.
 */
#include <string.h>

#include "mmio.h"
#include "tap.h"

#define BASE	0x22000000ull

struct device {
	unsigned int reads, writes, commits;
	uint32_t offset;
	unsigned int size;
	uint64_t written;
	ioreq_t *slot;
	unsigned int state_at_commit;
};

static unsigned int state(const ioreq_t *slot)
{
	return ((const uint8_t *)slot)[30] & 0xf;
}

static uint64_t dev_read(void *ctx, uint32_t offset, unsigned int size)
{
	struct device *d = ctx;

	d->reads++;
	d->offset = offset;
	d->size = size;
	return 0x1122334455667788ull;
}

static void dev_write(void *ctx, uint32_t offset, unsigned int size,
		      uint64_t value)
{
	struct device *d = ctx;

	d->writes++;
	d->offset = offset;
	d->size = size;
	d->written = value;
}

static void dev_commit(void *ctx)
{
	struct device *d = ctx;

	d->commits++;
	d->state_at_commit = state(d->slot);
}

static const struct mmio_ops ops = { dev_read, dev_write, dev_commit };

/* Serve one request built from the template; returns the slot after. */
static ioreq_t serve(struct device *d, ioreq_t req, bool *answered,
		     const char **refused)
{
	struct mmio_region region = { BASE, 0x1000, &ops, d };
	struct mmio_served served = { .refused = NULL };

	memset(d, 0, sizeof(*d));
	d->slot = &req;
	*answered = mmio_serve(&req, &region, &served);
	*refused = served.refused;
	return req;
}

static ioreq_t request(uint8_t dir, uint64_t addr, uint32_t size,
		       uint64_t data)
{
	ioreq_t r;

	memset(&r, 0, sizeof(r));
	r.addr = addr;
	r.data = data;
	r.count = 1;
	r.size = size;
	r.state = STATE_IOREQ_READY;
	r.dir = dir;
	r.type = IOREQ_TYPE_COPY;
	return r;
}

static void refused_read(ioreq_t r, const char *what)
{
	struct device d;
	bool answered;
	const char *refused;
	ioreq_t after = serve(&d, r, &answered, &refused);

	ok(answered && refused && !d.reads && !d.writes &&
	   after.data == 0 && state(&after) == STATE_IORESP_READY,
	   "%s: refused, answered 0, the device untouched", what);
}

int main(void)
{
	struct device d;
	bool answered;
	const char *refused;
	ioreq_t r, after;

	after = serve(&d, request(IOREQ_READ, BASE + 0x18, 2, ~0ull),
		      &answered, &refused);
	ok(answered && !refused, "a read in the region is performed");
	is_num(d.offset, 0x18, "at its offset in the region");
	is_num(d.size, 2, "with its size, for the device to judge");
	is_hex(after.data, 0x7788, "its value cut to the access's size");
	is_num(state(&after), STATE_IORESP_READY, "and answered");
	is_num(d.state_at_commit, STATE_IOREQ_READY,
	       "the device commits before the answer is visible");

	serve(&d, request(IOREQ_WRITE, BASE, 1, 0xabcd41), &answered, &refused);
	is_hex(d.written, 0x41, "a write hands on only its bytes");
	after = serve(&d, request(IOREQ_WRITE, BASE, 1, 0xabcd41), &answered,
		      &refused);
	is_hex(after.data, 0xabcd41, "and leaves the slot's data alone");

	serve(&d, request(IOREQ_READ, BASE + 0xffe, 4, 0), &answered, &refused);
	ok(answered && !refused && d.reads == 1,
	   "size and alignment are the device's to judge, not the path's");

	refused_read(request(IOREQ_READ, BASE - 4, 4, 5), "below the region");
	refused_read(request(IOREQ_READ, BASE + 0x1000, 4, 5),
		     "above the region");
	r = request(IOREQ_READ, BASE, 4, 5);
	r.count = 2;
	refused_read(r, "count 2");
	r.count = 0;
	refused_read(r, "count 0");
	r = request(IOREQ_READ, BASE, 4, 5);
	r.data_is_ptr = 1;
	refused_read(r, "data by pointer");
	r = request(IOREQ_READ, BASE, 4, 5);
	r.df = 1;
	refused_read(r, "direction flag");
	r = request(IOREQ_READ, BASE, 4, 5);
	r.type = IOREQ_TYPE_PIO;
	refused_read(r, "port I/O");

	r = request(IOREQ_WRITE, 0, 4, ~0ull);
	r.type = IOREQ_TYPE_INVALIDATE;
	r.count = 0;
	after = serve(&d, r, &answered, &refused);
	ok(answered && !refused && !d.writes && d.commits == 1,
	   "INVALIDATE: answered, nothing to do, not an error");

	r = request(IOREQ_READ, BASE, 4, 5);
	r.state = STATE_IOREQ_INPROCESS;
	after = serve(&d, r, &answered, &refused);
	ok(!answered && !d.commits && !memcmp(&after, &r, sizeof(r)),
	   "a slot not READY is left byte for byte");
	r.state = STATE_IORESP_READY;
	ok(mmio_answer_pending(&r), "an answer Xen has not taken is pending");
	return tap_done();
}
