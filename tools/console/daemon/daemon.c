// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon at run time: Xen set-up, the xenstore watch fd, signals as
 * loop events, and fair draining of guest output.
 *
 * Fairness: a console whose guest signalled goes on the ready list; each
 * pass of the loop gives every ready console at most DRAIN_BUDGET bytes,
 * in turn, and a console with more goes to the back.  A guest writing as
 * fast as it can therefore gets its share and delays another guest by at
 * most one budget per ready console, where stock xenconsoled instead
 * masks a busy console's event channel (30 events per 200 ms).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "console.h"
#include "daemon.h"
#include "errno_rc.h"
#include "domain.h"
#include "evtchn.h"
#include "hvlog.h"
#include "log.h"
#include "stats.h"

#define DRAIN_BUDGET	16384u
#define DOMLIST_TOKEN	"domlist"

/* Before each sleep: one budget per ready console, round robin. */
static bool drain_ready(void *ctx)
{
	struct daemon *d = ctx;

	return console_queue_drain(&d->ready, DRAIN_BUDGET);
}

static void xenstore_ready(void *ctx, uint32_t events)
{
	struct daemon *d = ctx;
	char **w;

	(void)events;
	while ((w = xs_check_watch(d->xen.xs)) != NULL) {
		if (!strcmp(w[XS_WATCH_TOKEN], DOMLIST_TOKEN))
			domains_scan(&d->domains, !strcmp(w[XS_WATCH_PATH],
							  "@introduceDomain"));
		else
			domains_watch_fired(&d->domains, w[XS_WATCH_TOKEN]);
		free(w);
	}
}

static void on_signal(void *ctx, int signo)
{
	struct daemon *d = ctx;

	if (signo == SIGCHLD) {
		pl011_emulators_exited(&d->emulators);
		return;
	}
	if (signo == SIGHUP) {
		log_msg(LOG_INFO, "reopening logs");
		domains_reopen_logs(&d->domains);
		hvlog_reopen(d->hvlog);
		return;
	}
	log_msg(LOG_INFO, "stopping on signal %d", signo);
	loop_stop(d->loop);
}

static int setup_signals(struct daemon *d)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);	/* PL011 emulators */
	return loop_signals(d->loop, &set, on_signal, d);
}

static int watch_domains(struct daemon *d)
{
	if (!xs_watch(d->xen.xs, "@introduceDomain", DOMLIST_TOKEN) ||
	    !xs_watch(d->xen.xs, "@releaseDomain", DOMLIST_TOKEN)) {
		int rc = errno_rc();	/* log_msg may change errno */

		log_msg(LOG_ERR, "cannot watch xenstore for domains: %s",
			strerror(-rc));
		return rc;
	}
	return loop_watch(d->loop, &d->xs_watch, xs_fileno(d->xen.xs), EPOLLIN,
			  xenstore_ready, d);
}

/*
 * The PL011 emulator: as the option says, else the one beside this
 * program (a build tree), else the installed one.
 */
static const char *emulator_program(struct daemon *d)
{
	char *slash;
	ssize_t n;

	if (d->opt.pl011.emulator)
		return d->opt.pl011.emulator;
	n = readlink("/proc/self/exe", d->emulator_path,
		     sizeof(d->emulator_path) - sizeof(PL011_EMULATOR_NAME));
	if (n > 0) {
		d->emulator_path[n] = 0;
		slash = strrchr(d->emulator_path, '/');
		strcpy(slash + 1, PL011_EMULATOR_NAME);
		if (access(d->emulator_path, X_OK) == 0)
			return d->emulator_path;
	}
	return PL011_EMULATOR_PATH;
}

static int setup_emulators(struct daemon *d)
{
	struct pl011_emulators *e = &d->emulators;
	int rc;

	*e = (struct pl011_emulators){ .state_dir = d->opt.state_dir };
	if (d->opt.pl011.isolation != PL011_ISOLATION_PROCESS ||
	    d->opt.pl011.mode == PL011_OFF)
		return 0;
	e->program = emulator_program(d);
	rc = confine_range_lookup(&e->uids, d->opt.pl011.uid_base);
	if (rc) {
		log_msg(LOG_ERR, "no uids for the PL011 emulators: %s",
			strerror(-rc));
		return rc;
	}
	log_msg(LOG_INFO, "PL011 emulators: %s, uids %u + domid (%s), "
		"reaper %u", e->program, (unsigned int)e->uids.base,
		e->uids.source, (unsigned int)e->uids.reaper);
	return 0;
}

/* What every console is given (console_env). */
static void make_env(struct daemon *d)
{
	d->env = (struct console_env){
		.loop = d->loop,
		.evtchn = d->evtchn,
		.xen = &d->xen,
		.state_dirfd = d->state_dirfd,
		.guest_log = d->opt.log_guest ? &d->guest_log : NULL,
		.overflow_keep = d->opt.overflow == OVERFLOW_KEEP,
		.pl011 = &d->opt.pl011,
		.emulators = &d->emulators,
		.ready = &d->ready,
	};
	domains_init(&d->domains, &d->env);
}

int daemon_start(struct daemon *d)
{
	int rc = loop_create(&d->loop);

	if (rc == 0)
		rc = setup_signals(d);
	if (rc == 0)
		rc = xen_open(&d->xen);
	if (rc == 0)
		rc = evtchn_open(&d->evtchn, d->loop, d->xen.quiet);
	if (rc == 0)
		rc = setup_emulators(d);
	if (rc == 0)
		make_env(d);
	if (rc == 0 && d->opt.log_hv)
		rc = hvlog_open(&d->env, &d->hv_log, &d->hvlog);
	if (rc == 0)
		rc = watch_domains(d);
	if (rc)
		return rc;
	d->started_ns = loop_clock();
	if (*d->opt.control &&
	    (rc = control_open(d->loop, &d->domains, d->started_ns,
			       d->opt.control, &d->control)))
		log_msg(LOG_WARNING, "no statistics socket %s: %s", d->opt.control,
			strerror(-rc));
	loop_before_sleep(d->loop, drain_ready, d);
	domains_scan(&d->domains, false);
	return 0;
}

int daemon_run(struct daemon *d)
{
	int rc = loop_run(d->loop);

	if (rc)
		log_msg(LOG_ERR, "event loop failed: %s", strerror(-rc));
	return rc;
}

void daemon_stop(struct daemon *d)
{
	control_close(d->control);
	/* On its way out: consoles park what a successor can adopt. */
	domains_destroy_all(&d->domains, true);
	hvlog_close(d->hvlog);
	if (d->loop)
		loop_unwatch(d->loop, &d->xs_watch);
	evtchn_close(d->evtchn);
	xen_close(&d->xen);
	loop_destroy(d->loop);
	if (d->log_dirfd >= 0)
		close(d->log_dirfd);
	if (d->state_dirfd >= 0)
		close(d->state_dirfd);
}
