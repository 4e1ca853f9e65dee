// SPDX-License-Identifier: GPL-2.0-only
/*
 * When the daemon takes a PL011's output (pl011_pacing.h): every wait a
 * driver can show, what is no wait, what a pull answers, and the quiet
 * and hold deadlines.  A guest here is the model plus the pacer watching
 * each of its accesses, as the daemon's MMIO path does.
 */
#include <string.h>

#include "pl011_pacing.h"
#include "tap.h"

struct guest {
	struct pl011 uart;
	struct pl011_pacing pacing;
	uint64_t now;
};

static void guest_init(struct guest *g, enum pl011_tx_policy policy)
{
	memset(g, 0, sizeof(*g));
	pl011_init(&g->uart, &(struct pl011_config){
		.reset_mode = PL011_RESET_FIRMWARE, .tx_policy = policy });
	pl011_pacing_init(&g->pacing, policy);
	g->now = 1000;
}

/* One access, a microsecond after the last. */
static uint32_t rd(struct guest *g, uint32_t reg)
{
	uint32_t v = (uint32_t)pl011_read(&g->uart, reg, 4);

	g->now += 1000;
	pl011_pacing_access(&g->pacing, &g->uart, reg, true, g->now);
	return v;
}

static void wr(struct guest *g, uint32_t reg, uint32_t v)
{
	pl011_write(&g->uart, reg, 4, v);
	g->now += 1000;
	pl011_pacing_access(&g->pacing, &g->uart, reg, false, g->now);
}

static void take(struct guest *g, size_t max)
{
	uint8_t out[32];

	pl011_tx_pull(&g->uart, out, max < sizeof(out) ? max : sizeof(out));
	pl011_pacing_taken(&g->pacing, &g->uart);
}

static bool wanted(const struct guest *g)
{
	return pl011_pacing_wanted(&g->pacing, &g->uart);
}

static void test_polls(void)
{
	struct guest g;

	guest_init(&g, PL011_TX_BLOCK);
	ok(!wanted(&g), "nothing queued: not wanted");
	for (int i = 0; i < 5; i++) {
		rd(&g, PL011_FR);	/* putchar: FR before each DR */
		wr(&g, PL011_DR, 'a');
	}
	ok(!wanted(&g), "FR then DR, five times: the guest is not waiting");
	rd(&g, PL011_FR);
	ok(!wanted(&g), "one FR read showing BUSY: not yet");
	rd(&g, PL011_FR);
	ok(wanted(&g), "a second FR read in a row showing BUSY: draining");
	take(&g, 2);
	ok(!wanted(&g), "a pull answers the wait");
	rd(&g, PL011_IMSC);
	rd(&g, PL011_FR);
	rd(&g, PL011_IMSC);
	rd(&g, PL011_FR);
	ok(!wanted(&g), "FR reads with another access between are no poll");
	wr(&g, PL011_FR, 0);
	rd(&g, PL011_FR);
	ok(!wanted(&g), "a write between FR reads breaks the poll too");
	rd(&g, PL011_RIS);
	ok(!wanted(&g), "one RIS read: not yet");
	rd(&g, PL011_RIS);
	ok(wanted(&g), "RIS read twice running with output queued: waiting for "
	   "the TX interrupt");
	take(&g, 32);
	wr(&g, PL011_DR, 'm');
	rd(&g, PL011_MIS);
	rd(&g, PL011_MIS);
	ok(wanted(&g), "MIS polled likewise");
	take(&g, 32);
	wr(&g, PL011_DR, 'r');
	rd(&g, PL011_RIS);
	rd(&g, PL011_MIS);
	rd(&g, PL011_IMSC);
	rd(&g, PL011_RIS);
	ok(!wanted(&g), "different registers in turn are no poll");
	take(&g, 32);
}

static void test_full_fifo(void)
{
	struct guest g;

	guest_init(&g, PL011_TX_BLOCK);
	for (int i = 0; i < 32; i++)
		wr(&g, PL011_DR, (uint32_t)i);
	ok(!wanted(&g), "full, TX interrupt masked, FR not read: not yet");
	ok(rd(&g, PL011_FR) & PL011_FR_TXFF, "the guest reads TXFF");
	ok(wanted(&g), "the guest saw TXFF: wanted");
	take(&g, 32);

	wr(&g, PL011_IMSC, PL011_INT_TX);
	for (int i = 0; i < 31; i++)
		wr(&g, PL011_DR, (uint32_t)i);
	ok(!wanted(&g), "TX interrupt unmasked, 31 queued: not yet");
	wr(&g, PL011_DR, 31);
	ok(wanted(&g), "TX interrupt unmasked and the FIFO full: wanted");
	wr(&g, PL011_CR, PL011_CR_UARTEN | PL011_CR_RXE);
	ok(!wanted(&g), "transmitter disabled: nothing to pull");
	wr(&g, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
	wr(&g, PL011_LCR_H, PL011_LCR_H_WLEN_8);
	ok(!wanted(&g), "FEN cleared flushes: nothing wanted");
	wr(&g, PL011_DR, 'x');
	ok(wanted(&g), "FEN=0 with TXIM: one byte fills the holding register");

	guest_init(&g, PL011_TX_DROP);
	wr(&g, PL011_DR, 'a');
	ok(wanted(&g), "drop mode: any pending byte is wanted");
}

/*
 * FreeBSD's uart_pl011_bus_transmit(): a batch written blind, then IMSC
 * with TX unmasked, and the wait for the interrupt.  Linux unmasks TX
 * only once the FIFO is full, which it has seen already.
 */
static void test_interrupt_wait(void)
{
	struct guest g;

	guest_init(&g, PL011_TX_BLOCK);
	wr(&g, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	for (int i = 0; i < 24; i++)
		wr(&g, PL011_DR, (uint32_t)i);
	ok(!wanted(&g), "a blind batch of 24: not yet");
	wr(&g, PL011_IMSC, PL011_INT_RX | PL011_INT_RT | PL011_INT_TX);
	ok(wanted(&g), "TX unmasked after it: the guest now waits, taken at once");
	take(&g, 32);
	ok(!wanted(&g), "taken: nothing more wanted");
	wr(&g, PL011_IMSC, PL011_INT_RX | PL011_INT_RT | PL011_INT_TX);
	ok(!wanted(&g), "unmasking with nothing queued is no wait");
	wr(&g, PL011_IMSC, PL011_INT_RX);
	wr(&g, PL011_DR, 'z');
	wr(&g, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	ok(!wanted(&g), "writing IMSC with TX masked is no wait");
}

static void test_deadlines(void)
{
	struct guest g;
	uint64_t first;

	guest_init(&g, PL011_TX_BLOCK);
	ok(pl011_pacing_due(&g.pacing, &g.uart) == PL011_NO_DEADLINE,
	   "nothing queued: no deadline");
	wr(&g, PL011_DR, 'a');
	first = g.now;
	is_num(pl011_pacing_due(&g.pacing, &g.uart),
	       first + PL011_PACING_QUIET_NS, "one byte: due once the guest is "
	       "quiet");
	for (int i = 0; i < 600; i++) {
		g.now += PL011_PACING_QUIET_NS / 20;
		rd(&g, PL011_IMSC);	/* busy, never quiet */
	}
	is_num(pl011_pacing_due(&g.pacing, &g.uart),
	       first + PL011_PACING_HOLD_MAX_NS,
	       "a guest that never goes quiet: due when held long enough");
	take(&g, 32);
	ok(pl011_pacing_due(&g.pacing, &g.uart) == PL011_NO_DEADLINE,
	   "taken: no deadline");
}

int main(void)
{
	test_polls();
	test_full_fifo();
	test_interrupt_wait();
	test_deadlines();
	return tap_done();
}
