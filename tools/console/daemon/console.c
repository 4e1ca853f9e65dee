// SPDX-License-Identifier: GPL-2.0-only
/*
 * What every console shares, whatever its kind (see console.h): the pty,
 * the log, the buffers between them and the guest, the overflow policy
 * and the counters.  The log always gets every byte first; the pty gets
 * what a reader takes, and what it cannot take in time is dropped oldest
 * first and counted (--overflow-data=discard) or holds the guest back
 * (keep).  Knows the kinds only through struct console_kind.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "crash_point.h"
#include "xen.h"

#define DEFAULT_LIMIT	(1u << 20)	/* libxl's console "limit" */
#define NOTE_INTERVAL_NS 1000000000ull
/* Bounds the last drain of a console whose guest is still writing. */
#define FINAL_DRAIN_BUDGET (64u * 1024)

const char *console_xs_dir(const struct console *con)
{
	return con->xs_dir;
}

/* Count, and say at a limited rate, one failure of whoever's. */
static void count_error(struct console *con, uint64_t *count,
			struct ratelimit *limit, const char *whose,
			const char *fmt, va_list ap)
{
	char msg[192];

	++*count;
	if (!ratelimit_allow(limit, loop_clock()))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_msg(LOG_WARNING, "dom%u %s console: %s (%llu %s errors so far)",
		con->domid, con->kind->name, msg, (unsigned long long)*count,
		whose);
}

void console_guest_error(struct console *con, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	count_error(con, &con->stats.guest_errors, &con->guest_error_limit,
		    "guest", fmt, ap);
	va_end(ap);
}

void console_daemon_error(struct console *con, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	count_error(con, &con->stats.daemon_errors, &con->daemon_error_limit,
		    "daemon", fmt, ap);
	va_end(ap);
}

/* ---- pty ------------------------------------------------------------------- */

static void pty_ready(void *ctx, uint32_t events);

static void watch_pty(struct console *con)
{
	uint32_t want = 0;
	int rc;

	if (con->pty.master < 0)
		return;
	if (bytebuf_room(&con->in))
		want |= EPOLLIN;
	if (bytebuf_len(&con->out))
		want |= EPOLLOUT;
	if (want == con->pty_events)
		return;
	rc = loop_watch_modify(con->env->loop, &con->pty_watch, want);
	if (rc == 0) {
		con->pty_events = want;
		return;
	}
	/* Tried again at the next change of either buffer. */
	console_daemon_error(con, "cannot watch its pty: %s", strerror(-rc));
}

static int open_pty(struct console *con)
{
	const struct console_env *env = con->env;
	int rc = pty_open(&con->pty);

	if (rc == 0)
		rc = loop_watch(env->loop, &con->pty_watch, con->pty.master,
				EPOLLIN, pty_ready, con);
	if (rc == 0)
		rc = xen_write(env->xen, con->xs_dir, "tty", con->pty.path);
	if (rc) {
		log_msg(LOG_ERR, "dom%u %s console: no pty: %s",
			con->domid, con->kind->name, strerror(-rc));
		loop_unwatch(env->loop, &con->pty_watch);
		pty_close(&con->pty);
		return rc;
	}
	con->pty_events = EPOLLIN;
	return 0;
}

static void close_pty(struct console *con)
{
	loop_unwatch(con->env->loop, &con->pty_watch);
	pty_close(&con->pty);
}

/* A pty that failed is replaced; its new path goes to xenstore, where
 * clients following the tty key pick it up (stock does the same). */
static void pty_broken(struct console *con, int err)
{
	log_msg(LOG_WARNING, "dom%u %s console: pty %s failed (%s), "
		"creating a new one", con->domid, con->kind->name,
		con->pty.path, strerror(err));
	close_pty(con);
	if (open_pty(con) == 0)
		watch_pty(con);
}

/* Write buffered output; -errno if the pty is broken. */
static int flush_out(struct console *con)
{
	const uint8_t *run;
	size_t len;

	while ((len = bytebuf_peek(&con->out, &run)) > 0) {
		ssize_t n = write(con->pty.master, run, len);

		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		bytebuf_consume(&con->out, (size_t)n);
	}
	/* With "keep", a full buffer was holding the guest back. */
	if (con->env->overflow_keep)
		console_kick(con);
	return 0;
}

/* Bytes moved through the console: a kind that persists records it. */
static void bytes_moved(struct console *con)
{
	if (con->kind->save)
		con->kind->save(con);
}

static void push_input(struct console *con)
{
	const uint8_t *run;
	size_t len, n;

	while ((len = bytebuf_peek(&con->in, &run)) > 0) {
		n = con->kind->push(con, run, len);
		bytebuf_consume(&con->in, n);
		con->stats.in_bytes += n;
		if (n < len)
			break;
	}
	bytes_moved(con);
}

/* Read only what the input buffer can hold: the rest waits in the pty. */
static int read_input(struct console *con)
{
	uint8_t buf[CONSOLE_INPUT_MAX];
	size_t room = bytebuf_room(&con->in);
	ssize_t n;

	if (!room)
		return 0;
	n = read(con->pty.master, buf, room < sizeof(buf) ? room : sizeof(buf));
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	bytebuf_put(&con->in, buf, (size_t)n);
	if (con->attached)
		push_input(con);
	else
		bytes_moved(con);
	return 0;
}

static void pty_ready(void *ctx, uint32_t events)
{
	struct console *con = ctx;
	int rc = 0;

	if (events & EPOLLOUT)
		rc = flush_out(con);
	if (!rc && (events & EPOLLIN))
		rc = read_input(con);
	if (!rc && (events & (EPOLLERR | EPOLLHUP)))
		rc = -EIO;
	if (rc)
		pty_broken(con, -rc);
	watch_pty(con);
}

/* ---- output ---------------------------------------------------------------- */

/*
 * Say in the log how much output the pty missed: at once, then at most
 * once a second while drops go on, and once more when they stop.
 */
static void note_pty_drops(struct console *con, uint64_t now_ns)
{
	uint64_t dropped = con->stats.pty_dropped - con->pty_dropped_noted;

	if (!dropped || con->log.fd < 0)
		return;
	if (now_ns < con->next_note_ns) {
		loop_timer_arm(con->env->loop, &con->note_timer,
			       con->next_note_ns);
		return;
	}
	logfile_note(&con->log, time(NULL), "%llu bytes of output were not "
		     "delivered to the pty (nobody reading it)",
		     (unsigned long long)dropped);
	con->pty_dropped_noted = con->stats.pty_dropped;
	con->next_note_ns = now_ns + NOTE_INTERVAL_NS;
}

static void note_due(void *ctx)
{
	note_pty_drops(ctx, loop_clock());
}

static void to_log(struct console *con, const uint8_t *buf, size_t n)
{
	int rc;

	if (con->log.fd < 0)
		return;
	rc = logfile_write(&con->log, buf, n, time(NULL));
	if (rc && ratelimit_allow(&con->guest_error_limit, loop_clock()))
		log_msg(LOG_ERR, "dom%u %s console: log %s: %s (%llu bytes "
			"lost)", con->domid, con->kind->name,
			con->log.name, strerror(-rc),
			(unsigned long long)con->log.stats.lost);
}

static void to_pty(struct console *con, const uint8_t *buf, size_t n)
{
	if (con->pty.master < 0)
		return;
	if (!bytebuf_len(&con->out)) {
		ssize_t w = write(con->pty.master, buf, n);

		if (w > 0) {
			buf += w;
			n -= (size_t)w;
		}
	}
	if (!n)
		return;
	if (con->env->overflow_keep)
		bytebuf_put(&con->out, buf, n);
	else
		con->stats.pty_dropped += bytebuf_put_over(&con->out, buf, n);
	watch_pty(con);
}

static void deliver(struct console *con, const uint8_t *buf, size_t n)
{
	con->stats.out_bytes += n;
	to_log(con, buf, n);
	crash_point("console-logged");
	to_pty(con, buf, n);
	crash_point("console-pty");
}

bool console_drain(struct console *con, size_t budget)
{
	bool keep = con->env->overflow_keep;
	bool delivered = false;
	uint64_t start = loop_clock(), end;
	uint8_t buf[4096];

	if (!con->attached)
		return false;
	while (budget) {
		size_t want = budget < sizeof(buf) ? budget : sizeof(buf);
		size_t n;

		/* "keep": take from the guest only what the pty can hold. */
		if (keep && con->pty.master >= 0 && bytebuf_room(&con->out) < want)
			want = bytebuf_room(&con->out);
		if (!want)
			break;
		n = con->kind->pull(con, buf, want);
		if (!n)
			break;
		deliver(con, buf, n);
		budget -= n;
		delivered = true;
	}
	if (delivered) {
		bytes_moved(con);	/* the kind may now record what left */
		crash_point("console-saved");
	}
	end = loop_clock();
	if (delivered)
		console_timing_add(&con->stats.drain, end - start);
	note_pty_drops(con, end);
	return budget == 0;
}

/* ---- the ready queue ------------------------------------------------------- */

static void queue_add(struct console_queue *q, struct console *con)
{
	if (con->on_ready_list)
		return;
	con->on_ready_list = true;
	con->next_ready = NULL;
	if (q->tail)
		q->tail->next_ready = con;
	else
		q->head = con;
	q->tail = con;
}

static struct console *queue_pop(struct console_queue *q)
{
	struct console *con = q->head;

	q->head = con->next_ready;
	if (!q->head)
		q->tail = NULL;
	con->on_ready_list = false;
	return con;
}

static void queue_remove(struct console_queue *q, struct console *con)
{
	struct console *prev = NULL;

	for (struct console *c = q->head; c; prev = c, c = c->next_ready) {
		if (c != con)
			continue;
		if (prev)
			prev->next_ready = c->next_ready;
		else
			q->head = c->next_ready;
		if (q->tail == c)
			q->tail = prev;
		break;
	}
	con->on_ready_list = false;
}

/*
 * Fairness: each pass gives every console queued at its start at most
 * one budget, and one with more goes to the back.  A guest writing as
 * fast as it can gets its share and delays another by at most one
 * budget per ready console.
 */
bool console_queue_drain(struct console_queue *q, size_t budget)
{
	struct console *last = q->tail;

	while (q->head) {
		struct console *con = queue_pop(q);

		if (console_drain(con, budget))
			queue_add(q, con);
		if (con == last)
			break;
	}
	return q->head != NULL;
}

void console_input_taken(struct console *con, size_t n)
{
	bytebuf_consume(&con->in, n);
	con->stats.in_bytes += n;
	watch_pty(con);			/* room to read the pty again */
}

void console_kick(struct console *con)
{
	if (bytebuf_len(&con->in)) {
		push_input(con);
		watch_pty(con);
	}
	queue_add(con->env->ready, con);
}

/* ---- lifecycle ------------------------------------------------------------- */

struct console *console_create(const struct console_env *env,
			       uint32_t domid, const uint8_t handle[16],
			       const struct console_kind *kind)
{
	struct console *con = calloc(1, sizeof(*con));

	if (!con)
		return NULL;
	con->priv = kind->priv_size ? calloc(1, kind->priv_size) : NULL;
	if (kind->priv_size && !con->priv) {
		free(con);
		return NULL;
	}
	con->kind = kind;
	con->env = env;
	con->domid = domid;
	memcpy(con->dom_handle, handle, sizeof(con->dom_handle));
	snprintf(con->dom_path, sizeof(con->dom_path), "/local/domain/%u",
		 domid);
	con->pty.master = con->pty.slave = -1;
	con->pty_watch.fd = -1;
	con->log.fd = -1;
	snprintf(con->xs_dir, sizeof(con->xs_dir), "%s/%s", con->dom_path,
		 kind->xs_dir);
	if (loop_timer_init(env->loop, &con->note_timer, note_due, con)) {
		free(con->priv);
		free(con);
		return NULL;
	}
	bytebuf_init(&con->out, DEFAULT_LIMIT);
	bytebuf_init(&con->in, CONSOLE_INPUT_MAX);
	return con;
}

static void open_log(struct console *con)
{
	char name[LOGFILE_NAME_MAX + 1];
	char *domain_name = xen_read(con->env->xen, con->dom_path, "name");
	char fallback[16];
	int rc;

	/* Stock opens no log for a nameless domain; name it by domid. */
	snprintf(fallback, sizeof(fallback), "dom%u", con->domid);
	rc = logfile_make_name(name, sizeof(name), "guest-",
			       domain_name && *domain_name ? domain_name : fallback,
			       con->kind->log_suffix);
	free(domain_name);
	if (rc == 0)
		rc = con->log.fd >= 0 ? logfile_reopen(&con->log, name) :
			logfile_open(&con->log, con->env->guest_log, name);
	if (rc)
		log_msg(LOG_ERR, "dom%u %s console: cannot open log %s: %s",
			con->domid, con->kind->name, name, strerror(-rc));
}

int console_attach(struct console *con)
{
	unsigned long limit;
	int rc = con->kind->attach(con);

	if (rc || con->attached)
		return rc;
	if (xen_read_uint(con->env->xen, con->xs_dir, "limit", &limit) == 0 &&
	    limit)
		con->out.max = limit;
	if (con->env->guest_log)
		open_log(con);
	/* The tty key last: libxl unpauses the guest once it appears. */
	if (con->pty.master < 0 && (rc = open_pty(con)) != 0) {
		con->kind->detach(con, false);
		return rc;
	}
	con->attached = true;
	console_kick(con);
	return 0;
}

void console_detach(struct console *con, bool park)
{
	if (!con->attached)
		return;
	/* What the guest wrote last (a PL011 FIFO, say) reaches the log. */
	console_drain(con, FINAL_DRAIN_BUDGET);
	con->kind->detach(con, park);
	con->attached = false;
	con->next_note_ns = 0;		/* the log's last word on drops */
	note_pty_drops(con, loop_clock());
	logfile_close(&con->log);
}

void console_reopen_log(struct console *con)
{
	if (con->log.fd >= 0 || (con->attached && con->env->guest_log))
		open_log(con);
}

void console_destroy(struct console *con, bool park)
{
	if (!con)
		return;
	console_detach(con, park);
	loop_timer_release(con->env->loop, &con->note_timer);
	close_pty(con);
	/* The loop must never see it again. */
	queue_remove(con->env->ready, con);
	bytebuf_free(&con->out);
	bytebuf_free(&con->in);
	free(con->priv);
	free(con);
}
