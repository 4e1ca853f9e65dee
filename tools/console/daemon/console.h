/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A console, and the interface every console kind implements.
 *
 * A kind (PV ring, in-Xen vuart ring, PL011 over ioreq) knows how to
 * connect to what the toolstack set up for a guest and how to move bytes
 * to and from the guest.  Everything else is shared and lives in
 * console.c: the pty and its xenstore tty key, the log file, bounded
 * buffers with counted drops, the overflow policy, fair draining and the
 * counters.  Adding a kind is one file plus one line in console_kinds[].
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytebuf.h"
#include "log.h"
#include "logfile.h"
#include "loop.h"
#include "pty.h"
#include "xenconsoled_control.h"

struct console;
struct evtchn;
struct pl011_emulators;
struct pl011_options;
struct xen;

/* Consoles with output to drain, in turn; console.c owns it. */
struct console_queue {
	struct console *head, *tail;
};

/*
 * What a console and its kind are given, and all they are given: the
 * loop, the Xen handles, where state lives, their options and the queue
 * that drains ready consoles fairly.  One per daemon; a test makes its
 * own.
 */
struct console_env {
	struct loop *loop;
	struct evtchn *evtchn;
	struct xen *xen;
	int state_dirfd;			/* -1: nothing kept across restarts */
	const struct logfile_config *guest_log;	/* NULL: no guest logs */
	bool overflow_keep;			/* hold the guest while the pty is full */
	const struct pl011_options *pl011;
	struct pl011_emulators *emulators;	/* PL011 emulator processes */
	struct console_queue *ready;
};

struct console_kind {
	const char *name;		/* "pv", "vuart", "pl011" */
	const char *xs_dir;		/* under the domain path; tty goes here */
	const char *log_suffix;		/* guest-NAME<suffix>.log */
	size_t priv_size;		/* zeroed state for the kind */
	/*
	 * Connect to the guest side (idempotent: called on every xenstore
	 * change under the domain).  0 when connected, -ENOENT while the
	 * toolstack has not set this console up, other -errno on failure.
	 * Called again after a failure; detach undoes a success.
	 */
	int (*attach)(struct console *con);
	/*
	 * park: the daemon is on its way out; leave what the guest needs
	 * for the next one to adopt, where the kind can.
	 */
	void (*detach)(struct console *con, bool park);
	/* Guest output: copy up to max bytes out of the guest; 0 if none. */
	size_t (*pull)(struct console *con, uint8_t *buf, size_t max);
	/* Input: give the guest what fits of n bytes; returns how many. */
	size_t (*push)(struct console *con, const uint8_t *buf, size_t n);
	/*
	 * Record what must survive a daemon restart, after bytes moved (input
	 * buffered or taken, output delivered); NULL: the kind keeps nothing.
	 */
	void (*save)(struct console *con);
};

/* Input read from the pty and not yet taken by the guest, at most. */
#define CONSOLE_INPUT_MAX	4096u

/* Every kind, in the order a domain's consoles are attached. */
extern const struct console_kind *const console_kinds[];
extern const size_t console_nr_kinds;

struct console_timing {
	uint64_t count, total_ns, max_ns;
};

/*
 * The counters of xenconsoled_control.h that a console counts itself;
 * updating them never costs a system call.
 */
#define CONSOLE_COUNT_(name)	uint64_t name;
#define CONSOLE_STATE_(name)
#define CONSOLE_TIMING_(name)	struct console_timing name;
struct console_stats {
	XENCONSOLED_COUNTERS(CONSOLE_COUNT_, CONSOLE_STATE_, CONSOLE_TIMING_)
};
#undef CONSOLE_COUNT_
#undef CONSOLE_STATE_
#undef CONSOLE_TIMING_

/* Add one duration to a timing. */
static inline void console_timing_add(struct console_timing *t, uint64_t ns)
{
	t->count++;
	t->total_ns += ns;
	if (ns > t->max_ns)
		t->max_ns = ns;
}

struct console {
	const struct console_kind *kind;
	const struct console_env *env;
	uint32_t domid;
	char dom_path[32];		/* /local/domain/N */
	uint8_t dom_handle[16];		/* Xen's UUID of the domain instance */
	void *priv;			/* kind state, priv_size bytes */
	bool attached;
	char xs_dir[64];		/* <domain path>/<kind->xs_dir> */

	struct pty pty;
	struct loop_watch pty_watch;
	uint32_t pty_events;		/* currently watched */
	struct logfile log;
	struct bytebuf out;		/* for the pty */
	struct bytebuf in;		/* from the pty, not yet taken */
	uint64_t pty_dropped_noted;	/* pty_dropped already in the log */
	uint64_t next_note_ns;
	struct loop_timer note_timer;	/* notes the last drops of a burst */
	struct ratelimit guest_error_limit, daemon_error_limit;

	struct console *next_ready;	/* on env->ready */
	bool on_ready_list;
	struct console_stats stats;
};

/* ---- for the domain that owns the consoles ------------------------------ */

struct console *console_create(const struct console_env *env,
			       uint32_t domid, const uint8_t handle[16],
			       const struct console_kind *kind);
/* Try to connect; the tty key is written only once the kind is ready. */
int console_attach(struct console *con);
/* park: see console_kind.detach. */
void console_detach(struct console *con, bool park);
void console_destroy(struct console *con, bool park);
/* Close and reopen the log under the domain's current name (SIGHUP). */
void console_reopen_log(struct console *con);

/* Drain up to budget bytes of guest output; true if more may remain. */
bool console_drain(struct console *con, size_t budget);

/*
 * One budget of draining for each console queued now, round robin (the
 * loop's before-sleep hook); true while more remain queued.
 */
bool console_queue_drain(struct console_queue *q, size_t budget);

/* ---- for the kinds -------------------------------------------------------- */

/* The guest signalled: output to drain (queued fairly) or input room. */
void console_kick(struct console *con);

/*
 * A kind whose push() takes nothing at once (it sends the bytes on and
 * hears later what the guest took): n bytes of the input are taken now.
 */
void console_input_taken(struct console *con, size_t n);

/* "<domain path>/<kind dir>", for reading the kind's xenstore keys. */
const char *console_xs_dir(const struct console *con);

/* A guest-caused problem: counted, and logged at most a few per second. */
__attribute__((format(printf, 2, 3)))
void console_guest_error(struct console *con, const char *fmt, ...);

/*
 * A failure of the daemon's own (no memory, a handle or hypercall
 * refused): counted apart from the guest's, logged likewise.
 */
__attribute__((format(printf, 2, 3)))
void console_daemon_error(struct console *con, const char *fmt, ...);

#endif
