/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A fake of ioreq_server.c for the PL011 kind's unit test: the kind's
 * server as it set it up, and what was done to it.  The test plays the
 * request path itself through the server's region and served callback.
 */
#ifndef FAKE_IOREQ_H
#define FAKE_IOREQ_H

#include <stdbool.h>

#include "ioreq_server.h"

struct fake_ioreq {
	struct ioreq_server *server;	/* the last one opened or adopted */
	unsigned long opens, adopts, closes, discards;
	bool parked;			/* the last close parked */
	int irq_failures;		/* set_irq_level calls still to refuse */
	unsigned long irq_raises, irq_calls;
	/*
	 * A hypervisor with the fast path: servers have it, and each raise
	 * is checked against the last publication, as a guest woken by it
	 * would read MIS from the page.
	 */
	bool fast_path;
	struct ioreq_publication published;
	unsigned long raises_unpublished;	/* MIS published as 0 */
};
extern struct fake_ioreq fake_ioreq;

/* One guest access through the region, served as mmio_serve() would. */
uint64_t fake_ioreq_access(bool read, uint32_t offset, uint64_t value);

#endif
