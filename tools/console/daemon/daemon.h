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

#include "console.h"
#include "domain.h"
#include "logfile.h"
#include "loop.h"
#include "options.h"
#include "pl011_proxy.h"
#include "xen.h"

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
	struct logfile_config guest_log, hv_log;

	struct console_env env;		/* all a console is given */
	struct pl011_emulators emulators;
	char emulator_path[4096];
	struct console_queue ready;
	struct domains domains;
	struct hvlog *hvlog;
	struct control *control;
	uint64_t started_ns;
};

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
