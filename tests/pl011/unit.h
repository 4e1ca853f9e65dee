/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared fixture for the PL011 unit tests: a model with an irq recorder
 * and short accessors.  Header-only so every unit_*.c stays one program.
 */
#ifndef PL011_UNIT_H
#define PL011_UNIT_H

#include <string.h>

#include "pl011.h"
#include "tap.h"

struct irq_log {
	unsigned int calls;	/* irq callback invocations */
	unsigned int injections;	/* rising level or new bits: Xen injects */
	bool level;
};

static inline void irq_record(void *ctx, bool level, bool new_bits)
{
	struct irq_log *log = ctx;

	log->calls++;
	if (level && (new_bits || !log->level))
		log->injections++;
	log->level = level;
}

static inline void uart_init(struct pl011 *s, struct irq_log *log,
			     enum pl011_reset_mode mode,
			     enum pl011_tx_policy policy)
{
	struct pl011_config config = {
		.reset_mode = mode,
		.tx_policy = policy,
		.irq = irq_record,
		.ctx = log,
	};

	memset(log, 0, sizeof(*log));
	pl011_init(s, &config);
	pl011_advance(s, 0);
}

static inline uint32_t r32(struct pl011 *s, uint32_t off)
{
	return (uint32_t)pl011_read(s, off, 4);
}

static inline void w32(struct pl011 *s, uint32_t off, uint32_t v)
{
	pl011_write(s, off, 4, v);
}

/* Program a running 8N1 UART with FIFOs, as most drivers end up. */
static inline void uart_enable_fifo(struct pl011 *s)
{
	w32(s, PL011_LCR_H, PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN);
	w32(s, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

static inline size_t push_str(struct pl011 *s, const char *str)
{
	return pl011_rx_push(s, (const uint8_t *)str, strlen(str));
}

#endif
