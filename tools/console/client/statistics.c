// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsole --stats (see statistics.h).  The counters are listed once, in
 * xenconsoled_control.h: the decoder fills struct stats_console from that
 * table, and the printer's rows below name them, so showing a new counter
 * is one line in each.  yajl parses the document, as it does for libxl.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>
#include <yajl/yajl_tree.h>

#include "cmdline.h"
#include "statistics.h"

#define FETCH_TIMEOUT_S		5
#define COLUMN_WIDTH		16
/* Deeper nesting is refused: yajl frees its tree recursively. */
#define MAX_DEPTH		32

static const char *const kind_names[STATS_NR_KINDS] = {
	[STATS_PV] = "pv", [STATS_VUART] = "vuart", [STATS_PL011] = "pl011",
};

#define COUNTER_(name) { #name, offsetof(struct xenconsoled_counters, name) },
#define TIMING_(name) XENCONSOLED_TIMING_MEMBERS(COUNTER_, name)
const struct stats_counter stats_counters[] = {
	XENCONSOLED_COUNTERS(COUNTER_, COUNTER_, TIMING_)
};
#undef COUNTER_
#undef TIMING_
const size_t stats_nr_counters = sizeof(stats_counters) /
				 sizeof(stats_counters[0]);

/* ---- decoding --------------------------------------------------------- */

/*
 * What yajl's tree does not refuse itself: nesting deeper than MAX_DEPTH,
 * and strings holding NUL bytes (the tree's strings end at the first).
 */
struct strictness {
	unsigned int depth;
	const char *fault;
};

static int nest(void *ctx)
{
	struct strictness *s = ctx;

	if (++s->depth <= MAX_DEPTH)
		return 1;
	s->fault = "nested too deeply";
	return 0;
}

static int unnest(void *ctx)
{
	((struct strictness *)ctx)->depth--;
	return 1;
}

static int string_without_nul(void *ctx, const unsigned char *text,
			      size_t len)
{
	if (!memchr(text, 0, len))
		return 1;
	((struct strictness *)ctx)->fault = "a string holds a NUL byte";
	return 0;
}

/*
 * The fault of the @len bytes of @text, or NULL; text that is not JSON at
 * all is yajl_tree_parse's to explain.
 */
static const char *strictness_fault(const char *text, size_t len)
{
	static const yajl_callbacks callbacks = {
		.yajl_string = string_without_nul,
		.yajl_map_key = string_without_nul,
		.yajl_start_map = nest,
		.yajl_end_map = unnest,
		.yajl_start_array = nest,
		.yajl_end_array = unnest,
	};
	struct strictness s = { 0, NULL };
	yajl_handle h;

	if (strlen(text) != len)
		return "a NUL byte outside any string";
	h = yajl_alloc(&callbacks, NULL, &s);
	if (!h)
		return "out of memory";
	yajl_parse(h, (const unsigned char *)text, len);
	yajl_free(h);
	return s.fault;
}

static int parse(const char *text, size_t len, yajl_val *root, char *why,
		 size_t why_len)
{
	const char *fault = strictness_fault(text, len);
	char error[256];

	*root = NULL;
	if (fault)
		return cmdline_invalid(why, why_len, "%s", fault);
	*root = yajl_tree_parse(text, error, sizeof(error));
	if (!*root) {
		error[strcspn(error, "\n")] = 0;	/* yajl adds the text */
		return cmdline_invalid(why, why_len, "%s", error);
	}
	return 0;
}

static yajl_val member(yajl_val obj, const char *key, yajl_type type)
{
	const char *path[] = { key, NULL };

	return yajl_tree_get(obj, path, type);
}

/*
 * Member @key as an unsigned integer, up to UINT64_MAX: yajl's own
 * integers stop at INT64_MAX, so its digits are read here.
 */
static int member_u64(yajl_val obj, const char *key, uint64_t *out)
{
	yajl_val number = member(obj, key, yajl_t_number);
	const char *digits = number ? YAJL_GET_NUMBER(number) : "";

	if (!*digits || digits[strspn(digits, "0123456789")])
		return -EINVAL;
	errno = 0;
	*out = strtoull(digits, NULL, 10);
	return errno ? -EINVAL : 0;
}

static char *dup_member(yajl_val obj, const char *key)
{
	const char *s = YAJL_GET_STRING(member(obj, key, yajl_t_string));

	return s ? strdup(s) : NULL;
}

/* -ENOENT for a kind this client does not show. */
static int decode_kind(yajl_val obj, enum stats_kind *kind)
{
	const char *name = YAJL_GET_STRING(member(obj, "kind", yajl_t_string));

	if (!name)
		return -EINVAL;
	for (size_t i = 0; i < STATS_NR_KINDS; i++) {
		if (!strcmp(name, kind_names[i])) {
			*kind = i;
			return 0;
		}
	}
	return -ENOENT;
}

static int decode_console(yajl_val obj, size_t index, struct stats_console *c,
			  char *why, size_t why_len)
{
	uint64_t domid;
	int rc;

	if (member_u64(obj, "domid", &domid) || !domid || domid > 0x7fef)
		return cmdline_invalid(why, why_len, "console %zu: no valid domid",
			       index);
	c->domid = (unsigned int)domid;
	rc = decode_kind(obj, &c->kind);
	if (rc == -EINVAL)
		return cmdline_invalid(why, why_len, "console %zu: no kind", index);
	if (rc)
		return rc;
	for (size_t i = 0; i < stats_nr_counters; i++)
		if (member_u64(obj, stats_counters[i].name, (uint64_t *)
			       ((char *)&c->counters + stats_counters[i].offset)))
			return cmdline_invalid(why, why_len, "console %zu: no "
				       "unsigned integer \"%s\"", index,
				       stats_counters[i].name);
	c->name = dup_member(obj, "name");
	c->tty = dup_member(obj, "tty");
	c->log = dup_member(obj, "log");
	if (!c->name || !c->tty || !c->log)
		return cmdline_invalid(why, why_len, "console %zu: name, tty and log "
			       "must be strings", index);
	return 0;
}

static int decode_consoles(yajl_val list, struct stats_doc *doc, char *why,
			   size_t why_len)
{
	size_t n = list ? YAJL_GET_ARRAY(list)->len : 0;
	int rc;

	if (!list)
		return cmdline_invalid(why, why_len, "no \"consoles\" array");
	doc->consoles = calloc(n ? n : 1, sizeof(*doc->consoles));
	if (!doc->consoles)
		return cmdline_invalid(why, why_len, "out of memory");
	for (size_t i = 0; i < n; i++) {
		yajl_val e = YAJL_GET_ARRAY(list)->values[i];
		struct stats_console *c = &doc->consoles[doc->nr_consoles];

		if (!YAJL_IS_OBJECT(e))
			return cmdline_invalid(why, why_len,
				       "console %zu: not an object", i);
		rc = decode_console(e, i, c, why, why_len);
		if (rc == -ENOENT) {	/* nothing allocated: reuse the slot */
			doc->nr_unknown++;
			continue;
		}
		doc->nr_consoles++;	/* so that stats_doc_free frees it */
		if (rc)
			return rc;
	}
	return 0;
}

int stats_decode(const char *text, size_t len, struct stats_doc *doc,
		 char *why, size_t why_len)
{
	yajl_val root, daemon;
	int rc;

	memset(doc, 0, sizeof(*doc));
	rc = parse(text, len, &root, why, why_len);
	if (rc)
		return rc;
	daemon = member(root, "daemon", yajl_t_object);
	if (member_u64(daemon, "pid", &doc->pid) ||
	    member_u64(daemon, "uptime_s", &doc->uptime_s) ||
	    member_u64(root, "domains", &doc->domains))
		rc = cmdline_invalid(why, why_len,
			     "no daemon pid, uptime_s or domains");
	else
		rc = decode_consoles(member(root, "consoles", yajl_t_array),
				     doc, why, why_len);
	yajl_tree_free(root);
	return rc;
}

void stats_doc_free(struct stats_doc *doc)
{
	for (size_t i = 0; i < doc->nr_consoles; i++) {
		free(doc->consoles[i].name);
		free(doc->consoles[i].tty);
		free(doc->consoles[i].log);
	}
	free(doc->consoles);
	memset(doc, 0, sizeof(*doc));
}

/* ---- the table -------------------------------------------------------- */

#define FIELD(name)	offsetof(struct stats_console, name)
#define COUNTER(name)	FIELD(counters.name)

enum row_type {
	ROW_TEXT,	/* a string field */
	ROW_COUNT,	/* one counter */
	ROW_RATIO,	/* counter a per counter b */
	ROW_TIME,	/* mean a / max b, nanoseconds shown in microseconds */
};

static const struct row {
	const char *label;
	enum row_type type;
	size_t a, b;
} rows[] = {
	{ "pty", ROW_TEXT, FIELD(tty), 0 },
	{ "bytes out (guest -> log, pty)", ROW_COUNT, COUNTER(out_bytes), 0 },
	{ "bytes in (pty -> guest)", ROW_COUNT, COUNTER(in_bytes), 0 },
	{ "bytes logged", ROW_COUNT, COUNTER(log_bytes), 0 },
	{ "  lost: log write failed", ROW_COUNT, COUNTER(log_lost), 0 },
	{ "dropped: pty not read", ROW_COUNT, COUNTER(pty_dropped), 0 },
	{ "dropped: UART TX FIFO full", ROW_COUNT, COUNTER(uart_dropped), 0 },
	{ "lost: UART RX overrun", ROW_COUNT, COUNTER(uart_overruns), 0 },
	{ "flushed by the guest", ROW_COUNT, COUNTER(uart_flushed), 0 },
	{ "waiting for a pty reader", ROW_COUNT, COUNTER(pty_buffered), 0 },
	{ "notifications or ioreqs", ROW_COUNT, COUNTER(events), 0 },
	{ "  per output byte", ROW_RATIO, COUNTER(events), COUNTER(out_bytes) },
	{ "ioreqs answered", ROW_COUNT, COUNTER(request_count), 0 },
	{ "  mean/max service us", ROW_TIME, COUNTER(request_ns_mean),
	  COUNTER(request_ns_max) },
	{ "interrupts injected", ROW_COUNT, COUNTER(irqs), 0 },
	{ "output passes", ROW_COUNT, COUNTER(drain_count), 0 },
	{ "  mean/max pass us", ROW_TIME, COUNTER(drain_ns_mean),
	  COUNTER(drain_ns_max) },
	{ "log rotations", ROW_COUNT, COUNTER(log_rotations), 0 },
	{ "interrupts Xen refused", ROW_COUNT, COUNTER(irq_refusals), 0 },
	{ "notifications failed", ROW_COUNT, COUNTER(notify_failures), 0 },
	{ "emulator restarts", ROW_COUNT, COUNTER(emulator_restarts), 0 },
	{ "  killed by seccomp", ROW_COUNT, COUNTER(emulator_kills), 0 },
	{ "  messages refused", ROW_COUNT, COUNTER(emulator_errors), 0 },
	{ "guest errors", ROW_COUNT, COUNTER(guest_errors), 0 },
	{ "daemon errors", ROW_COUNT, COUNTER(daemon_errors), 0 },
};

static uint64_t counter_value(const struct stats_console *c, size_t offset)
{
	return *(const uint64_t *)((const char *)c + offset);
}

static void format_cell(const struct row *r, const struct stats_console *c,
			char *cell, size_t len)
{
	uint64_t a, b;

	if (!c) {
		snprintf(cell, len, "-");
		return;
	}
	a = r->type == ROW_TEXT ? 0 : counter_value(c, r->a);
	b = r->type < ROW_RATIO ? 0 : counter_value(c, r->b);
	switch (r->type) {
	case ROW_TEXT:
		snprintf(cell, len, "%s",
			 *(char *const *)((const char *)c + r->a));
		break;
	case ROW_COUNT:
		snprintf(cell, len, "%llu", (unsigned long long)a);
		break;
	case ROW_RATIO:
		if (b)
			snprintf(cell, len, "%.3f", (double)a / (double)b);
		else
			snprintf(cell, len, "-");
		break;
	case ROW_TIME:
		snprintf(cell, len, "%.1f/%.1f", a / 1e3, b / 1e3);
		break;
	}
}

/* A domain name is any bytes: show the unprintable ones as \xNN. */
static void print_name(FILE *out, const char *name)
{
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if (*s >= 0x20 && *s < 0x7f && *s != '\\')
			fputc(*s, out);
		else
			fprintf(out, "\\x%02x", *s);
	}
}

static void print_guest(FILE *out, const struct stats_console *of[],
			const struct stats_console *any)
{
	char cell[64];

	fprintf(out, "\ndomain %u (", any->domid);
	print_name(out, any->name);
	fprintf(out, ")\n%-30s", "");
	for (size_t k = 0; k < STATS_NR_KINDS; k++)
		fprintf(out, " %*s", COLUMN_WIDTH, kind_names[k]);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		fprintf(out, "\n%-30s", rows[i].label);
		for (size_t k = 0; k < STATS_NR_KINDS; k++) {
			format_cell(&rows[i], of[k], cell, sizeof(cell));
			fprintf(out, " %*s", COLUMN_WIDTH, cell);
		}
	}
	fputc('\n', out);
}

/* The consoles of the guest of consoles[first], one per kind. */
static void collect_guest(const struct stats_doc *doc, size_t first,
			  const struct stats_console *of[])
{
	unsigned int domid = doc->consoles[first].domid;

	for (size_t k = 0; k < STATS_NR_KINDS; k++)
		of[k] = NULL;
	for (size_t i = first; i < doc->nr_consoles; i++) {
		const struct stats_console *c = &doc->consoles[i];

		if (c->domid == domid && !of[c->kind])
			of[c->kind] = c;
	}
}

/* Whether consoles[0..end) hold one of guest @domid. */
static bool has_guest(const struct stats_doc *doc, size_t end,
		      unsigned int domid)
{
	for (size_t i = 0; i < end; i++)
		if (doc->consoles[i].domid == domid)
			return true;
	return false;
}

size_t stats_print(FILE *out, const struct stats_doc *doc, unsigned int domid)
{
	const struct stats_console *of[STATS_NR_KINDS];
	size_t guests = 0;

	if (domid && !has_guest(doc, doc->nr_consoles, domid))
		return 0;
	fprintf(out, "xenconsoled pid %llu, up %llu s, %llu domains\n",
		(unsigned long long)doc->pid,
		(unsigned long long)doc->uptime_s,
		(unsigned long long)doc->domains);
	for (size_t i = 0; i < doc->nr_consoles; i++) {
		unsigned int guest = doc->consoles[i].domid;

		if (has_guest(doc, i, guest) || (domid && guest != domid))
			continue;
		collect_guest(doc, i, of);
		print_guest(out, of, &doc->consoles[i]);
		guests++;
	}
	if (doc->nr_unknown)
		fprintf(out, "\n(%zu consoles of other kinds not shown: "
			"see --json)\n", doc->nr_unknown);
	return guests;
}

/* ---- the socket and the command --------------------------------------- */

static int connect_socket(const char *path, char *why, size_t why_len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval timeout = { .tv_sec = FETCH_TIMEOUT_S };
	int fd, err;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		snprintf(why, why_len, "%s: path too long", path);
		return -ENAMETOOLONG;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && !setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout,
				   sizeof(timeout)) &&
	    !connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return fd;
	err = errno;
	if (fd >= 0)
		close(fd);
	snprintf(why, why_len, "cannot reach xenconsoled's statistics at %s: "
		 "%s (is it running with --control?)", path, strerror(err));
	return -err;
}

static int read_all(int fd, char **text, size_t *len, char *why, size_t why_len)
{
	size_t size = 0, used = 0;
	char *buf = NULL, *grown;
	ssize_t n;
	int rc;

	for (;;) {
		if (used + 1 >= size) {
			size = size ? size * 2 : 65536;
			grown = used <= XENCONSOLED_STATS_MAX ? realloc(buf, size) :
						       NULL;
			if (!grown) {
				rc = -EFBIG;
				snprintf(why, why_len, "document too large");
				goto fail;
			}
			buf = grown;
		}
		n = read(fd, buf + used, size - used - 1);
		if (n == 0)
			break;
		if (n > 0)
			used += (size_t)n;
		else if (errno != EINTR)
			goto fail_errno;
	}
	buf[used] = 0;
	*text = buf;
	*len = used;
	return 0;

fail_errno:
	rc = -errno;
	snprintf(why, why_len, "reading the statistics: %s",
		 rc == -EAGAIN ? "timed out" : strerror(-rc));
fail:
	free(buf);
	return rc;
}

int stats_fetch(const char *path, char **text, size_t *len,
		char *why, size_t why_len)
{
	int fd = connect_socket(path, why, why_len), rc;

	if (fd < 0)
		return fd;
	rc = read_all(fd, text, len, why, why_len);
	close(fd);
	return rc;
}

static int show(const struct cmdline *cmd, const char *text, size_t len,
		const struct stats_doc *doc)
{
	if (cmd->json)
		fwrite(text, 1, len, stdout);
	else if (!stats_print(stdout, doc, cmd->domid) && cmd->domid) {
		fprintf(stderr, "%s: domain %u has no console in "
			"xenconsoled's statistics\n",
			program_invocation_short_name, cmd->domid);
		return 1;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "%s: writing the statistics: %s\n",
			program_invocation_short_name, strerror(errno));
		return 1;
	}
	return 0;
}

int stats_run(const struct cmdline *cmd)
{
	const char *path = cmd->stats_socket ? cmd->stats_socket :
			   CMDLINE_STATS_SOCKET;
	struct stats_doc doc;
	char why[512], *text;
	size_t len;
	int rc;

	if (stats_fetch(path, &text, &len, why, sizeof(why))) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
		return 1;
	}
	/* Checked also for --json: scripts must never get a broken one. */
	rc = stats_decode(text, len, &doc, why, sizeof(why));
	if (rc)
		fprintf(stderr, "%s: malformed statistics from %s: %s\n",
			program_invocation_short_name, path, why);
	else
		rc = show(cmd, text, len, &doc);
	stats_doc_free(&doc);
	free(text);
	return rc ? 1 : 0;
}
