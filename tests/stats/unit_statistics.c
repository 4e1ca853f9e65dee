// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsole --stats without a daemon: decoding documents shaped like
 * the daemon's, built from the counters' table (fields it may add later
 * are ignored; missing, mistyped or malformed ones refused), the
 * side-by-side table, and reading a document from a unix socket served by
 * a child process, large or cut short.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "statistics.h"
#include "tap.h"

/* The sample consoles' counters; out_bytes and log_bytes vary. */
static const struct xenconsoled_counters sample = {
	.in_bytes = 7, .pty_dropped = 3, .events = 400, .irqs = 5,
	.log_rotations = 2, .request_count = 9, .request_ns_mean = 1500,
	.request_ns_max = 25000, .drain_count = 4, .drain_ns_mean = 800,
	.drain_ns_max = 900, .uart_dropped = 1, .uart_flushed = 2,
};

static uint64_t *counter(struct xenconsoled_counters *c, size_t i)
{
	return (uint64_t *)((char *)c + stats_counters[i].offset);
}

/* The document being built, shaped like the daemon's. */
static char doc_text[16384];
static size_t doc_len;
static bool first_console;

__attribute__((format(printf, 1, 2)))
static void put(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	doc_len += (size_t)vsnprintf(doc_text + doc_len, sizeof(doc_text) - doc_len,
				      fmt, ap);
	va_end(ap);
	if (doc_len >= sizeof(doc_text)) {
		printf("Bail out! a document larger than the test's buffer\n");
		exit(1);
	}
}

static void begin(void)
{
	doc_len = 0;
	first_console = true;
	put("{\"daemon\": {\"pid\": 42, \"uptime_s\": 7}, \"consoles\": [");
}

static const char *end(void)
{
	put("], \"domains\": 2}\n");
	return doc_text;
}

/*
 * One console object: every counter of the table from @c, but out_bytes
 * and log_bytes are the JSON text @out (NULL: from @c too) so that a
 * test can make them wrong; @extra ends the object.
 */
static void console(unsigned int domid, const char *name, const char *kind,
		    const struct xenconsoled_counters *c, const char *out,
		    const char *extra)
{
	struct xenconsoled_counters values = *c;

	put("%s{\"domid\": %u, \"name\": \"%s\", \"kind\": \"%s\", "
	    "\"attached\": true, \"tty\": \"/dev/pts/%u\", \"log\": \"\"",
	    first_console ? "" : ", ", domid, name, kind, domid);
	first_console = false;
	for (size_t i = 0; i < stats_nr_counters; i++) {
		const char *key = stats_counters[i].name;

		if (out && (!strcmp(key, "out_bytes") ||
			    !strcmp(key, "log_bytes")))
			put(", \"%s\": %s", key, out);
		else
			put(", \"%s\": %" PRIu64, key, *counter(&values, i));
	}
	put("%s}", extra);
}

/* A document with one console of guest 3, @out as above. */
static const char *one_console(const char *out, const char *extra)
{
	begin();
	console(3, "a", "pv", &sample, out, extra);
	return end();
}

static char *good;

static void make_good(void)
{
	begin();
	console(3, "web", "pv", &sample, "1000", "");
	console(3, "web", "pl011", &sample, "200",
		", \"future\": [1, {\"x\": null}]");
	console(5, "db\\u0001", "vuart", &sample, "50", "");
	console(5, "db\\u0001", "virtio", &sample, "50", "");
	good = strdup(end());
}

static char why[256];

static int decode(const char *json, struct stats_doc *doc)
{
	why[0] = 0;
	return stats_decode(json, strlen(json), doc, why, sizeof(why));
}

static void test_decode(void)
{
	struct stats_doc doc;
	const struct stats_console *c;

	is_num(decode(good, &doc), 0, "the daemon's shape decodes (%s)", why);
	is_num(doc.pid, 42, "daemon pid");
	is_num(doc.uptime_s * 100 + doc.domains, 702, "uptime and domains");
	is_num(doc.nr_consoles, 3, "three consoles of known kinds");
	is_num(doc.nr_unknown, 1, "one of a kind not shown");
	c = &doc.consoles[1];
	ok(c->domid == 3 && c->kind == STATS_PL011 && !strcmp(c->name, "web") &&
	   !strcmp(c->tty, "/dev/pts/3"), "second: dom3 pl011, its tty");
	ok(c->counters.out_bytes == 200 && c->counters.in_bytes == 7 &&
	   c->counters.pty_dropped == 3 && c->counters.events == 400 &&
	   c->counters.irqs == 5 && c->counters.log_rotations == 2 &&
	   c->counters.request_ns_max == 25000 &&
	   c->counters.drain_ns_mean == 800, "its counters");
	ok(!strcmp(doc.consoles[2].name, "db\x01"), "escaped name decoded");
	stats_doc_free(&doc);
}

/* Each counter of the table lands in its own member, to the full 64 bits. */
static void test_every_counter(void)
{
	struct xenconsoled_counters distinct = { 0 }, *got;
	struct stats_doc doc;
	size_t right = 0;

	is_num(sizeof(distinct), stats_nr_counters * sizeof(uint64_t),
	       "the table has a name for every member");
	for (size_t i = 0; i < stats_nr_counters; i++)
		*counter(&distinct, i) = UINT64_MAX - i;
	begin();
	console(3, "a", "pl011", &distinct, NULL, "");
	is_num(decode(end(), &doc), 0, "%zu distinct counters decode (%s)",
	       stats_nr_counters, why);
	got = doc.nr_consoles ? &doc.consoles[0].counters : &distinct;
	for (size_t i = 0; i < stats_nr_counters; i++)
		right += *counter(got, i) == UINT64_MAX - i;
	is_num(right, stats_nr_counters, "each in its member, exact");
	stats_doc_free(&doc);
}

static void refused(const char *json, const char *part, const char *what)
{
	struct stats_doc doc;
	int rc = decode(json, &doc);

	ok(rc == -EINVAL && strstr(why, part) && !strchr(why, '\n'),
	   "refused: %s (\"%s\")", what, why);
	stats_doc_free(&doc);
}

static void refused_len(const char *json, size_t len, const char *part,
			const char *what)
{
	struct stats_doc doc;
	int rc;

	why[0] = 0;
	rc = stats_decode(json, len, &doc, why, sizeof(why));
	ok(rc == -EINVAL && strstr(why, part), "refused: %s (\"%s\")", what,
	   why);
	stats_doc_free(&doc);
}

static void test_refusals(void)
{
	char deep[81];

	one_console("1", "");
	put("x");
	refused(doc_text, "trailing garbage", "garbage after the document");
	refused_len(good, strlen(good) + 1, "NUL byte",
		    "a NUL byte after the document");
	refused("[]", "no daemon", "not an object");
	refused("{\"daemon\": {\"pid\": 1, \"uptime_s\": 0}, \"domains\": 0}",
		"no \"consoles\" array", "no console list");
	refused(one_console("-1", ""), "out_bytes", "a negative counter");
	refused(one_console("1.5", ""), "out_bytes", "a fractional counter");
	refused(one_console("1e3", ""), "out_bytes", "a counter with exponent");
	refused(one_console("\"1\"", ""), "out_bytes", "a counter as a string");
	refused(one_console("18446744073709551616", ""), "out_bytes",
		"a counter past UINT64_MAX");
	begin();
	console(0, "a", "pv", &sample, NULL, "");
	refused(end(), "domid", "domid 0");
	begin();
	put("{\"domid\": 3, \"kind\": \"pv\"}");
	refused(end(), "unsigned integer", "a console without counters");
	begin();
	put("{\"domid\": 3, \"kind\": 1}");
	refused(end(), "no kind", "a kind that is not a string");
	begin();
	console(3, "a", "pv", &sample, NULL, "");
	put(", 7");
	refused(end(), "not an object", "a console that is a number");
	begin();
	console(3, "a", "pv", &sample, NULL, "");
	console(4, "a\\u0000b", "pv", &sample, NULL, "");
	refused(end(), "NUL byte", "a name holding NUL");
	memset(deep, '[', 40);
	memset(deep + 40, ']', 40);
	deep[80] = 0;
	refused(deep, "nested too deeply", "arrays nested 40 deep");
	refused("{\"daemon\": ", "premature EOF", "a document cut short");
}

static char *print_table(const struct stats_doc *doc, unsigned int domid,
			 size_t *guests)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	*guests = stats_print(f, doc, domid);
	fclose(f);
	return text;
}

/* The three cells (pv, vuart, pl011) of the row @label, or "". */
static const char *row(const char *table, const char *label, char *cells,
		       size_t len)
{
	const char *line = strstr(table, label);
	const char *end = line ? strchr(line, '\n') : NULL;
	char *out = cells;

	*cells = 0;
	if (!line || !end || (size_t)(end - line) < 30)
		return cells;
	for (line += 30; line < end && (size_t)(out - cells) < len - 1; line++)
		if (*line != ' ' || (out > cells && out[-1] != ' '))
			*out++ = *line;
	*out = 0;
	return cells;
}

static void test_table(void)
{
	struct stats_doc doc;
	char cells[128];
	size_t guests;
	char *t;

	decode(good, &doc);
	t = print_table(&doc, 0, &guests);
	is_num(guests, 2, "every guest: two tables");
	ok(strstr(t, "xenconsoled pid 42, up 7 s, 2 domains\n") != NULL,
	   "daemon line");
	ok(strstr(t, "\ndomain 3 (web)\n") &&
	   strstr(t, "\ndomain 5 (db\\x01)\n"),
	   "guest headers, unprintable name bytes as \\xNN");
	ok(strstr(t, "(1 consoles of other kinds not shown") != NULL,
	   "the unknown kind is mentioned");
	free(t);
	t = print_table(&doc, 3, &guests);
	is_num(guests, 1, "domid 3: one table");
	ok(!strstr(t, "domain 5"), "and not the other guest");
	ok(!strcmp(row(t, "bytes out", cells, sizeof(cells)), "1000 - 200"),
	   "bytes out side by side, '-' for no vuart: %s", cells);
	ok(!strcmp(row(t, "  per output byte", cells, sizeof(cells)),
		   "0.400 - 2.000"), "events per output byte: %s", cells);
	ok(!strcmp(row(t, "  mean/max service us", cells, sizeof(cells)),
		   "1.5/25.0 - 1.5/25.0"), "service times in us: %s", cells);
	ok(!strcmp(row(t, "dropped: pty not read", cells, sizeof(cells)),
		   "3 - 3"), "drops and why: %s", cells);
	free(t);
	t = print_table(&doc, 4, &guests);
	ok(guests == 0 && !*t, "domid 4: nothing printed");
	free(t);
	stats_doc_free(&doc);
}

/* A child serving @len bytes of @text once on a fresh socket @path. */
static pid_t serve_once(const char *path, const char *text, size_t len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), client;
	pid_t pid;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	unlink(path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(fd, 1))
		return -1;
	pid = fork();
	if (pid == 0) {
		client = accept(fd, NULL, NULL);
		while (client >= 0 && len) {
			ssize_t n = write(client, text, len);

			if (n <= 0)
				break;
			text += n;
			len -= (size_t)n;
		}
		_exit(0);
	}
	close(fd);
	return pid;
}

static void fetch(const char *path, const char *text, size_t len,
		  const char *what)
{
	pid_t pid = serve_once(path, text, len);
	size_t got_len = 0;
	char *got = NULL;
	int rc;

	why[0] = 0;
	rc = stats_fetch(path, &got, &got_len, why, sizeof(why));
	ok(pid > 0 && rc == 0 && got_len == len && !memcmp(got, text, len) &&
	   got[len] == 0, "fetch: %s, %zu bytes, NUL-terminated (%s)", what,
	   len, why);
	free(got);
	waitpid(pid, NULL, 0);
}

static void test_fetch(void)
{
	char path[] = "/tmp/unit_statistics.XXXXXX", sock[64], *big;
	size_t big_len = 3u << 20;
	int rc;

	if (!mkdtemp(path)) {
		ok(false, "mkdtemp: %s", strerror(errno));
		return;
	}
	snprintf(sock, sizeof(sock), "%s/s", path);
	fetch(sock, good, strlen(good), "the sample document");
	big = malloc(big_len);
	memset(big, ' ', big_len);
	fetch(sock, big, big_len, "3 MiB, read in growing pieces");
	free(big);
	unlink(sock);
	rc = stats_fetch(sock, &big, &big_len, why, sizeof(why));
	ok(rc == -ENOENT && strstr(why, sock), "no socket: -ENOENT, named (%s)",
	   why);
	rmdir(path);
}

int main(void)
{
	make_good();
	test_decode();
	test_every_counter();
	test_refusals();
	test_table();
	test_fetch();
	free(good);
	return tap_done();
}
