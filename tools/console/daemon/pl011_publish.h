/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a PL011 lets Xen answer without us on the fast path
 * (hypervisor-ioreq-arm/fast-path.md): DR writes posted while the TX FIFO
 * has room, and every register whose read has no side effect published
 * with the value the model gives now, after some and after all of the
 * writes Xen may post.  The model is the only source of the values.
 */
#ifndef PL011_PUBLISH_H
#define PL011_PUBLISH_H

#include "ioreq_publication.h"
#include "pl011.h"

/* The publication for the UART as it is now. */
void pl011_publication(const struct pl011 *uart, struct ioreq_publication *pub);

#endif
