// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bounded, growable byte FIFO (see bytebuf.h): a ring in a buffer that
 * doubles, re-laid out linearly when it grows.
 */
#include <stdlib.h>
#include <string.h>

#include "bytebuf.h"

#define INITIAL_CAP	4096u

void bytebuf_init(struct bytebuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void bytebuf_free(struct bytebuf *b)
{
	free(b->data);
	bytebuf_init(b, b->max);
}

/* Make room for want bytes in total, within the bound. */
static void grow(struct bytebuf *b, size_t want)
{
	size_t cap = b->cap ? b->cap : INITIAL_CAP;
	uint8_t *data;
	size_t first;

	if (want > b->max)
		want = b->max;
	if (want <= b->cap)
		return;
	while (cap < want)
		cap *= 2;
	if (cap > b->max)
		cap = b->max;
	data = malloc(cap);
	if (!data)
		return;
	first = b->len < b->cap - b->head ? b->len : b->cap - b->head;
	if (b->len) {
		memcpy(data, b->data + b->head, first);
		memcpy(data + first, b->data, b->len - first);
	}
	free(b->data);
	b->data = data;
	b->cap = cap;
	b->head = 0;
}

static void copy_in(struct bytebuf *b, const uint8_t *src, size_t n)
{
	size_t tail = (b->head + b->len) % b->cap;
	size_t first = n < b->cap - tail ? n : b->cap - tail;

	memcpy(b->data + tail, src, first);
	memcpy(b->data, src + first, n - first);
	b->len += n;
}

size_t bytebuf_put(struct bytebuf *b, const void *data, size_t n)
{
	grow(b, b->len + n);
	if (n > b->cap - b->len)
		n = b->cap - b->len;
	if (n)
		copy_in(b, data, n);
	return n;
}

size_t bytebuf_put_over(struct bytebuf *b, const void *data, size_t n)
{
	const uint8_t *src = data;
	size_t dropped = 0;

	grow(b, b->len + n);
	if (!b->cap) {			/* no memory at all: all of it is lost */
		b->overwritten += n;
		return n;
	}
	if (n > b->cap) {		/* only the newest cap bytes can stay */
		dropped = n - b->cap;
		src += dropped;
		n = b->cap;
	}
	if (n > b->cap - b->len) {
		size_t evict = n - (b->cap - b->len);

		bytebuf_consume(b, evict);
		dropped += evict;
	}
	copy_in(b, src, n);
	b->overwritten += dropped;
	return dropped;
}

size_t bytebuf_peek(const struct bytebuf *b, const uint8_t **run)
{
	size_t first = b->cap - b->head;

	*run = b->data + b->head;
	return b->len < first ? b->len : first;
}

size_t bytebuf_copy_from(const struct bytebuf *b, size_t offset,
			 uint8_t *dst, size_t max)
{
	size_t n, start, first;

	if (offset >= b->len)
		return 0;
	n = b->len - offset < max ? b->len - offset : max;
	start = (b->head + offset) % b->cap;
	first = n < b->cap - start ? n : b->cap - start;
	memcpy(dst, b->data + start, first);
	memcpy(dst + first, b->data, n - first);
	return n;
}

size_t bytebuf_copy(const struct bytebuf *b, uint8_t *dst, size_t max)
{
	return bytebuf_copy_from(b, 0, dst, max);
}

void bytebuf_consume(struct bytebuf *b, size_t n)
{
	if (n > b->len)
		n = b->len;
	b->len -= n;
	b->head = b->len ? (b->head + n) % b->cap : 0;
}
