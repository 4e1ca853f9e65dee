/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's state: its options, its Xen handles, the loop, the one
 * event-channel handle, the domain table and the list of consoles with
 * output waiting.  One instance, created by main(), passed everywhere
 * (there are no other globals).
 */
#ifndef DAEMON_H
#define DAEMON_H

#include <stdbool.h>
#include <stdint.h>

#include "logfile.h"
#include "loop.h"
#include "options.h"
#include "xen.h"

struct console;
struct domain;
struct evtchn;
struct hvlog;
struct control;

struct daemon {
	struct options opt;
	struct xen xen;
	struct loop *loop;
	struct evtchn *evtchn;
	struct loop_watch xs_watch;
	int log_dirfd;			/* -1 when not logging */
	int state_dirfd;		/* -1: nothing kept across restarts */
	bool exiting;			/* consoles park instead of closing */
	struct logfile_config guest_log, hv_log;

	struct domain **domains;	/* indexed by domid */
	uint32_t nr_domains;		/* table size */
	uint32_t next_domid;		/* where introduce scans start */
	unsigned int scan_gen;

	struct console *ready_head, *ready_tail;
	struct hvlog *hvlog;
	struct control *control;
	uint64_t started_ns;
};

/* Queue a console with output to drain, once. */
void daemon_mark_ready(struct daemon *d, struct console *con);

/*
 * With d->opt, d->log_dirfd and the log configs filled in: open Xen,
 * watch for domains and attach to every console there is.  0 or -errno
 * after one clear message.
 */
int daemon_start(struct daemon *d);
/* Serve until SIGTERM or SIGINT. */
int daemon_run(struct daemon *d);
/* Release everything daemon_start() took (also after a failed start). */
void daemon_stop(struct daemon *d);

#endif
