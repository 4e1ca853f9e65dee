// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PL011's publication (see pl011_publish.h), computed on scratch copies
 * of the model: what each register reads after k DR writes is what the
 * model says it reads, for every k Xen may post.
 */
#include <string.h>

#include "pl011_publish.h"

/*
 * Registers whose read changes nothing (DR pops the RX FIFO; the test
 * registers are reported as guest errors, so they stay synchronous).
 */
static const uint32_t published[] = {
	PL011_RSR, PL011_FR, PL011_ILPR, PL011_IBRD, PL011_FBRD, PL011_LCR_H,
	PL011_CR, PL011_IFLS, PL011_IMSC, PL011_RIS, PL011_MIS, PL011_ICR,
	PL011_DMACR,
	PL011_PERIPHID0, PL011_PERIPHID0 + 0x4, PL011_PERIPHID0 + 0x8,
	PL011_PERIPHID0 + 0xc, PL011_PERIPHID0 + 0x10, PL011_PERIPHID0 + 0x14,
	PL011_PERIPHID0 + 0x18, PL011_PERIPHID0 + 0x1c,
};

#define NR_PUBLISHED	(sizeof(published) / sizeof(published[0]))

_Static_assert(NR_PUBLISHED <= IOREQ_PUBLISHED_MAX, "fits the page");

/*
 * Each published register as the guest would read it from s, a scratch
 * copy: none of these reads changes anything but s's interrupt
 * bookkeeping, and s drives no line.
 */
static void read_all(struct pl011 *s, uint32_t value[NR_PUBLISHED])
{
	for (unsigned int i = 0; i < NR_PUBLISHED; i++)
		value[i] = (uint32_t)pl011_read(s, published[i], 4);
}

static void posted_write(struct pl011 *s)
{
	pl011_write(s, PL011_DR, 1, 0);
}

void pl011_publication(const struct pl011 *uart, struct ioreq_publication *pub)
{
	struct pl011 s = *uart;
	uint32_t now[NR_PUBLISHED], first[NR_PUBLISHED], last[NR_PUBLISHED];
	bool steady[NR_PUBLISHED];
	uint32_t credit = 0;

	s.config.irq = NULL;		/* scratch: no line to drive */
	read_all(&s, now);
	memcpy(last, now, sizeof(last));
	memcpy(first, now, sizeof(first));
	for (unsigned int i = 0; i < NR_PUBLISHED; i++)
		steady[i] = true;
	/*
	 * Writes until one fills the TX FIFO (the guest then reads TXFF and
	 * waits, as on hardware), or a FIFO's worth when none ever does.
	 * After k < credit writes each register must read as after the
	 * first; after credit writes it may read otherwise.
	 */
	while (credit < PL011_FIFO_DEPTH && !pl011_tx_full(&s)) {
		posted_write(&s);
		credit++;
		for (unsigned int i = 0; credit > 2 && i < NR_PUBLISHED; i++)
			steady[i] = steady[i] && last[i] == first[i];
		read_all(&s, last);
		if (credit == 1)
			memcpy(first, last, sizeof(first));
	}
	memset(pub, 0, sizeof(*pub));
	pub->credit = credit;
	pub->post_first = PL011_DR;
	pub->post_last = PL011_DR + 3;
	pub->nr_words = NR_PUBLISHED;
	for (unsigned int i = 0; i < NR_PUBLISHED; i++) {
		struct ioreq_word *w = &pub->word[i];

		w->offset = published[i];
		w->value[IOREQ_PUBLISHED_IDLE] = now[i];
		w->value[IOREQ_PUBLISHED_PENDING] = first[i];
		w->value[IOREQ_PUBLISHED_FULL] = last[i];
		w->valid_pending = credit > 0 && steady[i];
	}
}
