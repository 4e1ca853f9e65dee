// SPDX-License-Identifier: GPL-2.0-only
/*
 * Statistics (see stats.h): one JSON document per connection on a unix
 * socket.  Each client gets its document buffered and written as the
 * socket takes it; a client that does not read is cut off after a few
 * seconds, and only a few may be connected at once.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

#include "bytebuf.h"
#include "console.h"
#include "domain.h"
#include "loop.h"
#include "log.h"
#include "stats.h"
#include "xenconsoled_control.h"

#define MAX_CLIENTS		8
#define CLIENT_TIMEOUT_NS	5000000000ull

/* ---- the document ------------------------------------------------------------ */

static void put_bytes(void *ctx, const char *text, size_t len)
{
	bytebuf_put(ctx, text, len);
}

static void put_key(yajl_gen g, const char *key)
{
	yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

/* As decimal digits: yajl_gen_integer takes a long long, too small. */
static void put_u64(yajl_gen g, const char *key, uint64_t value)
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%" PRIu64, value);

	put_key(g, key);
	yajl_gen_number(g, digits, (size_t)len);
}

/*
 * A string of arbitrary bytes (a domain name is any bytes).  JSON text is
 * UTF-8: a string that is not keeps its bytes as the code points
 * U+0000..U+00FF (Latin-1), and yajl escapes the control characters.
 */
static void put_string(yajl_gen g, const char *key, const char *s)
{
	const unsigned char *bytes = (const unsigned char *)(s ? s : "");
	size_t len = strlen((const char *)bytes), n = 0;
	unsigned char *latin1;

	put_key(g, key);
	if (yajl_gen_string(g, bytes, len) != yajl_gen_invalid_string)
		return;
	latin1 = malloc(2 * len);
	for (size_t i = 0; latin1 && i < len; i++) {
		if (bytes[i] < 0x80) {
			latin1[n++] = bytes[i];
		} else {
			latin1[n++] = 0xc0 | bytes[i] >> 6;
			latin1[n++] = 0x80 | (bytes[i] & 0x3f);
		}
	}
	yajl_gen_string(g, latin1 ? latin1 : bytes, n);
	free(latin1);
}

/* The STATE counters of xenconsoled_control.h. */
static uint64_t state_pty_buffered(const struct console *con)
{
	return bytebuf_len(&con->out);
}

static uint64_t state_log_bytes(const struct console *con)
{
	return con->log.stats.bytes;
}

static uint64_t state_log_lost(const struct console *con)
{
	return con->log.stats.lost;
}

static uint64_t state_log_rotations(const struct console *con)
{
	return con->log.stats.rotations;
}

/* In the order of XENCONSOLED_TIMING_MEMBERS: count, mean, max. */
static const uint64_t *timing_figures(const struct console_timing *t,
				      uint64_t figures[3])
{
	figures[0] = t->count;
	figures[1] = t->count ? t->total_ns / t->count : 0;
	figures[2] = t->max_ns;
	return figures;
}

static void put_console(yajl_gen g, const struct console *con,
			const char *name)
{
	uint64_t figures[3];
	const uint64_t *figure;

	yajl_gen_map_open(g);
	put_u64(g, "domid", con->domid);
	put_string(g, "name", name);
	put_string(g, "kind", con->kind->name);
	put_key(g, "attached");
	yajl_gen_bool(g, con->attached);
	put_string(g, "tty", con->pty.path);
	put_string(g, "log", con->log.fd >= 0 ? con->log.name : "");
#define PUT_COUNT(name)		put_u64(g, #name, con->stats.name);
#define PUT_STATE(name)		put_u64(g, #name, state_##name(con));
#define PUT_FIGURE(member)	put_u64(g, #member, *figure++);
#define PUT_TIMING(name)						\
	figure = timing_figures(&con->stats.name, figures);		\
	XENCONSOLED_TIMING_MEMBERS(PUT_FIGURE, name)
	XENCONSOLED_COUNTERS(PUT_COUNT, PUT_STATE, PUT_TIMING)
#undef PUT_COUNT
#undef PUT_STATE
#undef PUT_FIGURE
#undef PUT_TIMING
	yajl_gen_map_close(g);
}

void stats_json(const struct domains *domains, uint64_t started_ns,
		struct bytebuf *out)
{
	yajl_gen g = yajl_gen_alloc(NULL);
	unsigned int count = 0;
	struct domain *dom;

	if (!g)
		return;
	yajl_gen_config(g, yajl_gen_print_callback, put_bytes, out);
	yajl_gen_config(g, yajl_gen_validate_utf8, 1);
	yajl_gen_map_open(g);
	put_key(g, "daemon");
	yajl_gen_map_open(g);
	put_u64(g, "pid", (uint64_t)getpid());
	put_u64(g, "uptime_s", (loop_clock() - started_ns) / 1000000000u);
	yajl_gen_map_close(g);
	put_key(g, "consoles");
	yajl_gen_array_open(g);
	for (uint32_t domid = 1; (dom = domains_next(domains, &domid)); domid++) {
		count++;
		for (size_t i = 0; i < console_nr_kinds; i++)
			if (dom->consoles[i]->attached)
				put_console(g, dom->consoles[i], dom->name);
	}
	yajl_gen_array_close(g);
	put_u64(g, "domains", count);
	yajl_gen_map_close(g);
	yajl_gen_free(g);
	bytebuf_put(out, "\n", 1);
}

/* ---- the socket ---------------------------------------------------------------- */

struct client {
	struct control *control;
	int fd;
	struct loop_watch watch;
	struct loop_timer timeout;
	struct bytebuf doc;
};

struct control {
	struct loop *loop;
	const struct domains *domains;
	uint64_t started_ns;
	int fd;
	struct loop_watch watch;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned int clients;
};

static void client_close(struct client *c)
{
	struct loop *loop = c->control->loop;

	loop_unwatch(loop, &c->watch);
	loop_timer_release(loop, &c->timeout);
	close(c->fd);
	bytebuf_free(&c->doc);
	c->control->clients--;
	free(c);
}

static void client_timeout(void *ctx)
{
	client_close(ctx);
}

/* Write what the socket takes; close when all is sent or on error. */
static void client_ready(void *ctx, uint32_t events)
{
	struct client *c = ctx;
	const uint8_t *run;
	size_t len;

	(void)events;
	while ((len = bytebuf_peek(&c->doc, &run)) > 0) {
		ssize_t n = send(c->fd, run, len, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0)
			break;
		bytebuf_consume(&c->doc, (size_t)n);
	}
	client_close(c);
}

static void serve_client(struct control *ctl, int fd)
{
	struct loop *loop = ctl->loop;
	struct client *c = calloc(1, sizeof(*c));

	if (!c || ctl->clients >= MAX_CLIENTS ||
	    loop_timer_init(loop, &c->timeout, client_timeout, c)) {
		free(c);
		close(fd);
		return;
	}
	ctl->clients++;
	c->control = ctl;
	c->fd = fd;
	c->watch.fd = -1;
	bytebuf_init(&c->doc, XENCONSOLED_STATS_MAX);
	stats_json(ctl->domains, ctl->started_ns, &c->doc);
	loop_timer_arm(loop, &c->timeout, loop_clock() + CLIENT_TIMEOUT_NS);
	if (loop_watch(loop, &c->watch, fd, EPOLLOUT, client_ready, c))
		client_close(c);
}

static void control_ready(void *ctx, uint32_t events)
{
	struct control *ctl = ctx;
	int fd;

	(void)events;
	while ((fd = accept4(ctl->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0)
		serve_client(ctl, fd);
}

int control_open(struct loop *loop, const struct domains *domains,
		 uint64_t started_ns, const char *path, struct control **out)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct control *ctl;
	int rc;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -ENOMEM;
	ctl->loop = loop;
	ctl->domains = domains;
	ctl->started_ns = started_ns;
	ctl->watch.fd = -1;
	strcpy(ctl->path, path);
	strcpy(addr.sun_path, path);
	ctl->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl->fd < 0)
		goto fail_errno;
	unlink(path);		/* a stale socket from a previous run */
	if (bind(ctl->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    chmod(path, 0600) < 0 || listen(ctl->fd, MAX_CLIENTS) < 0)
		goto fail_close;
	rc = loop_watch(loop, &ctl->watch, ctl->fd, EPOLLIN, control_ready, ctl);
	if (rc) {
		errno = -rc;
		goto fail_close;
	}
	*out = ctl;
	return 0;

fail_close:
	rc = -errno;
	close(ctl->fd);
	free(ctl);
	return rc;
fail_errno:
	rc = -errno;
	free(ctl);
	return rc;
}

void control_close(struct control *ctl)
{
	if (!ctl)
		return;
	loop_unwatch(ctl->loop, &ctl->watch);
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl);
}
