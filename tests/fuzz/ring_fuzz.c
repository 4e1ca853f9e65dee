// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the console ring consumer (ring.c), what the PV
 * console's and Xen's vuart's guest side reaches: a ring page with hostile
 * in_cons/in_prod/out_cons/out_prod, then a script of output
 * taken and input given, the guest moving its indexes in between.
 * The indexes come from the input; the ring's bytes tell their position.
 * Checked at every step: no more is taken or given than asked or than a
 * ring holds; output comes out in ring order and the out ring's consumer
 * index moves by exactly what was taken (to the producer when the indexes
 * are impossible, with the fault reported); input lands in ring order and
 * in_prod moves by exactly what was given; nothing else in the page
 * changes.  The page is allocated to the byte for AddressSanitizer.
 */
#include <string.h>

#include "fuzz.h"
#include "ring.h"

typedef struct xencons_interface page_t;

static void check_take(page_t *page, struct script *sc)
{
	page_t before = *page;
	size_t max = next8(sc) * 17u;
	uint8_t buf[sizeof(page->out) + 255 * 17];
	struct ring_fault fault;
	size_t n = ring_take_output(page, buf, max, &fault);
	XENCONS_RING_IDX used = before.out_prod - before.out_cons;

	CHECK(n <= max && n <= sizeof(page->out));
	CHECK(fault.bad == (used > sizeof(page->out)));
	if (fault.bad) {
		CHECK(n == 0 && fault.prod == before.out_prod &&
		      fault.cons == before.out_cons);
		before.out_cons = before.out_prod;
	} else {
		CHECK(n == (used < max ? used : max));
		for (size_t i = 0; i < n; i++)
			CHECK(buf[i] == (uint8_t)before.out[MASK_XENCONS_IDX(
				before.out_cons + i, before.out)]);
		before.out_cons += (XENCONS_RING_IDX)n;
	}
	CHECK(!memcmp(&before, page, sizeof(*page)));
}

static void check_give(page_t *page, struct script *sc)
{
	page_t before = *page;
	uint8_t buf[2 * sizeof(page->in)];
	size_t want = (next8(sc) * 9u) % sizeof(buf);
	struct ring_fault fault;
	XENCONS_RING_IDX used = before.in_prod - before.in_cons;
	size_t n;

	next_bytes(sc, buf, want);
	n = ring_give_input(page, buf, want, &fault);
	CHECK(n <= want);
	CHECK(fault.bad == (used > sizeof(page->in)));
	if (fault.bad) {
		CHECK(n == 0);
	} else {
		size_t room = sizeof(page->in) - used;

		CHECK(n == (want < room ? want : room));
		for (size_t i = 0; i < n; i++)
			before.in[MASK_XENCONS_IDX(before.in_prod + i,
						   before.in)] = (char)buf[i];
		before.in_prod += (XENCONS_RING_IDX)n;
	}
	CHECK(!memcmp(&before, page, sizeof(*page)));
}

/* The guest's side: it moves its own indexes as it likes. */
static void guest_moves(page_t *page, struct script *sc)
{
	switch (next8(sc) % 4) {
	case 0: page->out_prod += next8(sc); break;
	case 1: page->in_cons += next8(sc); break;
	case 2: page->out_prod = next32(sc); break;
	case 3: page->in_cons = next32(sc); break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script sc = { data, data + size };
	page_t *page = malloc(sizeof(*page));

	/* Contents every byte of which tells where it came from. */
	for (size_t i = 0; i < sizeof(page->in); i++)
		page->in[i] = (char)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(page->out); i++)
		page->out[i] = (char)(i * 13 + 5);
	page->in_cons = next32(&sc);
	page->in_prod = next32(&sc);
	page->out_cons = next32(&sc);
	page->out_prod = next32(&sc);
	/* Mostly sane indexes, so the copies get exercised, some wild. */
	if (next8(&sc) & 1) {
		page->out_prod = page->out_cons + next8(&sc) * 8u;
		page->in_prod = page->in_cons + next8(&sc) * 4u;
	}
	while (sc.p < sc.end) {
		switch (next8(&sc) % 3) {
		case 0: check_take(page, &sc); break;
		case 1: check_give(page, &sc); break;
		case 2: guest_moves(page, &sc); break;
		}
	}
	free(page);
	return 0;
}
