// SPDX-License-Identifier: GPL-2.0-only
/*
 * Statistics (see stats.h): one JSON document per connection on a unix
 * socket.  Each client gets its document buffered and written as the
 * socket takes it; a client that does not read is cut off after a few
 * seconds, and only a few may be connected at once.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "bytebuf.h"
#include "console.h"
#include "daemon.h"
#include "domain.h"
#include "log.h"
#include "stats.h"
#include "xenconsoled_control.h"

#define MAX_CLIENTS		8
#define CLIENT_TIMEOUT_NS	5000000000ull

/* ---- the document ------------------------------------------------------------ */

__attribute__((format(printf, 2, 3)))
static void emit(struct bytebuf *out, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		bytebuf_put(out, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* A JSON string of arbitrary bytes (domain names are any bytes). */
static void emit_string(struct bytebuf *out, const char *s)
{
	bytebuf_put(out, "\"", 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			emit(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			emit(out, "\\u%04x", c);
		else
			bytebuf_put(out, s, 1);
	}
	bytebuf_put(out, "\"", 1);
}

static void emit_timing(struct bytebuf *out, const char *name,
			const struct console_timing *t)
{
	emit(out, ", \"%s_count\": %llu, \"%s_ns_mean\": %llu, \"%s_ns_max\": %llu",
	     name, (unsigned long long)t->count, name,
	     (unsigned long long)(t->count ? t->total_ns / t->count : 0), name,
	     (unsigned long long)t->max_ns);
}

static void emit_console(struct bytebuf *out, const struct console *con,
			 const char *name, bool first)
{
	const struct console_stats *s = &con->stats;

	emit(out, "%s\n    {\"domid\": %u, \"name\": ", first ? "" : ",",
	     con->dom->domid);
	emit_string(out, name);
	emit(out, ", \"kind\": \"%s\", \"attached\": %s, \"tty\": ",
	     con->kind->name, con->attached ? "true" : "false");
	emit_string(out, con->pty.path);
	emit(out, ", \"log\": ");
	emit_string(out, con->log.fd >= 0 ? con->log.name : "");
	emit(out, ", \"out_bytes\": %llu, \"in_bytes\": %llu, \"pty_dropped\": "
	     "%llu, \"pty_buffered\": %zu, \"events\": %llu, \"irqs\": %llu, "
	     "\"guest_errors\": %llu, \"log_bytes\": %llu, \"log_lost\": %llu, "
	     "\"log_rotations\": %llu, \"uart_dropped\": %llu, "
	     "\"uart_overruns\": %llu, \"uart_flushed\": %llu",
	     (unsigned long long)s->out_bytes, (unsigned long long)s->in_bytes,
	     (unsigned long long)s->pty_dropped, bytebuf_len(&con->out),
	     (unsigned long long)s->events, (unsigned long long)s->irqs,
	     (unsigned long long)s->guest_errors,
	     (unsigned long long)con->log.stats.bytes,
	     (unsigned long long)con->log.stats.lost,
	     (unsigned long long)con->log.stats.rotations,
	     (unsigned long long)s->uart_dropped,
	     (unsigned long long)s->uart_overruns,
	     (unsigned long long)s->uart_flushed);
	emit_timing(out, "request", &s->request);
	emit_timing(out, "drain", &s->drain);
	emit(out, "}");
}

void stats_json(struct daemon *d, struct bytebuf *out)
{
	unsigned int domains = 0;
	bool first = true;

	emit(out, "{\"daemon\": {\"pid\": %ld, \"uptime_s\": %llu},\n"
	     "  \"consoles\": [", (long)getpid(),
	     (unsigned long long)((loop_clock() - d->started_ns) / 1000000000u));
	for (uint32_t domid = 1; domid < d->nr_domains; domid++) {
		struct domain *dom = d->domains[domid];
		char *name;

		if (!dom)
			continue;
		domains++;
		name = domain_read_name(dom);
		for (size_t i = 0; i < console_nr_kinds; i++) {
			if (!dom->consoles[i]->attached)
				continue;
			emit_console(out, dom->consoles[i], name, first);
			first = false;
		}
		free(name);
	}
	emit(out, "\n  ],\n  \"domains\": %u\n}\n", domains);
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
	struct daemon *d;
	int fd;
	struct loop_watch watch;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	unsigned int clients;
};

static void client_close(struct client *c)
{
	struct loop *loop = c->control->d->loop;

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
	struct loop *loop = ctl->d->loop;
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
	stats_json(ctl->d, &c->doc);
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

int control_open(struct daemon *d, const char *path, struct control **out)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct control *ctl;
	int rc;

	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	ctl = calloc(1, sizeof(*ctl));
	if (!ctl)
		return -ENOMEM;
	ctl->d = d;
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
	rc = loop_watch(d->loop, &ctl->watch, ctl->fd, EPOLLIN, control_ready, ctl);
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
	loop_unwatch(ctl->d->loop, &ctl->watch);
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl);
}
