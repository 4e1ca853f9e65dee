// SPDX-License-Identifier: GPL-2.0-only
/*
 * A PL011's publication for the fast path (pl011_publish.h), checked
 * against the model itself in many states: each published word reads, in
 * the model, as published after 0, each of 1..credit-1 and credit DR
 * writes; the credit is what fills the TX FIFO; DR (a read pops it) and
 * the test registers (reported as guest errors) are never published.
 */
#include <string.h>

#include "pl011_publish.h"
#include "tap.h"

static struct pl011 uart_in(enum pl011_tx_policy policy)
{
	struct pl011 s;

	pl011_init(&s, &(struct pl011_config){
		.reset_mode = PL011_RESET_FIRMWARE, .tx_policy = policy });
	return s;
}

/* Register reg after k DR writes, as the guest would read it. */
static uint32_t read_after(const struct pl011 *s, uint32_t reg, uint32_t k)
{
	struct pl011 copy = *s;

	for (uint32_t i = 0; i < k; i++)
		pl011_write(&copy, PL011_DR, 1, 'x');
	return (uint32_t)pl011_read(&copy, reg, 4);
}

static bool tx_full_after(const struct pl011 *s, uint32_t k)
{
	struct pl011 copy = *s;

	for (uint32_t i = 0; i < k; i++)
		pl011_write(&copy, PL011_DR, 1, 'x');
	return pl011_tx_full(&copy);
}

/* Every word as the model reads it, for every number of pending writes. */
static bool matches_model(const struct pl011 *s,
			  const struct ioreq_publication *pub)
{
	for (unsigned int i = 0; i < pub->nr_words; i++) {
		const struct ioreq_word *w = &pub->word[i];

		if (read_after(s, w->offset, 0) != w->value[IOREQ_PUBLISHED_IDLE])
			return false;
		if (!w->valid_pending)
			continue;
		for (uint32_t k = 1; k < pub->credit; k++)
			if (read_after(s, w->offset, k) !=
			    w->value[IOREQ_PUBLISHED_PENDING])
				return false;
		if (read_after(s, w->offset, pub->credit) !=
		    w->value[IOREQ_PUBLISHED_FULL])
			return false;
	}
	return true;
}

static bool published(const struct ioreq_publication *pub, uint32_t reg)
{
	for (unsigned int i = 0; i < pub->nr_words; i++)
		if (pub->word[i].offset == reg)
			return true;
	return false;
}

static const struct ioreq_word *word(const struct ioreq_publication *pub,
				     uint32_t reg)
{
	for (unsigned int i = 0; i < pub->nr_words; i++)
		if (pub->word[i].offset == reg)
			return &pub->word[i];
	return NULL;
}

static void check(const char *what, const struct pl011 *s)
{
	struct ioreq_publication pub;

	pl011_publication(s, &pub);
	ok(matches_model(s, &pub), "%s: every word as the model reads it "
	   "(credit %u)", what, pub.credit);
}

static void test_states(void)
{
	struct pl011 s = uart_in(PL011_TX_BLOCK);
	uint8_t in[40];

	memset(in, 'i', sizeof(in));
	check("reset", &s);
	for (int i = 0; i < 10; i++)
		pl011_write(&s, PL011_DR, 1, 'a');
	check("10 bytes in the TX FIFO", &s);
	pl011_write(&s, PL011_IMSC, 4, PL011_INT_TX | PL011_INT_RX);
	pl011_write(&s, PL011_IFLS, 4, 0x12);
	check("TX and RX interrupts unmasked", &s);
	pl011_rx_push(&s, in, 20);
	check("20 bytes received", &s);
	for (int i = 0; i < 22; i++)
		pl011_write(&s, PL011_DR, 1, 'b');
	check("TX FIFO full", &s);
	s = uart_in(PL011_TX_BLOCK);
	pl011_write(&s, PL011_LCR_H, 4, 0x60);		/* FEN off */
	check("FIFOs off (one-character holding register)", &s);
	pl011_write(&s, PL011_CR, 4, 0);		/* UART disabled */
	check("UART disabled", &s);
	s = uart_in(PL011_TX_DROP);
	check("TX drop policy", &s);
}

static void test_credit(void)
{
	struct pl011 s = uart_in(PL011_TX_BLOCK);
	struct ioreq_publication pub;

	for (int i = 0; i < 5; i++)
		pl011_write(&s, PL011_DR, 1, 'a');
	pl011_publication(&s, &pub);
	is_num(pub.credit, PL011_FIFO_DEPTH - 5, "credit: the TX FIFO's room");
	ok(!tx_full_after(&s, pub.credit - 1) && tx_full_after(&s, pub.credit),
	   "the credit-th write fills it");
	ok((word(&pub, PL011_FR)->value[IOREQ_PUBLISHED_FULL] & PL011_FR_TXFF) &&
	   !(word(&pub, PL011_FR)->value[IOREQ_PUBLISHED_PENDING] & PL011_FR_TXFF),
	   "FR: TXFF once the credit is used, not before");
	ok(word(&pub, PL011_FR)->valid_pending &&
	   (word(&pub, PL011_FR)->value[IOREQ_PUBLISHED_PENDING] & PL011_FR_BUSY),
	   "FR: BUSY while writes are pending");
	ok(pub.post_first == PL011_DR && pub.post_last == PL011_DR + 3,
	   "writes posted: DR only");
	for (int i = 0; i < (int)pub.credit; i++)
		pl011_write(&s, PL011_DR, 1, 'a');
	pl011_publication(&s, &pub);
	is_num(pub.credit, 0, "a full FIFO: no credit");
}

static void test_what_is_published(void)
{
	struct pl011 s = uart_in(PL011_TX_BLOCK);
	struct ioreq_publication pub;

	pl011_publication(&s, &pub);
	ok(!published(&pub, PL011_DR), "DR is not published (a read pops it)");
	ok(!published(&pub, PL011_ITCR), "test registers are not published");
	ok(published(&pub, PL011_FR) && published(&pub, PL011_MIS) &&
	   published(&pub, PL011_PERIPHID0 + 0x1c),
	   "FR, MIS and the IDs are");
	ok(pub.nr_words <= IOREQ_PUBLISHED_MAX, "the words fit the page");
}

int main(void)
{
	test_states();
	test_credit();
	test_what_is_published();
	return tap_done();
}
