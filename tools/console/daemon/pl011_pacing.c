// SPDX-License-Identifier: GPL-2.0-only
/* When to take a PL011's output (see pl011_pacing.h). */
#include <string.h>

#include "pl011_pacing.h"

void pl011_pacing_init(struct pl011_pacing *pc, enum pl011_tx_policy policy)
{
	memset(pc, 0, sizeof(*pc));
	pc->drop = policy == PL011_TX_DROP;
}

/* Registers a driver reads over and over while it waits. */
static bool is_status(uint32_t reg)
{
	return reg == PL011_FR || reg == PL011_RIS || reg == PL011_MIS;
}

/*
 * Two FR reads or more between two DR writes, none of them for lack of
 * room: a BUSY wait after each byte and a TXFF check before the next
 * (earlycon).  A driver that only checks TXFF (Linux's console and tty,
 * U-Boot, Zephyr) reads FR once per byte, or finds TXFF.  Judged anew at
 * every byte, so a wrong guess costs one early pull.
 */
static void dr_written(struct pl011_pacing *pc)
{
	pc->waits_after_write = pc->fr_since_dr >= 2 && !pc->txff_since_dr;
	pc->fr_since_dr = 0;
	pc->txff_since_dr = false;
}

static void fr_read(struct pl011_pacing *pc, const struct pl011 *uart)
{
	if (pc->fr_since_dr < UINT8_MAX)
		pc->fr_since_dr++;
	if (pl011_tx_full(uart)) {
		pc->waited_on = true;
		pc->txff_since_dr = true;
	}
}

void pl011_pacing_access(struct pl011_pacing *pc, const struct pl011 *uart,
			 uint32_t offset, bool read, uint64_t now_ns)
{
	uint32_t reg = offset & ~3u;
	bool queued = pl011_tx_pending(uart) != 0;
	bool polling = read && is_status(reg);

	pc->last_access_ns = now_ns;
	if (!queued)
		pc->held_since_ns = 0;	/* taken, or flushed by the guest */
	else if (!pc->held_since_ns)
		pc->held_since_ns = now_ns;
	if (polling && pc->polled == reg + 1 && queued)
		pc->waited_on = true;
	pc->polled = polling ? (uint16_t)(reg + 1) : 0;
	if (read && reg == PL011_FR)
		fr_read(pc, uart);
	else if (!read && reg == PL011_DR)
		dr_written(pc);
	else if (!read && reg == PL011_IMSC && queued &&
		 pl011_tx_irq_enabled(uart))
		pc->waited_on = true;	/* now it waits for the interrupt */
}

void pl011_pacing_taken(struct pl011_pacing *pc, const struct pl011 *uart)
{
	pc->waited_on = false;
	if (!pl011_tx_pending(uart))
		pc->held_since_ns = 0;
}

bool pl011_pacing_wanted(const struct pl011_pacing *pc,
			 const struct pl011 *uart)
{
	if (!pl011_tx_pending(uart))
		return false;
	if (pc->drop)
		return true;	/* never full: only an early pull saves bytes */
	return pc->waited_on || pc->waits_after_write ||
	       (pl011_tx_full(uart) && pl011_tx_irq_enabled(uart));
}

uint64_t pl011_pacing_due(const struct pl011_pacing *pc,
			  const struct pl011 *uart)
{
	uint64_t quiet = pc->last_access_ns + PL011_PACING_QUIET_NS;
	uint64_t held = pc->held_since_ns + PL011_PACING_HOLD_MAX_NS;

	if (!pl011_tx_pending(uart))
		return PL011_NO_DEADLINE;
	return quiet < held ? quiet : held;
}
