/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a device publishes on the ioreq fast path (ioreq_fast.h), in its
 * own terms: offsets in its region.  Types only, so that the device side
 * (pl011_publish.h) knows nothing of Xen.
 */
#ifndef IOREQ_PUBLICATION_H
#define IOREQ_PUBLICATION_H

#include <stdbool.h>
#include <stdint.h>

#include "ioreq_published.h"

/* A device's word, as offsets in its region. */
struct ioreq_word {
	uint32_t offset;			/* 4-byte aligned */
	uint32_t value[IOREQ_PUBLISHED_NR_VALUES];
	bool valid_pending;			/* value[1] and [2] hold */
};

/* Everything one publication says. */
struct ioreq_publication {
	uint32_t credit;			/* writes Xen may post */
	uint32_t post_first, post_last;		/* offsets; first > last: none */
	unsigned int nr_words;
	struct ioreq_word word[IOREQ_PUBLISHED_MAX];
};

#endif
