/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bounded FIFO of bytes between a guest and a pty, in both directions.
 * Storage grows on demand up to the bound, so an idle console costs a
 * few KiB, not the bound.  When full, a writer either takes what fits
 * (backpressure) or overwrites the oldest bytes, which are counted:
 * nothing is lost without a number.  Knows nothing of Xen.
 */
#ifndef BYTEBUF_H
#define BYTEBUF_H

#include <stddef.h>
#include <stdint.h>

struct bytebuf {
	uint8_t *data;
	size_t cap;		/* allocated */
	size_t max;		/* bound */
	size_t head;		/* oldest byte */
	size_t len;
	uint64_t overwritten;	/* bytes dropped by bytebuf_put_over() */
};

void bytebuf_init(struct bytebuf *b, size_t max);
void bytebuf_free(struct bytebuf *b);

static inline size_t bytebuf_len(const struct bytebuf *b)
{
	return b->len;
}

static inline size_t bytebuf_room(const struct bytebuf *b)
{
	return b->max - b->len;
}

/* Append what fits (allocation failure counts as no room). */
size_t bytebuf_put(struct bytebuf *b, const void *data, size_t n);

/* Append all of data, dropping the oldest bytes as needed; returns how many
 * were dropped (also added to b->overwritten). */
size_t bytebuf_put_over(struct bytebuf *b, const void *data, size_t n);

/* The oldest contiguous run: its length, *run set to its start. */
size_t bytebuf_peek(const struct bytebuf *b, const uint8_t **run);

void bytebuf_consume(struct bytebuf *b, size_t n);

/* Copy up to max of the oldest bytes to dst without consuming them. */
size_t bytebuf_copy(const struct bytebuf *b, uint8_t *dst, size_t max);
/* The same, skipping the oldest offset bytes. */
size_t bytebuf_copy_from(const struct bytebuf *b, size_t offset,
			 uint8_t *dst, size_t max);

#endif
