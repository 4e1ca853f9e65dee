// SPDX-License-Identifier: GPL-2.0-only
/*
 * The client's strict JSON parser alone: well-formed documents give the
 * tree they describe (numbers exact to 64 bits, escapes and UTF-8
 * decoded), and every malformed one is refused with -EINVAL, a one-line
 * reason and nothing leaked (the sanitizer pass checks that).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

static char why[256];

static int parse(const char *text, struct json **out)
{
	why[0] = 0;
	return json_parse(text, strlen(text), out, why, sizeof(why));
}

static void refused(const char *text, const char *what)
{
	struct json *v = NULL;
	int rc = parse(text, &v);

	ok(rc == -EINVAL && !v && why[0] && !strchr(why, '\n'),
	   "refused: %s (\"%s\")", what, why);
	json_free(v);
}

static void test_scalars(void)
{
	struct json *v;

	ok(!parse(" 18446744073709551615 ", &v) && v->type == JSON_NUMBER &&
	   v->is_uint && v->uint == UINT64_MAX, "UINT64_MAX exact");
	json_free(v);
	ok(!parse("18446744073709551616", &v) && !v->is_uint &&
	   v->number > 1.8e19, "2^64: a number, not an unsigned integer");
	json_free(v);
	ok(!parse("-0.5e+2", &v) && !v->is_uint && v->number == -50.0,
	   "-0.5e+2 is -50, not unsigned");
	json_free(v);
	ok(!parse("0", &v) && v->is_uint && v->uint == 0, "0");
	json_free(v);
	ok(!parse("true", &v) && v->type == JSON_BOOL && v->boolean, "true");
	json_free(v);
	ok(!parse("\tfalse\r\n", &v) && v->type == JSON_BOOL && !v->boolean,
	   "false with white space around");
	json_free(v);
	ok(!parse("null", &v) && v->type == JSON_NULL, "null");
	json_free(v);
}

static void test_strings(void)
{
	struct json *v;

	ok(!parse("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\"", &v) &&
	   v->string_len == 9 && !memcmp(v->string, "a\"\\/\b\f\n\r\t", 9),
	   "simple escapes");
	json_free(v);
	ok(!parse("\"\\u00e9\\u20ac\\ud83d\\ude00\"", &v) &&
	   !strcmp(v->string, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
	   "\\u escapes and a surrogate pair become UTF-8");
	json_free(v);
	ok(!parse("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"", &v) &&
	   !strcmp(v->string, "caf\xc3\xa9 \xf0\x9f\x98\x80"),
	   "raw UTF-8 kept");
	json_free(v);
	ok(!parse("\"a\\u0000b\"", &v) && v->string_len == 3 &&
	   v->string[1] == 0, "\\u0000 kept, length says so");
	json_free(v);
}

static void test_containers(void)
{
	const struct json *m;
	struct json *v;
	uint64_t n = 0;

	ok(!parse("{\"a\": [1, {\"b\": \"x\"}, []], \"n\": 42, \"s\": \"t\","
		  " \"e\": {}}", &v), "nested document");
	m = json_member(v, "a");
	ok(m && m->type == JSON_ARRAY && m->child->uint == 1 &&
	   m->child->next->type == JSON_OBJECT &&
	   !strcmp(json_member_string(m->child->next, "b"), "x") &&
	   m->child->next->next->type == JSON_ARRAY &&
	   !m->child->next->next->child, "array elements in order");
	ok(!json_member_uint(v, "n", &n) && n == 42, "json_member_uint");
	ok(json_member_uint(v, "s", &n) == -EINVAL &&
	   json_member_uint(v, "none", &n) == -EINVAL,
	   "json_member_uint refuses a string and an absent key");
	ok(!json_member_string(v, "n") && !json_member(m, "b") &&
	   !json_member(NULL, "a"), "lookups of the wrong type are NULL");
	json_free(v);
	ok(!parse("{\"s\": \"a\\u0000b\"}", &v) && !json_member_string(v, "s"),
	   "json_member_string refuses a string holding NUL");
	json_free(v);
}

static void test_depth(void)
{
	char deep[2 * JSON_MAX_DEPTH + 3];
	struct json *v;
	size_t i;

	for (i = 0; i < JSON_MAX_DEPTH; i++) {
		deep[i] = '[';
		deep[2 * JSON_MAX_DEPTH - 1 - i] = ']';
	}
	deep[2 * JSON_MAX_DEPTH] = 0;
	ok(!parse(deep, &v), "%d nested arrays accepted", JSON_MAX_DEPTH);
	json_free(v);
	memmove(deep + 1, deep, 2 * JSON_MAX_DEPTH + 1);
	deep[0] = '[';
	strcat(deep, "]");
	refused(deep, "one level deeper");
}

static const struct {
	const char *text, *what;
} malformed[] = {
	{ "", "empty document" },
	{ "   ", "only white space" },
	{ "{", "unclosed object" },
	{ "[1, 2", "unclosed array" },
	{ "[1,]", "trailing comma in an array" },
	{ "{\"a\": 1,}", "trailing comma in an object" },
	{ "{\"a\" 1}", "missing colon" },
	{ "{a: 1}", "unquoted member name" },
	{ "{\"a\": 1, \"a\": 2}", "duplicate member name" },
	{ "{\"a\\u0000\": 1}", "NUL in a member name" },
	{ "[1 2]", "missing comma" },
	{ "{} {}", "two documents" },
	{ "{}x", "trailing garbage" },
	{ "01", "leading zero" },
	{ "-", "lone minus" },
	{ "+1", "plus sign" },
	{ "1.", "no digit after the point" },
	{ ".5", "no digit before the point" },
	{ "1e", "empty exponent" },
	{ "0x10", "hexadecimal" },
	{ "NaN", "NaN" },
	{ "tru", "truncated literal" },
	{ "nul", "truncated null" },
	{ "True", "capitalised literal" },
	{ "\"abc", "unterminated string" },
	{ "\"a\tb\"", "raw tab in a string" },
	{ "\"\\x41\"", "unknown escape" },
	{ "\"\\u12g4\"", "bad hex digit" },
	{ "\"\\u12\"", "short \\u escape" },
	{ "\"\\ud83d\"", "lone high surrogate" },
	{ "\"\\ud83du0041\"", "high surrogate followed by no escape" },
	{ "\"\\ud83d\\u0041\"", "high surrogate and no low one" },
	{ "\"\\ude00\"", "lone low surrogate" },
	{ "\"\xc3\"", "truncated UTF-8" },
	{ "\"\xc0\xaf\"", "overlong UTF-8" },
	{ "\"\xed\xa0\x80\"", "UTF-8 surrogate" },
	{ "\"\xf4\x90\x80\x80\"", "beyond U+10FFFF" },
	{ "\"\xff\"", "byte 0xff" },
	{ "'a'", "single quotes" },
	{ "[1] // comment", "comment" },
	{ "123456789012345678901234567890123456789012345678901234567890123456",
	  "number too long" },
};

int main(void)
{
	struct json *v = NULL;

	test_scalars();
	test_strings();
	test_containers();
	test_depth();
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++)
		refused(malformed[i].text, malformed[i].what);
	why[0] = 0;
	ok(json_parse("[1]\0", 4, &v, why, sizeof(why)) == -EINVAL && !v,
	   "refused: a NUL byte after the document (\"%s\")", why);
	return tap_done();
}
