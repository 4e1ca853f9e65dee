// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strict JSON parser (see json.h): recursive descent over the text with
 * one parser state; the first error stops everything and is reported
 * with its byte offset.  Strings must be valid UTF-8 and escapes valid
 * (surrogates paired), numbers follow the RFC grammar exactly.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *text;
	size_t len, pos;
	char *why;
	size_t why_len;
	int err;		/* 0, or the first error */
};

static struct json *parse_value(struct parser *p, unsigned int depth);

__attribute__((format(printf, 2, 3)))
static void fail(struct parser *p, const char *fmt, ...)
{
	char what[128];
	va_list ap;

	if (p->err)
		return;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(p->why, p->why_len, "%s at byte %zu", what, p->pos);
	p->err = -EINVAL;
}

static void fail_nomem(struct parser *p)
{
	if (!p->err)
		snprintf(p->why, p->why_len, "out of memory");
	p->err = -ENOMEM;
}

/* The current byte, or -1 at the end. */
static int peek(const struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->text[p->pos] : -1;
}

static void skip_space(struct parser *p)
{
	while (peek(p) == ' ' || peek(p) == '\t' || peek(p) == '\n' ||
	       peek(p) == '\r')
		p->pos++;
}

static bool expect(struct parser *p, char c)
{
	skip_space(p);
	if (peek(p) == c) {
		p->pos++;
		return true;
	}
	fail(p, "expected '%c'", c);
	return false;
}

static struct json *new_value(struct parser *p, enum json_type type)
{
	struct json *v = calloc(1, sizeof(*v));

	if (!v)
		fail_nomem(p);
	else
		v->type = type;
	return v;
}

void json_free(struct json *value)
{
	while (value) {
		struct json *next = value->next;

		json_free(value->child);
		free(value->key);
		free(value->string);
		free(value);
		value = next;
	}
}

/* ---- literals and numbers ------------------------------------------------ */

static struct json *parse_literal(struct parser *p)
{
	static const struct {
		const char *word;
		enum json_type type;
		bool value;
	} words[] = {
		{ "true", JSON_BOOL, true }, { "false", JSON_BOOL, false },
		{ "null", JSON_NULL, false },
	};
	struct json *v;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].word);

		if (p->len - p->pos < n ||
		    memcmp(p->text + p->pos, words[i].word, n))
			continue;
		p->pos += n;
		v = new_value(p, words[i].type);
		if (v)
			v->boolean = words[i].value;
		return v;
	}
	fail(p, "unexpected %s", peek(p) < 0 ? "end of document" : "character");
	return NULL;
}

static size_t skip_digits(struct parser *p)
{
	size_t start = p->pos;

	while (peek(p) >= '0' && peek(p) <= '9')
		p->pos++;
	return p->pos - start;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? and nothing looser. */
static bool scan_number(struct parser *p, bool *integer)
{
	bool negative = peek(p) == '-';

	p->pos += negative;
	if (peek(p) == '0')
		p->pos++;
	else if (!skip_digits(p))
		return false;
	*integer = !negative;
	if (peek(p) == '.') {
		p->pos++;
		*integer = false;
		if (!skip_digits(p))
			return false;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		*integer = false;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (!skip_digits(p))
			return false;
	}
	return true;
}

static struct json *parse_number(struct parser *p)
{
	size_t start = p->pos;
	char copy[64];
	struct json *v;
	bool integer;

	if (!scan_number(p, &integer)) {
		fail(p, "malformed number");
		return NULL;
	}
	if (p->pos - start >= sizeof(copy)) {
		fail(p, "number too long");
		return NULL;
	}
	memcpy(copy, p->text + start, p->pos - start);
	copy[p->pos - start] = 0;
	v = new_value(p, JSON_NUMBER);
	if (!v)
		return NULL;
	v->number = strtod(copy, NULL);
	errno = 0;
	v->uint = integer ? strtoull(copy, NULL, 10) : 0;
	v->is_uint = integer && errno != ERANGE;
	return v;
}

/* ---- strings ---------------------------------------------------------- */

struct strbuf {
	char *data;
	size_t len, size;
};

static bool strbuf_add(struct parser *p, struct strbuf *b, const char *s,
		       size_t n)
{
	if (b->len + n + 1 > b->size) {
		size_t size = (b->len + n + 1) * 2;
		char *data = realloc(b->data, size);

		if (!data) {
			fail_nomem(p);
			return false;
		}
		b->data = data;
		b->size = size;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
	return true;
}

static bool add_code_point(struct parser *p, struct strbuf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return strbuf_add(p, b, u, n);
}

/* Four hex digits after "\u"; -1 when malformed. */
static long hex4(struct parser *p)
{
	long v = 0;

	for (int i = 0; i < 4; i++) {
		int c = peek(p);

		if (c >= '0' && c <= '9')
			v = v * 16 + (c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + ((c | 0x20) - 'a' + 10);
		else
			return -1;
		p->pos++;
	}
	return v;
}

/* After "\u": one code point, a surrogate pair taking two escapes. */
static bool unicode_escape(struct parser *p, struct strbuf *b)
{
	long hi = hex4(p), lo;

	if (hi < 0)
		goto bad;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		goto bad;
	if (hi < 0xd800 || hi > 0xdbff)
		return add_code_point(p, b, (uint32_t)hi);
	/* A high surrogate needs "\\u" and a low one next. */
	if (p->len - p->pos < 2 || memcmp(p->text + p->pos, "\\u", 2))
		goto bad;
	p->pos += 2;
	lo = hex4(p);
	if (lo < 0xdc00 || lo > 0xdfff)
		goto bad;
	return add_code_point(p, b, 0x10000 + ((uint32_t)(hi - 0xd800) << 10) +
			      (uint32_t)(lo - 0xdc00));
bad:
	fail(p, "bad \\u escape");
	return false;
}

static bool simple_escape(struct parser *p, struct strbuf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *hit = peek(p) > 0 ? strchr(from, peek(p)) : NULL;

	if (peek(p) == 'u') {
		p->pos++;
		return unicode_escape(p, b);
	}
	if (!hit) {
		fail(p, "bad escape");
		return false;
	}
	p->pos++;
	return strbuf_add(p, b, &to[hit - from], 1);
}

/* Length of the well-formed UTF-8 sequence at the cursor, or 0. */
static size_t utf8_length(const struct parser *p)
{
	const unsigned char *s = (const unsigned char *)p->text + p->pos;
	size_t left = p->len - p->pos, n;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static bool string_byte(struct parser *p, struct strbuf *b)
{
	int c = peek(p);
	size_t n = 1;

	if (c == '\\') {
		p->pos++;
		return simple_escape(p, b);
	}
	if (c < 0x20) {
		fail(p, c < 0 ? "unterminated string" :
		     "raw control character in string");
		return false;
	}
	if (c >= 0x80 && !(n = utf8_length(p))) {
		fail(p, "invalid UTF-8");
		return false;
	}
	p->pos += n;
	return strbuf_add(p, b, p->text + p->pos - n, n);
}

/* At the opening quote; returns the decoded string (malloc'd) or NULL. */
static char *parse_chars(struct parser *p, size_t *len)
{
	struct strbuf b = { 0 };

	p->pos++;
	if (!strbuf_add(p, &b, "", 0))
		return NULL;
	while (peek(p) != '"') {
		if (!string_byte(p, &b)) {
			free(b.data);
			return NULL;
		}
	}
	p->pos++;
	*len = b.len;
	return b.data;
}

static struct json *parse_string(struct parser *p)
{
	struct json *v = new_value(p, JSON_STRING);

	if (v && !(v->string = parse_chars(p, &v->string_len))) {
		json_free(v);
		return NULL;
	}
	return v;
}

/* ---- arrays and objects ----------------------------------------------- */

static bool duplicate_key(const struct json *first, const char *key)
{
	for (; first; first = first->next)
		if (!strcmp(first->key, key))
			return true;
	return false;
}

/* One "key": value member; the key is checked against the earlier ones. */
static struct json *parse_member(struct parser *p, const struct json *earlier,
				 unsigned int depth)
{
	struct json *v;
	size_t key_len;
	char *key;

	skip_space(p);
	if (peek(p) != '"') {
		fail(p, "expected a member name");
		return NULL;
	}
	key = parse_chars(p, &key_len);
	if (!key)
		return NULL;
	if (key_len != strlen(key) || duplicate_key(earlier, key)) {
		fail(p, "%s member name", key_len != strlen(key) ?
		     "NUL in a" : "duplicate");
		free(key);
		return NULL;
	}
	v = expect(p, ':') ? parse_value(p, depth) : NULL;
	if (v)
		v->key = key;
	else
		free(key);
	return v;
}

/* Arrays and objects alike: '[' or '{', elements split by ',', close. */
static struct json *parse_container(struct parser *p, unsigned int depth)
{
	bool object = peek(p) == '{';
	struct json *c = new_value(p, object ? JSON_OBJECT : JSON_ARRAY);
	struct json **tail = c ? &c->child : NULL;

	if (!c)
		return NULL;
	if (depth >= JSON_MAX_DEPTH) {
		fail(p, "nested deeper than %d", JSON_MAX_DEPTH);
		goto fail;
	}
	p->pos++;
	skip_space(p);
	if (peek(p) == (object ? '}' : ']')) {
		p->pos++;
		return c;
	}
	for (;;) {
		*tail = object ? parse_member(p, c->child, depth + 1) :
				 parse_value(p, depth + 1);
		if (!*tail)
			goto fail;
		tail = &(*tail)->next;
		skip_space(p);
		if (peek(p) != ',')
			break;
		p->pos++;
	}
	if (expect(p, object ? '}' : ']'))
		return c;
fail:
	json_free(c);
	return NULL;
}

static struct json *parse_value(struct parser *p, unsigned int depth)
{
	int c;

	skip_space(p);
	c = peek(p);
	if (c == '{' || c == '[')
		return parse_container(p, depth);
	if (c == '"')
		return parse_string(p);
	if (c == '-' || (c >= '0' && c <= '9'))
		return parse_number(p);
	return parse_literal(p);
}

int json_parse(const char *text, size_t len, struct json **out,
	       char *why, size_t why_len)
{
	struct parser p = {
		.text = text, .len = len, .why = why, .why_len = why_len,
	};
	struct json *v = parse_value(&p, 0);

	skip_space(&p);
	if (v && p.pos != p.len)
		fail(&p, "trailing data after the document");
	if (p.err) {
		json_free(v);
		return p.err;
	}
	*out = v;
	return 0;
}

/* ---- lookups ---------------------------------------------------------- */

const struct json *json_member(const struct json *obj, const char *key)
{
	const struct json *m;

	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (m = obj->child; m; m = m->next)
		if (!strcmp(m->key, key))
			return m;
	return NULL;
}

int json_member_uint(const struct json *obj, const char *key, uint64_t *out)
{
	const struct json *m = json_member(obj, key);

	if (!m || m->type != JSON_NUMBER || !m->is_uint)
		return -EINVAL;
	*out = m->uint;
	return 0;
}

const char *json_member_string(const struct json *obj, const char *key)
{
	const struct json *m = json_member(obj, key);

	if (!m || m->type != JSON_STRING || strlen(m->string) != m->string_len)
		return NULL;
	return m->string;
}
