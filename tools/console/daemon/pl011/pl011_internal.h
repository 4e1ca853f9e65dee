/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by pl011.c and pl011_state.c only; not part of the
 * model's contract.
 */
#ifndef PL011_INTERNAL_H
#define PL011_INTERNAL_H

#include "pl011.h"

/* Entries each FIFO holds now: 32, or 1 with LCR_H.FEN clear. */
unsigned int pl011_fifo_depth(const struct pl011 *s);

/* Bytes the TX queue may hold: the FIFO depth, or 32 in drop mode. */
unsigned int pl011_tx_capacity(const struct pl011 *s);

#endif
