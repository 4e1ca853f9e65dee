// SPDX-License-Identifier: GPL-2.0-only
/*
 * pl011-emulator: one guest's PL011, in a process that can reach only
 * that guest.  xenconsoled starts one per guest with a PL011
 * (--pl011-isolation=process, pl011_proxy.c) and talks to it over one
 * SOCK_SEQPACKET socket (emulator_wire.h).
 *
 * A small program of its own rather than a mode of the daemon: it links
 * no xenstore, no xenctrl and no logging or statistics code, so what a
 * guest that takes it over finds is the UART, its own ioreq server and a
 * socket.  In order, before it reads the first request:
 *  1. reads START from the daemon (the guest, the UART, its uid);
 *  2. opens its Xen handles and restricts every one to the guest
 *     (xentoolcore_restrict_all(): Xen's docs/designs/qemu-deprivilege.md);
 *  3. opens or adopts the guest's ioreq server (mapping the ioreq page
 *     and binding the vCPU ports needs the handles' files once);
 *  4. confines itself (confine.h): its own uid, an empty root, no new
 *     files or processes, a seccomp allowlist;
 *  5. reports READY, and only then answers the guest.
 *
 * It outlives the daemon: when the socket closes it keeps serving the
 * guest, holds up to EMU_OUTBOX_MAX bytes of output (then the guest finds
 * TXFF), and waits on the listening socket the daemon gave it for the
 * next daemon, which gets everything it has not acknowledged.
 *
 * usage: pl011-emulator SOCKET_FD [LISTEN_FD]
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <xentoolcore.h>

#include "confine.h"
#include "emulator_wire.h"
#include "errno_rc.h"
#include "evtchn.h"
#include "log.h"
#include "pl011_host.h"
#include "probe.h"

#define PROGRAM			"pl011-emulator"
/*
 * Counters alone (no state change) are sent this long after the request
 * that changed them: an idle emulator never wakes up.
 */
#define COUNTERS_NS		100000000ull
/*
 * Streaming output reaches the daemon at most this often (one message
 * and one log write a batch), unless half the outbox waits; output after
 * a quiet spell goes at once.
 */
#define OUTPUT_BATCH_NS		10000000ull
/* Without a daemon, whether the guest still lives, this often. */
#define ORPHAN_CHECK_NS		2000000000ull

struct emulator {
	struct emu_start start;
	struct loop *loop;
	struct evtchn *evtchn;
	xendevicemodel_handle *xdm;
	xenforeignmemory_handle *xfm;
	struct pl011_host host;
	struct console_stats stats;

	int sock;			/* to the daemon; -1 while there is none */
	int listen_fd;			/* the next daemon's way in; -1: none */
	struct loop_watch sock_watch, listen_watch;
	bool want_write;		/* an UPDATE waits for room */

	/* Output numbered from start.out_seq: [acked, pulled) is held. */
	uint8_t *outbox;		/* the snapshot's, else own_outbox */
	uint8_t own_outbox[EMU_OUTBOX_MAX];
	uint64_t out_acked, out_sent, out_pulled;
	bool starved;			/* output waits for outbox room */
	uint64_t in_taken, in_seen;
	struct emu_snapshot *snapshot;	/* NULL: every change is an UPDATE */

	/* What the daemon last heard, to send only what changed. */
	uint8_t sent_state[PL011_STATE_SIZE];
	uint64_t sent_in_taken, sent_in_seen;
	uint32_t sent_rx_room;
	struct emu_counters sent_counters;
	uint64_t sent_output_ns;	/* when output last went */
	struct loop_timer counters_timer, orphan_timer, output_timer;
};

static struct emulator *of_host(struct pl011_host *h)
{
	return PL011_HOST_OWNER(h, struct emulator);
}

/* ---- to the daemon ------------------------------------------------------ */

static void disconnect(struct emulator *e);

/* One message; false when it could not go now (EAGAIN) or ever. */
static bool send_msg(struct emulator *e, const void *msg, size_t len)
{
	if (e->sock < 0)
		return false;
	if (send(e->sock, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT) == (ssize_t)len)
		return true;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
		e->want_write = true;
		loop_watch_modify(e->loop, &e->sock_watch, EPOLLIN | EPOLLOUT);
	} else {
		disconnect(e);
	}
	return false;
}

static void send_text(struct emulator *e, uint32_t type, int priority,
		      int error, const char *text)
{
	struct emu_text t = { .priority = priority, .error = error };
	size_t n = strnlen(text, sizeof(t.text) - 1);

	memcpy(t.text, text, n);
	t.h = (struct emu_header){ type,
		(uint32_t)(offsetof(struct emu_text, text) + n + 1) };
	send_msg(e, &t, t.h.len);
}

/* The log's sink: to the daemon, else to whatever stderr still is. */
static struct emulator *log_target;

static void log_to_daemon(int priority, const char *msg)
{
	if (log_target && log_target->sock >= 0)
		send_text(log_target, EMU_LOG, priority, 0, msg);
	else
		fprintf(stderr, PROGRAM ": %s\n", msg);
}

static void counters(const struct emulator *e, struct emu_counters *c)
{
	const struct console_stats *s = &e->stats;

#define GIVE_(name)	c->name = s->name;
	EMU_COUNTERS(GIVE_)
#undef GIVE_
	c->request_count = s->request.count;
	c->request_total_ns = s->request.total_ns;
	c->request_max_ns = s->request.max_ns;
}

/*
 * The UART (state, as pl011_save() just gave it) and what was taken from
 * and given to it, as of now.
 */
static void snapshot(struct emulator *e, const uint8_t *state)
{
	struct emu_snapshot_slot *slot;
	uint32_t next;

	if (!e->snapshot)
		return;
	next = !__atomic_load_n(&e->snapshot->current, __ATOMIC_RELAXED);
	slot = &e->snapshot->slot[next];
	slot->out_pulled = e->out_pulled;
	slot->in_taken = e->in_taken;
	memcpy(slot->state, state, sizeof(slot->state));
	__atomic_store_n(&e->snapshot->current, next, __ATOMIC_RELEASE);
}

/*
 * Output and UART state alone can wait for the batch (OUTPUT_BATCH_NS);
 * the timer sends them then.
 */
static bool batch_later(struct emulator *e, uint64_t n)
{
	uint64_t due = e->sent_output_ns + OUTPUT_BATCH_NS;

	if (n >= EMU_OUTBOX_MAX / 2 || loop_clock() >= due)
		return false;
	if (!loop_timer_armed(&e->output_timer))
		loop_timer_arm(e->loop, &e->output_timer, due);
	return true;
}

/*
 * Tell the daemon what changed: the UART state, output not sent yet,
 * input taken, room; counters alone only when force (the timer).  The
 * snapshot first, so that it never holds less than the daemon heard.
 * Input taken and room go at once; streaming output in batches.
 */
static void update(struct emulator *e, bool force)
{
	static struct emu_update u;	/* 4 KiB: not on the stack */
	uint64_t n = e->out_pulled - e->out_sent;

	pl011_save(&e->host.uart, u.state, sizeof(u.state));
	snapshot(e, u.state);
	if (e->sock < 0)
		return;
	pl011_host_counters(&e->host);
	u.rx_room = (uint32_t)pl011_rx_room(&e->host.uart);
	counters(e, &u.counters);
	if (!force && e->in_taken == e->sent_in_taken &&
	    e->in_seen == e->sent_in_seen && u.rx_room == e->sent_rx_room &&
	    ((n == 0 && !memcmp(u.state, e->sent_state, sizeof(u.state))) ||
	     batch_later(e, n)))
		return;
	u.out_first = e->out_sent;
	u.in_taken = e->in_taken;
	u.in_seen = e->in_seen;
	u.out_len = (uint32_t)n;
	for (uint64_t i = 0; i < n; i++)
		u.out[i] = e->outbox[(e->out_sent + i) % EMU_OUTBOX_MAX];
	u.h = (struct emu_header){ EMU_UPDATE,
		(uint32_t)(offsetof(struct emu_update, out) + n) };
	if (!send_msg(e, &u, u.h.len))
		return;
	if (n)
		e->sent_output_ns = loop_clock();
	e->out_sent = e->out_pulled;
	memcpy(e->sent_state, u.state, sizeof(u.state));
	e->sent_in_taken = e->in_taken;
	e->sent_in_seen = e->in_seen;
	e->sent_rx_room = u.rx_room;
	e->sent_counters = u.counters;
}

static void output_due(void *ctx)
{
	update(ctx, false);
}

static void counters_due(void *ctx)
{
	struct emulator *e = ctx;
	struct emu_counters now;

	pl011_host_counters(&e->host);
	counters(e, &now);
	if (memcmp(&now, &e->sent_counters, sizeof(now)))
		update(e, true);
}

static void send_ready(struct emulator *e, bool adopted)
{
	struct emu_ready r = {
		.h = { EMU_READY, sizeof(r) },
		.domid = e->start.domid,
		.server_id = e->host.server.id,
		.nr_vcpus = e->host.server.nr_vcpus,
		.base = e->host.base,
		.spi = e->host.spi,
		.adopted = adopted,
	};

	memcpy(r.handle, e->start.handle, sizeof(r.handle));
	send_msg(e, &r, sizeof(r));
}

/* ---- the UART's host ---------------------------------------------------- */

/* Take what the UART holds into the outbox, while the outbox has room. */
static void take_output(struct emulator *e)
{
	uint8_t buf[PL011_FIFO_DEPTH];
	size_t n;

	for (;;) {
		size_t room = EMU_OUTBOX_MAX - (size_t)(e->out_pulled -
							 e->out_acked);

		e->starved = room < sizeof(buf);
		if (e->starved)
			return;
		n = pl011_host_take(&e->host, buf, sizeof(buf));
		if (!n)
			return;
		for (size_t i = 0; i < n; i++)
			e->outbox[(e->out_pulled + i) % EMU_OUTBOX_MAX] = buf[i];
		e->out_pulled += n;
	}
}

static void host_kick(struct pl011_host *h)
{
	struct emulator *e = of_host(h);

	take_output(e);
	update(e, false);
}

static void host_make_room(struct pl011_host *h)
{
	take_output(of_host(h));
}

/* Input is sent only into room the daemon was told of: none waits here. */
static bool host_input_waiting(struct pl011_host *h)
{
	(void)h;
	return false;
}

/*
 * Before the answer: the snapshot the daemon starts the next emulator
 * from, if this one dies.  The daemon hears now only what it must act
 * on: output not sent yet, room for input.
 */
static void host_persist(struct pl011_host *h)
{
	struct emulator *e = of_host(h);

	if (!loop_timer_armed(&e->counters_timer))
		loop_timer_arm(e->loop, &e->counters_timer,
			       loop_clock() + COUNTERS_NS);
	if (e->snapshot && e->out_sent == e->out_pulled &&
	    pl011_rx_room(&h->uart) == e->sent_rx_room) {
		uint8_t state[PL011_STATE_SIZE];

		pl011_save(&h->uart, state, sizeof(state));
		snapshot(e, state);
	} else {
		update(e, false);
	}
}

static void host_guest_error(struct pl011_host *h, const char *msg)
{
	send_text(of_host(h), EMU_GUEST_ERROR, LOG_WARNING, 0, msg);
}

static const struct pl011_host_ops emulator_ops = {
	.kick = host_kick,
	.make_room = host_make_room,
	.input_waiting = host_input_waiting,
	.persist = host_persist,
	.guest_error = host_guest_error,
};

/* ---- from the daemon ---------------------------------------------------- */

/* Bytes numbered from seq: what this UART has not taken yet, if it fits. */
static void input(struct emulator *e, const struct emu_input *in)
{
	size_t n = in->h.len - offsetof(struct emu_input, data);
	uint64_t skip = e->in_taken - in->seq;

	e->in_seen = in->seq + n;
	if (in->seq > e->in_taken || skip >= n)
		return;			/* a gap, or all taken already */
	e->in_taken += pl011_host_give(&e->host, in->data + skip,
				       n - (size_t)skip);
	update(e, false);
}

static void delivered(struct emulator *e, uint64_t seq)
{
	if (seq <= e->out_acked || seq > e->out_pulled)
		return;
	e->out_acked = seq;
	if (e->out_sent < seq)
		e->out_sent = seq;
	if (e->starved)
		host_kick(&e->host);
}

/*
 * Stop for good: every request answered, the server destroyed, and what
 * the guest wrote last told to the daemon, if there is one.
 */
static void stop(struct emulator *e)
{
	pl011_host_close(&e->host, false);
	take_output(e);
	update(e, true);		/* no batch: there is no later */
	exit(0);
}

static void serve_message(struct emulator *e, const void *buf, size_t n)
{
	switch (emu_wire_check(buf, n, 0)) {
	case EMU_INPUT:
		input(e, buf);
		break;
	case EMU_DELIVERED:
		delivered(e, ((const struct emu_delivered *)buf)->seq);
		break;
	case EMU_STOP:
		stop(e);
		break;
	default:
		log_msg(LOG_WARNING, "dom%u: a message from the daemon "
			"ignored (%zu bytes)", e->start.domid, n);
	}
}

/* Xen went away (the simulated one, at the end of a test): so do we. */
static void xen_gone(void *ctx)
{
	stop(ctx);
}

static void orphan_due(void *ctx)
{
	struct emulator *e = ctx;
	unsigned int vcpus;

	/*
	 * The guest is gone when Xen no longer knows it (ESRCH), and as good
	 * as gone when Xen no longer answers: either way nobody needs us.
	 */
	if (xendevicemodel_nr_vcpus(e->xdm, e->start.domid, &vcpus) < 0 &&
	    errno != EINTR && errno != EAGAIN && errno != ENOMEM)
		stop(e);
	loop_timer_arm(e->loop, &e->orphan_timer,
		       loop_clock() + ORPHAN_CHECK_NS);
}

/*
 * The daemon went away.  With a listening socket the next one finds us
 * and we keep serving meanwhile; without one nobody can, so we stop.
 */
static void disconnect(struct emulator *e)
{
	if (e->sock < 0)
		return;
	loop_unwatch(e->loop, &e->sock_watch);
	close(e->sock);
	e->sock = -1;
	e->want_write = false;
	if (e->listen_fd < 0)
		stop(e);
	loop_watch_modify(e->loop, &e->listen_watch, EPOLLIN);
	loop_timer_arm(e->loop, &e->orphan_timer,
		       loop_clock() + ORPHAN_CHECK_NS);
}

static void sock_ready(void *ctx, uint32_t events)
{
	struct emulator *e = ctx;
	static union emu_msg buf;

	if (events & EPOLLOUT) {
		e->want_write = false;
		loop_watch_modify(e->loop, &e->sock_watch, EPOLLIN);
		update(e, false);
	}
	for (int budget = 64; budget > 0 && e->sock >= 0; budget--) {
		ssize_t n = emu_recv(e->sock, &buf);

		if (n == 0)
			return;
		if (n < 0)
			disconnect(e);	/* closed, or broken */
		else
			serve_message(e, &buf, (size_t)n);
	}
}

/* A daemon that started after the last one died: everything it lacks. */
static void listen_ready(void *ctx, uint32_t events)
{
	struct emulator *e = ctx;
	int fd;

	(void)events;
	if (e->sock >= 0)
		return;
	fd = accept4(e->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (loop_watch(e->loop, &e->sock_watch, fd, EPOLLIN, sock_ready, e)) {
		close(fd);
		return;
	}
	e->sock = fd;
	loop_watch_modify(e->loop, &e->listen_watch, 0);
	loop_timer_disarm(e->loop, &e->orphan_timer);
	e->out_sent = e->out_acked;	/* all it has not acknowledged */
	send_ready(e, true);
	update(e, true);
	if (e->starved)
		host_kick(&e->host);
}

/* ---- start ---------------------------------------------------------------- */

static int read_start(struct emulator *e)
{
	ssize_t n = recv(e->sock, &e->start, sizeof(e->start), 0);

	if (n < 0)
		return errno_rc();
	if (emu_wire_check(&e->start, (size_t)n, 0) != EMU_START ||
	    e->start.version != EMU_WIRE_VERSION)
		return -EPROTO;
	e->start.empty_dir[sizeof(e->start.empty_dir) - 1] = 0;
	return 0;
}

/* The daemon's snapshot file, mapped while files can still be mapped. */
static void map_snapshot(struct emulator *e)
{
	void *map;

	if (!e->start.has_snapshot)
		return;
	map = mmap(NULL, sizeof(*e->snapshot), PROT_READ | PROT_WRITE,
		   MAP_SHARED, EMU_SNAPSHOT_FD, 0);
	close(EMU_SNAPSHOT_FD);
	if (map == MAP_FAILED) {
		log_msg(LOG_WARNING, "dom%u: no snapshot (%s): the daemon "
			"hears of every change", e->start.domid, strerror(errno));
		return;
	}
	e->snapshot = map;
	e->outbox = e->snapshot->outbox;
}

/* The handles, each restricted to the guest before any other use. */
static int open_xen(struct emulator *e)
{
	int rc = loop_create(&e->loop);

	if (rc)
		return rc;
	e->xdm = xendevicemodel_open(NULL, 0);
	e->xfm = xenforeignmemory_open(NULL, 0);
	if (!e->xdm || !e->xfm)
		return errno_rc();
	rc = evtchn_open(&e->evtchn, e->loop, NULL);
	if (rc)
		return rc;
	evtchn_on_broken(e->evtchn, xen_gone, e);
	if (!probe_unconfined() &&
	    xentoolcore_restrict_all(e->start.domid) < 0)
		return errno_rc();
	return 0;
}

/* The UART as the daemon last knew it, and the guest's server. */
static int open_uart(struct emulator *e, bool *adopted)
{
	const struct emu_start *s = &e->start;
	struct pl011_host_config c = {
		.domid = s->domid, .base = s->base, .spi = s->spi,
		.trm_reset = s->trm_reset, .tx_drop = s->tx_drop,
		.fast_path = s->fast_path,
		.ioreq = { e->xdm, e->xfm, e->evtchn, e->loop },
		.ops = &emulator_ops, .stats = &e->stats,
	};
	int rc = pl011_host_init(&e->host, &c);

	if (rc)
		return rc;
	if (s->has_state &&
	    pl011_restore(&e->host.uart, s->state, sizeof(s->state)))
		log_msg(LOG_WARNING, "dom%u: saved UART state rejected, "
			"starting from reset", s->domid);
	*adopted = s->adopt_id >= 0 &&
		   pl011_host_adopt(&e->host, (ioservid_t)s->adopt_id) == 0;
	if (*adopted)
		return 0;
	if (s->adopt_id >= 0) {
		log_msg(LOG_WARNING, "dom%u: cannot take over ioreq server "
			"%d, starting a new one", s->domid, s->adopt_id);
		pl011_host_close(&e->host, false);
		rc = pl011_host_init(&e->host, &c);
		if (rc)
			return rc;
	}
	return pl011_host_open(&e->host);
}

/* What the process holds now (the libraries' too): all it may ever hold. */
static int highest_fd(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *d;
	int highest = -1, self;

	if (!dir)
		return errno_rc();
	self = dirfd(dir);
	while ((d = readdir(dir)) != NULL) {
		int fd = atoi(d->d_name);

		if (fd != self && fd > highest)
			highest = fd;
	}
	closedir(dir);
	return highest;
}

static int confine(struct emulator *e)
{
	char why[160];
	int rc;

	if (probe_unconfined())
		return 0;
	rc = highest_fd();
	if (rc < 0)
		return rc;
	rc = confine_self(&(struct confine_plan){
		.uid = e->start.uid, .gid = e->start.gid,
		.empty_dir = e->start.empty_dir, .max_fd = rc,
	}, why, sizeof(why));
	if (rc)
		log_msg(LOG_ERR, "dom%u: cannot confine the emulator: %s",
			e->start.domid, why);
	else if (*why)
		log_msg(LOG_NOTICE, "dom%u: confined, but %s", e->start.domid,
			why);
	return rc;
}

static int setup(struct emulator *e, bool *adopted)
{
	int rc = read_start(e);

	if (rc)
		return rc;
	e->out_acked = e->out_sent = e->out_pulled = e->start.out_seq;
	e->in_taken = e->in_seen = e->start.in_seq;
	e->outbox = e->own_outbox;
	map_snapshot(e);
	rc = open_xen(e);
	if (rc == 0)
		rc = open_uart(e, adopted);
	if (rc == 0)
		rc = loop_watch(e->loop, &e->sock_watch, e->sock, EPOLLIN,
				sock_ready, e);
	if (rc == 0 && e->listen_fd >= 0)
		rc = loop_watch(e->loop, &e->listen_watch, e->listen_fd, 0,
				listen_ready, e);
	if (rc == 0)
		rc = loop_timer_init(e->loop, &e->counters_timer,
				     counters_due, e);
	if (rc == 0)
		rc = loop_timer_init(e->loop, &e->orphan_timer, orphan_due, e);
	if (rc == 0)
		rc = loop_timer_init(e->loop, &e->output_timer, output_due, e);
	if (rc == 0)
		rc = confine(e);
	return rc;
}

static int fd_arg(const char *arg)
{
	char *end;
	long v = strtol(arg, &end, 10);

	return *arg && !*end && v > STDERR_FILENO && v < 1024 ? (int)v : -1;
}

int main(int argc, char **argv)
{
	static struct emulator e;
	bool adopted = false;
	int rc;

	e.sock = argc >= 2 ? fd_arg(argv[1]) : -1;
	e.listen_fd = argc == 3 ? fd_arg(argv[2]) : -1;
	if (argc < 2 || argc > 3 || e.sock < 0 || (argc == 3 && e.listen_fd < 0)) {
		fprintf(stderr, "usage: " PROGRAM " SOCKET_FD [LISTEN_FD]\n"
			"(started by xenconsoled, see xenconsoled(8))\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* RLIMIT_FSIZE: a write to a file fails (EFBIG) rather than kills. */
	signal(SIGXFSZ, SIG_IGN);
	log_target = &e;
	log_set_sink(log_to_daemon);
	rc = setup(&e, &adopted);
	if (rc) {
		send_text(&e, EMU_FAILED, LOG_ERR, -rc, strerror(-rc));
		pl011_host_close(&e.host, false);
		return 1;
	}
	send_ready(&e, adopted);
	if (adopted)
		pl011_host_resume(&e.host);
	update(&e, true);
	probe_run(e.start.domid, e.xdm, e.xfm, e.evtchn);
	return loop_run(e.loop) < 0;
}
