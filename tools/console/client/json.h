/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small strict JSON parser (RFC 8259) for the daemon's statistics
 * document: the whole text must be one value, with nothing malformed
 * anywhere (also in parts the caller ignores), no duplicate object keys
 * and a bounded nesting depth.  Exposes the parsed tree and lookups.
 * Knows nothing of consoles or sockets.
 */
#ifndef JSON_H
#define JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Deeper nesting is refused: the tree is built recursively. */
#define JSON_MAX_DEPTH	32

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	char *key;		/* member name inside an object, else NULL */
	bool boolean;
	/* A number: is_uint when it is a plain integer 0..UINT64_MAX. */
	bool is_uint;
	uint64_t uint;
	double number;
	/* A string, decoded to UTF-8; may hold NUL bytes (\u0000). */
	char *string;
	size_t string_len;
	/* Array elements or object members, in document order. */
	struct json *child;
	struct json *next;
};

/*
 * Parse @len bytes of @text.  Returns 0 and the tree in *@out (free it
 * with json_free), or -EINVAL after writing a one-line reason with the
 * byte offset into @why, or -ENOMEM.
 */
int json_parse(const char *text, size_t len, struct json **out,
	       char *why, size_t why_len);

void json_free(struct json *value);

/* The member @key of object @obj, or NULL (also when @obj is none). */
const struct json *json_member(const struct json *obj, const char *key);

/* Member @key as an unsigned integer; 0, or -EINVAL if absent or not one. */
int json_member_uint(const struct json *obj, const char *key, uint64_t *out);

/* Member @key as a string without NUL bytes; NULL if absent or not one. */
const char *json_member_string(const struct json *obj, const char *key);

#endif
