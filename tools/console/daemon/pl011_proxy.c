// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon's side of a guest's PL011 emulator (see pl011_proxy.h).
 * Everything the emulator says is checked (emulator_wire.h) and believed
 * only about its own console: a guest that owns its emulator can lie
 * about its UART, its output and its counters, and nothing else.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emulator_wire.h"
#include "errno_rc.h"
#include "log.h"
#include "persist.h"
#include "options.h"
#include "pl011_console.h"
#include "pl011_proxy.h"

extern char **environ;

/* How long a starting emulator may take to claim the page. */
#define READY_TIMEOUT_MS	5000
/* What a stopping one may take to answer its guest and go. */
#define STOP_TIMEOUT_MS		100
/* Restarts of one that keeps dying: from this, doubling, up to the max. */
#define BACKOFF_MIN_NS		100000000ull
#define BACKOFF_MAX_NS		6400000000ull
/* An emulator that lived this long died of something new: no back-off. */
#define STABLE_NS		10000000000ull

#define SOCKET_FD		3
#define LISTEN_FD		4

static struct pl011_proxy *proxy_of(struct pl011_console *p)
{
	return &p->proxy;
}

static struct pl011_emulators *emulators_of(const struct pl011_console *p)
{
	return p->con->env->emulators;
}

static uint32_t domid_of(const struct pl011_console *p)
{
	return p->con->domid;
}

/* ---- to the emulator ------------------------------------------------------ */

static bool send_msg(struct pl011_proxy *x, const void *msg, size_t len)
{
	return x->sock >= 0 &&
	       send(x->sock, msg, len, MSG_NOSIGNAL | MSG_DONTWAIT) ==
	       (ssize_t)len;
}

/*
 * Input waiting past what was sent, into the room the UART last
 * reported; one INPUT in flight at a time, so that room stays true.
 */
static void send_input(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	struct emu_input in = { .seq = x->in_sent };
	size_t offset = (size_t)(x->in_sent - x->in_base);
	size_t n = bytebuf_len(&p->con->in);

	if (offset >= n || x->rx_room == 0)
		return;
	n -= offset;
	if (n > x->rx_room)
		n = x->rx_room;
	if (n > sizeof(in.data))
		n = sizeof(in.data);
	n = bytebuf_copy_from(&p->con->in, offset, in.data, n);
	in.h = (struct emu_header){ EMU_INPUT,
		(uint32_t)(offsetof(struct emu_input, data) + n) };
	if (send_msg(x, &in, in.h.len)) {
		x->in_sent += n;
		x->rx_room = 0;		/* until the UART reports again */
	}
}

static void send_delivered(struct pl011_proxy *x)
{
	struct emu_delivered d = { { EMU_DELIVERED, sizeof(d) },
				   x->out_delivered };

	send_msg(x, &d, sizeof(d));
}

/* ---- from the emulator ------------------------------------------------------ */

static void refused(struct pl011_console *p, const char *what)
{
	p->con->stats.emulator_errors++;
	console_daemon_error(p->con, "emulator: %s", what);
}

static void take_counters(struct console_stats *s, const struct emu_counters *c)
{
#define TAKE_(name)	s->name = c->name;
	EMU_COUNTERS(TAKE_)
#undef TAKE_
	s->request = (struct console_timing){ c->request_count,
		c->request_total_ns, c->request_max_ns };
}

/* Output numbered from first: what is new goes to pending. */
static void take_output(struct pl011_console *p, const struct emu_update *u)
{
	struct pl011_proxy *x = proxy_of(p);
	uint64_t first = u->out_first, end = first + u->out_len;
	size_t skip;

	if (end <= x->out_received)
		return;			/* all had already */
	if (first > x->out_received) {
		refused(p, "output out of order");
		return;
	}
	skip = (size_t)(x->out_received - first);
	if (bytebuf_room(&x->pending) < u->out_len - skip) {
		refused(p, "more output than it may hold");
		return;
	}
	bytebuf_put(&x->pending, u->out + skip, u->out_len - skip);
	x->out_received = end;
	console_kick(p->con);
}

/* Input the UART took leaves the console's buffer only now. */
static void input_taken(struct pl011_console *p, const struct emu_update *u)
{
	struct pl011_proxy *x = proxy_of(p);
	uint64_t taken = u->in_taken - x->in_base;

	if (u->in_taken < x->in_base || taken > bytebuf_len(&p->con->in)) {
		refused(p, "input taken that was never sent");
		return;
	}
	console_input_taken(p->con, (size_t)taken);
	x->in_base = u->in_taken;
	if (x->in_sent < x->in_base || u->in_seen >= x->in_sent)
		x->in_sent = x->in_base;	/* the rest was not taken */
	x->rx_room = u->rx_room;
	p->restart.in_seq = x->in_base;
}

static void update(struct pl011_console *p, const struct emu_update *u)
{
	struct pl011_proxy *x = proxy_of(p);

	if (pl011_restore(&x->mirror, u->state, sizeof(u->state)))
		refused(p, "UART state rejected");
	take_counters(&p->con->stats, &u->counters);
	input_taken(p, u);
	take_output(p, u);
	pl011_restart_save(&p->restart);
	send_input(p);
}

/*
 * Its guest errors and failures are counted like the daemon's own; its
 * other messages are only logged, at no higher a priority than an error
 * and at the console's limited rate either way.
 */
static void text(struct pl011_console *p, uint32_t type,
		 const struct emu_text *t)
{
	struct console *con = p->con;

	if (type == EMU_GUEST_ERROR)
		console_guest_error(con, "%s", t->text);
	else if (type == EMU_FAILED || t->priority <= LOG_WARNING)
		console_daemon_error(con, "emulator: %s", t->text);
	else if (ratelimit_allow(&con->daemon_error_limit, loop_clock()))
		log_msg(t->priority > LOG_DEBUG ? LOG_DEBUG : t->priority,
			"dom%u pl011 emulator: %s", con->domid, t->text);
}

static void lost(struct pl011_console *p);
static void exited(struct pl011_proxy *x, int status);

static void serve(struct pl011_console *p, const void *buf, size_t n)
{
	int type = emu_wire_check(buf, n, 1);

	switch (type) {
	case EMU_UPDATE:
		update(p, buf);
		break;
	case EMU_LOG:
	case EMU_GUEST_ERROR:
	case EMU_FAILED:
		text(p, (uint32_t)type, buf);
		break;
	case EMU_READY:
		break;			/* again after a reconnect: known */
	default:
		refused(p, "a malformed message");
	}
}

/* Messages as they come; a fair share per wake-up, as for any console. */
static void emulator_ready(void *ctx, uint32_t events)
{
	struct pl011_console *p = ctx;
	struct pl011_proxy *x = proxy_of(p);
	static union emu_msg buf;

	(void)events;
	for (int budget = 64; budget > 0; budget--) {
		ssize_t n = emu_recv(x->sock, &buf);

		if (n == 0)
			return;
		if (n < 0) {
			lost(p);
			return;
		}
		serve(p, &buf, (size_t)n);
	}
}

/* ---- starting one ------------------------------------------------------------ */

static int socket_path(const struct pl011_console *p, struct sockaddr_un *a)
{
	int n;

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	n = snprintf(a->sun_path, sizeof(a->sun_path), "%s/pl011-%u.sock",
		     emulators_of(p)->state_dir, domid_of(p));
	return n > 0 && (size_t)n < sizeof(a->sun_path) ? 0 : -ENAMETOOLONG;
}

/* Where a restarted daemon finds this emulator; -1 with no state dir. */
static int listen_socket(const struct pl011_console *p)
{
	struct sockaddr_un a;
	int fd, rc;

	if (p->con->env->state_dirfd < 0 || socket_path(p, &a))
		return -1;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(a.sun_path);
	rc = bind(fd, (struct sockaddr *)&a, sizeof(a));
	if (rc == 0)
		rc = listen(fd, 1);
	if (rc == 0)
		return fd;
	log_msg(LOG_WARNING, "dom%u pl011 console: no socket %s (%s): its "
		"emulator stops with the daemon", domid_of(p), a.sun_path,
		strerror(errno));
	close(fd);
	return -1;
}

static int spawn(struct pl011_console *p, int child_sock, int listen_fd,
		 int snapshot_fd)
{
	struct pl011_emulators *list = emulators_of(p);
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, all;
	char *argv[] = { "pl011-emulator", "3", listen_fd >= 0 ? "4" : NULL,
			 NULL };
	int rc;

	/* Ours are blocked or ignored (the loop's signalfd, SIGPIPE). */
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
					POSIX_SPAWN_SETSIGDEF);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, child_sock, SOCKET_FD);
	if (listen_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, listen_fd, LISTEN_FD);
	if (snapshot_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, snapshot_fd,
						 EMU_SNAPSHOT_FD);
	posix_spawn_file_actions_addclosefrom_np(&fa, EMU_SNAPSHOT_FD + 1);
	rc = posix_spawn(&proxy_of(p)->pid, list->program, &fa, &attr, argv,
			 environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return -rc;
}

/* The messages before READY: logs said, a failure returned. */
static int await_ready(struct pl011_console *p, struct emu_ready *ready)
{
	struct pl011_proxy *x = proxy_of(p);
	static union emu_msg buf;
	uint64_t deadline = loop_clock() + READY_TIMEOUT_MS * 1000000ull;

	for (;;) {
		struct pollfd pfd = { x->sock, POLLIN, 0 };
		uint64_t now = loop_clock();
		ssize_t n;
		int type;

		if (now >= deadline)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)((deadline - now) / 1000000) + 1) < 0 &&
		    errno != EINTR)
			return errno_rc();
		n = emu_recv(x->sock, &buf);
		if (n == 0)
			continue;
		if (n < 0)
			return errno_rc();
		type = emu_wire_check(&buf, (size_t)n, 1);
		if (type == EMU_READY) {
			memcpy(ready, &buf, sizeof(*ready));
			return 0;
		}
		if (type == EMU_FAILED)
			return -(buf.text.error ?: EPROTO);
		if (type < 0)
			return -EPROTO;
		serve(p, &buf, (size_t)n);
	}
}

/* READY from the emulator of this domain instance: the page is claimed. */
static int claimed(struct pl011_console *p, const struct emu_ready *r)
{
	struct pl011_proxy *x = proxy_of(p);

	if (r->domid != domid_of(p) ||
	    memcmp(r->handle, p->con->dom_handle, sizeof(r->handle)))
		return -ESTALE;
	if (!r->adopted || r->server_id != x->server_id) {
		p->base = r->base;
		p->spi = r->spi;
		pl011_console_new_server(p, r->server_id);
	}
	x->server_id = r->server_id;
	return loop_watch(p->con->env->loop, &x->watch, x->sock, EPOLLIN,
			  emulator_ready, p);
}

static void close_sock(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);

	if (x->sock < 0)
		return;
	loop_unwatch(p->con->env->loop, &x->watch);
	close(x->sock);
	x->sock = -1;
}

/* Whatever still runs as this guest's emulator uid: killed. */
static void reap(struct pl011_console *p)
{
	const struct confine_range *uids = &emulators_of(p)->uids;
	int rc = confine_reap(confine_uid(uids, domid_of(p)), uids->reaper);

	if (rc)
		log_msg(LOG_ERR, "dom%u pl011 console: cannot kill its old "
			"emulators: %s", domid_of(p), strerror(-rc));
}

/* ---- the snapshot (emulator_wire.h) --------------------------------------- */

static void snapshot_name(const struct pl011_console *p, char *buf, size_t len)
{
	snprintf(buf, len, "pl011-%u.uart", domid_of(p));
}

/* Mapped once per console (none without a state directory). */
static void map_snapshot(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	char name[32];
	bool existed;

	if (x->snapshot || p->con->env->state_dirfd < 0)
		return;
	snapshot_name(p, name, sizeof(name));
	x->snapshot = persist_map(p->con->env->state_dirfd, name,
				  sizeof(*x->snapshot), &existed);
}

/*
 * For a new emulator: the snapshot starts as the mirror, and a descriptor
 * of it to hand over (-1: none).
 */
static int snapshot_for_child(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	struct emu_snapshot_slot *slot;
	char name[32];

	map_snapshot(p);
	if (!x->snapshot)
		return -1;
	slot = &x->snapshot->slot[0];
	slot->out_pulled = x->out_received;
	slot->in_taken = x->in_base;
	pl011_save(&x->mirror, slot->state, sizeof(slot->state));
	x->snapshot->current = 0;
	snapshot_name(p, name, sizeof(name));
	return openat(p->con->env->state_dirfd, name,
		      O_RDWR | O_CLOEXEC | O_NOFOLLOW);
}

/*
 * A dead emulator's last snapshot into the mirror: its UART, the input it
 * took and the output it took that never reached us (from its outbox).
 */
static void from_snapshot(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	const struct emu_snapshot *snap = x->snapshot;
	struct emu_snapshot_slot slot;
	uint64_t missing;
	uint32_t current;

	if (!snap)
		return;
	current = __atomic_load_n(&snap->current, __ATOMIC_ACQUIRE);
	memcpy(&slot, &snap->slot[current & 1], sizeof(slot));
	missing = slot.out_pulled - x->out_received;
	if (current > 1 || slot.out_pulled < x->out_received ||
	    missing > EMU_OUTBOX_MAX || missing > bytebuf_room(&x->pending) ||
	    slot.in_taken < x->in_base ||
	    slot.in_taken - x->in_base > bytebuf_len(&p->con->in) ||
	    pl011_restore(&x->mirror, slot.state, sizeof(slot.state))) {
		refused(p, "its last snapshot");
		return;
	}
	for (uint64_t n = x->out_received; n < slot.out_pulled; n++)
		bytebuf_put(&x->pending, &snap->outbox[n % EMU_OUTBOX_MAX], 1);
	x->out_received = slot.out_pulled;
	console_input_taken(p->con, (size_t)(slot.in_taken - x->in_base));
	x->in_base = x->in_sent = p->restart.in_seq = slot.in_taken;
	if (missing)
		console_kick(p->con);
	pl011_restart_save(&p->restart);
}

/*
 * A new emulator: adopting server adopt_id (-1: a new server) and the
 * UART as the mirror holds it.
 */
static int start(struct pl011_console *p, int adopt_id)
{
	struct pl011_emulators *list = emulators_of(p);
	struct pl011_proxy *x = proxy_of(p);
	const struct pl011_options *opt = p->con->env->pl011;
	static struct emu_start s;
	struct emu_ready ready;
	int sv[2], listen_fd, snapshot_fd, rc;

	x->started_ns = loop_clock();
	reap(p);			/* one emulator per guest, ever */
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return errno_rc();
	listen_fd = listen_socket(p);
	snapshot_fd = snapshot_for_child(p);
	rc = spawn(p, sv[1], listen_fd, snapshot_fd);
	close(sv[1]);
	if (listen_fd >= 0)
		close(listen_fd);
	if (snapshot_fd >= 0)
		close(snapshot_fd);
	x->sock = sv[0];
	if (rc)
		return rc;
	memset(&s, 0, sizeof(s));
	s.h = (struct emu_header){ EMU_START, sizeof(s) };
	s.version = EMU_WIRE_VERSION;
	s.domid = domid_of(p);
	memcpy(s.handle, p->con->dom_handle, sizeof(s.handle));
	s.base = p->base;
	s.spi = p->spi;
	s.adopt_id = adopt_id;
	s.trm_reset = opt->trm_reset;
	s.tx_drop = opt->tx_drop;
	s.fast_path = opt->fast_path;
	s.has_state = 1;
	s.has_snapshot = snapshot_fd >= 0;
	s.uid = s.gid = confine_uid(&list->uids, s.domid);
	s.out_seq = x->out_received;
	s.in_seq = x->in_base;
	pl011_save(&x->mirror, s.state, sizeof(s.state));
	snprintf(s.empty_dir, sizeof(s.empty_dir), "%s/empty", list->state_dir);
	if (!send_msg(x, &s, sizeof(s)))
		return errno_rc();
	rc = await_ready(p, &ready);
	return rc ? rc : claimed(p, &ready);
}

/* The emulator a previous daemon left running, if it still listens. */
static int reconnect(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	struct sockaddr_un a;
	struct emu_ready ready;
	int rc = socket_path(p, &a);

	if (rc)
		return rc;
	x->sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (x->sock < 0)
		return errno_rc();
	if (connect(x->sock, (struct sockaddr *)&a, sizeof(a)) < 0)
		return errno_rc();
	rc = await_ready(p, &ready);
	if (rc == 0)
		rc = claimed(p, &ready);
	if (rc == 0)
		log_msg(LOG_INFO, "dom%u: PL011 emulator found running, ioreq "
			"server %u", domid_of(p), x->server_id);
	return rc;
}

/* ---- life and death ----------------------------------------------------------- */

static void respawn_due(void *ctx)
{
	struct pl011_console *p = ctx;
	struct pl011_proxy *x = proxy_of(p);
	int rc = start(p, (int)x->server_id);

	if (rc == 0) {
		/* What it holds was never acknowledged: it has it again. */
		x->in_sent = x->in_base;
		log_msg(LOG_NOTICE, "dom%u: PL011 emulator started again",
			domid_of(p));
		return;
	}
	close_sock(p);
	console_daemon_error(p->con, "the PL011 emulator cannot start "
			     "again: %s", strerror(-rc));
	lost(p);
}

/*
 * The emulator is gone (or speaks no more): whatever is left of it is
 * killed, and a new one adopts the server and the mirror, at once the
 * first time and later each time it dies young.
 */
static void lost(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	uint64_t now = loop_clock();
	int status;

	close_sock(p);
	if (loop_timer_armed(&x->respawn))
		return;
	/*
	 * Gone, or made to go (our child's pid is ours until we wait for
	 * it, whatever uid it runs as), with whatever else runs as its uid;
	 * its status now, before another takes its pid.
	 */
	if (x->pid > 0)
		kill(x->pid, SIGKILL);
	reap(p);
	if (x->pid > 0 && waitpid(x->pid, &status, 0) == x->pid)
		exited(x, status);
	from_snapshot(p);
	p->con->stats.emulator_restarts++;
	if (now - x->started_ns >= STABLE_NS)
		x->backoff_ns = 0;
	log_msg(LOG_WARNING, "dom%u: PL011 emulator lost; starting another "
		"in %llu ms", domid_of(p),
		(unsigned long long)(x->backoff_ns / 1000000));
	loop_timer_arm(p->con->env->loop, &x->respawn, now + x->backoff_ns);
	x->backoff_ns = x->backoff_ns ? x->backoff_ns * 2 : BACKOFF_MIN_NS;
	if (x->backoff_ns > BACKOFF_MAX_NS)
		x->backoff_ns = BACKOFF_MAX_NS;
}

static void link_proxy(struct pl011_console *p)
{
	struct pl011_emulators *list = emulators_of(p);
	struct pl011_proxy *x = proxy_of(p);

	x->owner = p;
	x->next = list->head;
	list->head = x;
}

static void unlink_proxy(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);

	for (struct pl011_proxy **at = &emulators_of(p)->head; *at;
	     at = &(*at)->next)
		if (*at == x) {
			*at = x->next;
			return;
		}
}

static void ignore_irq(void *ctx, bool level, bool new_bits)
{
	(void)ctx; (void)level; (void)new_bits;
}

static int proxy_init(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	int rc;

	memset(x, 0, sizeof(*x));
	x->sock = -1;
	x->watch.fd = -1;
	rc = loop_timer_init(p->con->env->loop, &x->respawn, respawn_due, p);
	if (rc)
		return rc;
	bytebuf_init(&x->pending, EMU_OUTBOX_MAX);
	pl011_init(&x->mirror, &(struct pl011_config){
		.reset_mode = p->config.trm_reset ? PL011_RESET_TRM :
						    PL011_RESET_FIRMWARE,
		.tx_policy = p->config.tx_drop ? PL011_TX_DROP : PL011_TX_BLOCK,
		.irq = ignore_irq,
		.modem_inputs = PL011_CONNECTED_LINE,
	});
	link_proxy(p);
	return 0;
}

/*
 * Adopt through an emulator what a previous daemon left: the emulator
 * itself if it still runs, else its server and the UART from the file.
 */
static int adopt(struct pl011_console *p, const struct pl011_server_place *left)
{
	struct pl011_proxy *x = proxy_of(p);

	p->base = left->base;
	p->spi = left->spi;
	x->server_id = left->id;
	if (pl011_restart_restore(&p->restart, &x->mirror, &p->con->in))
		log_msg(LOG_WARNING, "dom%u pl011 console: saved UART state "
			"rejected, starting from reset", domid_of(p));
	x->in_base = x->in_sent = p->restart.in_seq;
	x->out_received = x->out_delivered = p->restart.out_seq;
	map_snapshot(p);		/* what a running one writes */
	if (reconnect(p) == 0)
		return 0;
	close_sock(p);
	return start(p, (int)left->id);
}

int pl011_proxy_attach(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	int rc = proxy_init(p);

	if (rc)
		return rc;
	rc = pl011_console_restart(p, adopt, &x->mirror, &p->config.ioreq);
	if (rc > 0)
		return 0;
	if (rc < 0) {
		/* The UART from reset, and no stale input. */
		close_sock(p);
		pl011_reset(&x->mirror);
		bytebuf_consume(&p->con->in, bytebuf_len(&p->con->in));
	}
	rc = start(p, -1);
	if (rc == 0)
		log_msg(LOG_INFO, "dom%u: PL011 at %#llx, SPI %u, ioreq server "
			"%u, in emulator %ld (ready in %llu us)", domid_of(p),
			(unsigned long long)p->base, p->spi, x->server_id,
			(long)x->pid, (unsigned long long)
			((loop_clock() - x->started_ns) / 1000));
	return rc;
}

/*
 * A stopping emulator's last words (the output its guest wrote last, the
 * UART's last state), read until it closes the socket, and that output
 * delivered: the console drained before this detach could not see it.
 */
static void last_words(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);
	static union emu_msg buf;
	struct pollfd pfd = { x->sock, POLLIN, 0 };
	ssize_t n;

	while (poll(&pfd, 1, STOP_TIMEOUT_MS) > 0 &&
	       (n = emu_recv(x->sock, &buf)) > 0)
		serve(p, &buf, (size_t)n);
	console_drain(p->con, EMU_OUTBOX_MAX);
}

void pl011_proxy_detach(struct pl011_console *p, bool park)
{
	struct pl011_proxy *x = proxy_of(p);
	struct emu_header stop = { EMU_STOP, sizeof(stop) };

	if (!x->owner)
		return;
	loop_timer_release(p->con->env->loop, &x->respawn);
	if (!park && send_msg(x, &stop, sizeof(stop)))
		last_words(p);
	close_sock(p);
	if (!park) {
		struct sockaddr_un a;

		reap(p);
		if (socket_path(p, &a) == 0)
			unlink(a.sun_path);
	}
	if (x->snapshot) {
		char name[32];

		persist_unmap(x->snapshot, sizeof(*x->snapshot));
		snapshot_name(p, name, sizeof(name));
		if (!park)
			persist_remove(p->con->env->state_dirfd, name);
	}
	unlink_proxy(p);
	bytebuf_free(&x->pending);
	x->owner = NULL;
}

size_t pl011_proxy_pull(struct pl011_console *p, uint8_t *buf, size_t max)
{
	struct pl011_proxy *x = proxy_of(p);
	size_t n;

	if (max > PL011_FIFO_DEPTH)
		max = PL011_FIFO_DEPTH;	/* one batch: what a restart stages */
	n = bytebuf_copy(&x->pending, buf, max);
	bytebuf_consume(&x->pending, n);
	p->restart.out_seq += n;	/* staged next, then delivered */
	return n;
}

size_t pl011_proxy_push(struct pl011_console *p, const uint8_t *buf, size_t n)
{
	(void)buf;
	(void)n;
	send_input(p);
	return 0;			/* consumed when the UART says so */
}

void pl011_proxy_delivered(struct pl011_console *p)
{
	struct pl011_proxy *x = proxy_of(p);

	if (p->restart.out_seq == x->out_delivered)
		return;
	x->out_delivered = p->restart.out_seq;
	send_delivered(x);
}

/* One of ours ended: a seccomp kill is the guest's doing, and counted. */
static void exited(struct pl011_proxy *x, int status)
{
	struct console *con = x->owner->con;

	x->pid = 0;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSYS)
		return;
	con->stats.emulator_kills++;
	console_guest_error(con, "the PL011 emulator made a forbidden system "
			    "call and was killed");
}

void pl011_emulators_exited(struct pl011_emulators *list)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (struct pl011_proxy *x = list->head; x; x = x->next)
			if (x->pid == pid) {
				exited(x, status);
				break;
			}
}
