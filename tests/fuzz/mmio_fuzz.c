// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the ioreq request path (mmio.c), the code a guest
 * reaches first: a hostile ioreq page (every state, type, size, count,
 * data_is_ptr, direction and address, several vCPUs at once) served with
 * mmio_serve_page().  Checked: every READY slot is answered exactly once
 * and nothing else in it changes but its data (reads) and state; every
 * other slot is left byte for byte; the device sees exactly one access
 * for each request not refused, inside its region, and commits once per
 * answer before the vCPU can see it; a read gets the device's value cut
 * to its size (no bits beyond it), a refused one zero.  The
 * page is allocated to the byte, so AddressSanitizer catches a touch
 * outside it.
 */
#include <string.h>

#include "fuzz.h"
#include "mmio.h"

#define REGION_BASE	0x22000000ull
#define REGION_SIZE	0x1000u
#define MAX_VCPUS	128u

struct device {
	uint64_t read_value;		/* what every read returns, all 64 bits */
	unsigned int accesses, commits;
	ioreq_t *slots;
	unsigned int nr_vcpus;
	unsigned int ready_now;		/* READY slots left when committing */
};

static unsigned int count_ready(const struct device *d)
{
	unsigned int n = 0;

	for (unsigned int v = 0; v < d->nr_vcpus; v++)
		n += (((const uint8_t *)&d->slots[v])[30] & 0xf) ==
		     STATE_IOREQ_READY;
	return n;
}

static uint64_t dev_read(void *ctx, uint32_t offset, unsigned int size)
{
	struct device *d = ctx;

	(void)size;
	CHECK(offset < REGION_SIZE);
	d->accesses++;
	return d->read_value;
}

static void dev_write(void *ctx, uint32_t offset, unsigned int size,
		      uint64_t value)
{
	struct device *d = ctx;

	CHECK(offset < REGION_SIZE);
	/* The path hands on only the bytes of the access. */
	CHECK(size >= 8 || (value >> (8 * size)) == 0);
	d->accesses++;
}

/* The slot being answered is still READY: the answer comes after. */
static void dev_commit(void *ctx)
{
	struct device *d = ctx;

	d->commits++;
	CHECK(count_ready(d) == d->ready_now);
	d->ready_now--;
}

static const struct mmio_ops ops = {
	.read = dev_read,
	.write = dev_write,
	.commit = dev_commit,
};

struct answers {
	unsigned int times[MAX_VCPUS];
	bool performed[MAX_VCPUS];	/* neither refused nor an INVALIDATE */
	unsigned int nr_performed;
};

static void answered(void *ctx, unsigned int vcpu,
		     const struct mmio_served *served)
{
	struct answers *a = ctx;

	CHECK(vcpu < MAX_VCPUS);
	a->times[vcpu]++;
	a->performed[vcpu] = !served->refused &&
			     served->req.type != IOREQ_TYPE_INVALIDATE;
	a->nr_performed += a->performed[vcpu];
}

static uint64_t size_mask(uint32_t size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static unsigned int state_of(const ioreq_t *slot)
{
	return ((const uint8_t *)slot)[30] & 0xf;
}

/* Make some requests land in or near the region, most of them aimed. */
static void aim(ioreq_t *slot, uint8_t how)
{
	if (how & 1)
		slot->addr = REGION_BASE - 8 + (slot->addr & 0x1fff);
	if (how & 2)
		slot->type = IOREQ_TYPE_COPY;
	if (how & 4) {
		slot->count = 1;
		slot->data_is_ptr = 0;
		slot->df = 0;
	}
	if (how & 8)
		slot->state = STATE_IOREQ_READY;
}

static void check_slot(const ioreq_t *before, const ioreq_t *after,
		       unsigned int times, bool performed, uint64_t read_value)
{
	ioreq_t expect = *before;

	if (state_of(before) != STATE_IOREQ_READY) {
		CHECK(times == 0);
		CHECK(!memcmp(before, after, sizeof(*after)));
		return;
	}
	CHECK(times == 1);
	CHECK(state_of(after) == STATE_IORESP_READY);
	/* A read gets the device's value to its size, or 0 if refused. */
	if (before->dir == IOREQ_READ)
		expect.data = performed ? read_value & size_mask(before->size)
					: 0;
	expect.state = STATE_IORESP_READY;
	CHECK(!memcmp(&expect, after, sizeof(*after)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script sc = { data, data + size };
	unsigned int nr = next8(&sc) % MAX_VCPUS + 1;
	size_t bytes = nr * sizeof(ioreq_t);
	ioreq_t *page = malloc(bytes), *before = malloc(bytes);
	struct device dev = { .slots = page, .nr_vcpus = nr };
	struct mmio_region region = { REGION_BASE, REGION_SIZE, &ops, &dev };
	struct answers answers;
	unsigned int ready, n;

	memset(&answers, 0, sizeof(answers));
	next_bytes(&sc, &dev.read_value, sizeof(dev.read_value));
	for (unsigned int v = 0; v < nr; v++) {
		next_bytes(&sc, &page[v], sizeof(page[v]));
		aim(&page[v], next8(&sc));
	}
	memcpy(before, page, bytes);
	ready = dev.ready_now = count_ready(&dev);
	n = mmio_serve_page((shared_iopage_t *)page, nr, &region, answered,
			    &answers);
	CHECK(n == ready);
	CHECK(dev.commits == ready);
	CHECK(dev.accesses == answers.nr_performed);
	for (unsigned int v = 0; v < nr; v++)
		check_slot(&before[v], &page[v], answers.times[v],
			   answers.performed[v], dev.read_value);
	/* Served once: a second pass finds nothing waiting. */
	memcpy(before, page, bytes);
	CHECK(mmio_serve_page((shared_iopage_t *)page, nr, &region, answered,
			      &answers) == 0);
	CHECK(!memcmp(before, page, bytes));
	free(before);
	free(page);
	return 0;
}
