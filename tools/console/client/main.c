// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsole: attach the user's terminal to a domain's console pty, the
 * way `xl console` runs it.  This file holds the session around the relay:
 * the per-domain lock file, signals, terminal modes and the start
 * notification for xl; --stats is handed to statistics.c.  Exit status: 0
 * when the session ends (escape, console gone, signal), 1 on failure,
 * EINVAL (22) for a bad command line as in stock.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "cmdline.h"
#include "relay.h"
#include "statistics.h"
#include "ttywatch.h"

/* The build sets it (module.mk), as Xen's configure does for stock. */
#ifndef XEN_LOCK_DIR
#error "XEN_LOCK_DIR must be defined"
#endif

/* For tests only: the stock client has no way to move the lock. */
#define LOCK_DIR_ENV "XENCONSOLE_LOCK_DIR"

/* How long the daemon gets to publish the pty, as stock. */
#define TTY_WAIT_MS 5000

struct session {
	const struct cmdline *cmd;
	int signal_fd;
	int lock_fd;
	char *lock_path;
	struct ttywatch *tw;
	int pty;
	bool term_saved;
	struct termios term;
};

/*
 * From the wait for the pty on, SIGINT, SIGTERM and SIGHUP end the
 * session through a poll()ed signalfd, so the terminal is restored and
 * the lock released on the normal path, and none can slip in between
 * checks.  Before that they keep their default action: nothing needs
 * undoing, and a hung xenstored cannot make the client unkillable.
 */
static int catch_signals(struct session *s)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	/* A closed stdout becomes a write error that we report. */
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) == 0)
		s->signal_fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (s->signal_fd >= 0)
		return 0;
	warn("cannot set up signal handling");
	return -errno;
}

static bool same_file(int fd, const char *path)
{
	struct stat on_path, held;

	return fstat(fd, &held) == 0 && stat(path, &on_path) == 0 &&
	       held.st_dev == on_path.st_dev && held.st_ino == on_path.st_ino;
}

/*
 * Lock file protocol of the stock client (and libxl's userdata lock):
 * a holder unlinks the file before closing it, so after taking the
 * flock make sure the file is still the one on the path, else retry.
 * s->lock_fd stays -1 unless we hold the lock: only then is the file
 * ours to remove.
 */
static int take_lock_file(struct session *s)
{
	int fd, err;

	for (;;) {
		fd = open(s->lock_path, O_RDWR | O_CREAT | O_CLOEXEC,
			  S_IRUSR | S_IWUSR);
		if (fd < 0) {
			err = errno;
			warn("cannot open lock file %s", s->lock_path);
			return -err;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0)
			break;
		if (same_file(fd, s->lock_path)) {
			s->lock_fd = fd;
			return 0;
		}
		close(fd);
	}
	err = errno;
	close(fd);
	if (err == EWOULDBLOCK)
		warnx("domain %u: console already in use by another "
		      "xenconsole (lock %s)", s->cmd->domid, s->lock_path);
	else
		warnx("cannot lock %s: %s", s->lock_path, strerror(err));
	return -err;
}

/* One lock per domain, not per console, as stock. */
static int lock_console(struct session *s)
{
	const char *dir = getenv(LOCK_DIR_ENV);

	if (!dir || !*dir)
		dir = XEN_LOCK_DIR;
	if (asprintf(&s->lock_path, "%s/xenconsole.%u", dir,
		     s->cmd->domid) < 0) {
		s->lock_path = NULL;
		warn("out of memory");
		return -ENOMEM;
	}
	return take_lock_file(s);
}

static void unlock_console(struct session *s)
{
	if (s->lock_fd >= 0) {
		unlink(s->lock_path);
		close(s->lock_fd);
	}
	free(s->lock_path);
}

/* Not being able to set the modes is no reason to refuse the session. */
static void make_terminal_raw(struct session *s)
{
	struct termios raw;

	if (tcgetattr(STDIN_FILENO, &s->term) < 0)
		return;
	s->term_saved = true;
	raw = s->term;
	cfmakeraw(&raw);
	tcsetattr(STDIN_FILENO, TCSANOW, &raw);
}

static void restore_terminal(struct session *s)
{
	if (s->term_saved)
		tcsetattr(STDIN_FILENO, TCSANOW, &s->term);
}

/* xl unpauses the guest once this byte arrives. */
static int notify_started(int fd)
{
	static const char byte;
	ssize_t n;
	int err;

	do {
		n = write(fd, &byte, 1);
	} while (n == 0 || (n < 0 && errno == EINTR));
	err = n < 0 ? errno : 0;
	close(fd);
	if (err)
		warnx("cannot notify the parent through fd %d: %s", fd,
		      strerror(err));
	return -err;
}

/* A signal while waiting is no failure: s->pty stays -1. */
static int wait_for_pty(struct session *s)
{
	int fd = ttywatch_wait(s->tw, s->signal_fd, TTY_WAIT_MS);

	if (fd >= 0 || fd == -EINTR) {
		s->pty = fd >= 0 ? fd : -1;
		return 0;
	}
	if (fd == -ETIMEDOUT)
		warnx("domain %u: no console pty in %s after %d s "
		      "(is xenconsoled running?)", s->cmd->domid,
		      ttywatch_node(s->tw), TTY_WAIT_MS / 1000);
	else
		warnx("domain %u: cannot read %s: %s", s->cmd->domid,
		      ttywatch_node(s->tw), strerror(-fd));
	return fd;
}

/* As stock: a terminal on both sides makes the session interactive. */
static int relay_console(struct session *s)
{
	bool on_terminal = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct relay r = {
		.tw = s->tw,
		.pty = s->pty,
		.signal_fd = s->signal_fd,
		.forward_input = s->cmd->interactive || on_terminal,
		.escape = s->cmd->escape,
	};
	int rc;

	if (on_terminal)
		make_terminal_raw(s);
	if (s->cmd->notify_fd >= 0) {
		rc = notify_started(s->cmd->notify_fd);
		if (rc)
			return rc;
	}
	rc = relay_run(&r);
	s->pty = r.pty;
	return rc;
}

static int attach(const struct cmdline *cmd)
{
	struct session s = {
		.cmd = cmd, .signal_fd = -1, .lock_fd = -1, .pty = -1,
	};
	int rc;

	s.tw = ttywatch_open(cmd);
	rc = s.tw ? lock_console(&s) : -ENXIO;
	if (!rc)
		rc = catch_signals(&s);
	if (!rc)
		rc = wait_for_pty(&s);
	if (!rc && s.pty >= 0)
		rc = relay_console(&s);
	restore_terminal(&s);
	if (s.pty >= 0)
		close(s.pty);
	unlock_console(&s);
	ttywatch_close(s.tw);
	if (s.signal_fd >= 0)
		close(s.signal_fd);
	return rc;
}

int main(int argc, char *argv[])
{
	struct cmdline cmd;
	char why[256];

	if (cmdline_parse(argc, argv, &cmd, why, sizeof(why))) {
		warnx("%s (see --help)", why);
		return EINVAL;
	}
	if (cmd.help) {
		cmdline_usage(stdout, program_invocation_short_name);
		return 0;
	}
	if (cmd.stats)
		return stats_run(&cmd);
	if (cmd.notify_fd >= 0 && fcntl(cmd.notify_fd, F_GETFD) < 0) {
		warnx("--start-notify-fd %d: not an open file descriptor",
		      cmd.notify_fd);
		return EINVAL;
	}
	return attach(&cmd) ? 1 : 0;
}
