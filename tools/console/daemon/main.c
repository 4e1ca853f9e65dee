// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsoled's start: options (options.c), the log and state
 * directories, the pid file and daemonizing.  A bad option or a failed
 * start gives one clear message on stderr and a non-zero exit, also when
 * daemonizing: the parent waits for the child to report that it started.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "errno_rc.h"
#include "log.h"
#include "options.h"

#define PROGRAM		"xenconsoled"
#define EXIT_USAGE	2
#define DEFAULT_PIDFILE	"/var/run/xen/xenconsoled.pid"

/*
 * Say which file failed and why, with hint after; returns the failure
 * as -errno, read before printing can change errno.
 */
static int fail_errno(const char *what, const char *path, const char *hint)
{
	int rc = errno_rc();

	fprintf(stderr, PROGRAM ": %s %s: %s%s\n", what, path, strerror(-rc),
		hint);
	return rc;
}

static int open_log_dir(struct daemon *d)
{
	const struct options *o = &d->opt;

	d->log_dirfd = -1;
	if (!o->log_guest && !o->log_hv)
		return 0;
	d->log_dirfd = open(o->log_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->log_dirfd < 0 ||
	    faccessat(d->log_dirfd, ".", W_OK, AT_EACCESS) < 0)
		return fail_errno("log directory", o->log_dir, "");
	d->guest_log = (struct logfile_config){
		.dirfd = d->log_dirfd, .timestamps = o->stamp_guest,
		.replace_escape = o->replace_escape,
		.max_size = o->log_max_size, .backups = o->log_backups,
	};
	d->hv_log = d->guest_log;
	d->hv_log.timestamps = o->stamp_hv;
	return 0;
}

/* mkdir -p: the state directory's parents may not exist yet either. */
static int make_dirs(const char *path, mode_t mode)
{
	char buf[4096];

	if ((size_t)snprintf(buf, sizeof(buf), "%s", path) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *slash = strchr(buf + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = 0;
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	return mkdir(buf, mode) < 0 && errno != EEXIST ? -1 : 0;
}

/* PL011 state survives restarts here; private to the daemon. */
static int open_state_dir(struct daemon *d)
{
	const char *dir = d->opt.state_dir;

	d->state_dirfd = -1;
	if (d->opt.pl011.mode == PL011_OFF)
		return 0;
	if (make_dirs(dir, 0700) < 0)
		return fail_errno("state directory", dir, "");
	d->state_dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d->state_dirfd < 0)
		return fail_errno("state directory", dir, "");
	return 0;
}

/* Each console may hold a pty pair and a log: make room for many guests. */
static void raise_fd_limit(void)
{
	struct rlimit r = { 32768, 32768 };

	if (setrlimit(RLIMIT_NOFILE, &r) < 0 && getrlimit(RLIMIT_NOFILE, &r) == 0) {
		r.rlim_cur = r.rlim_max;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

/*
 * Fork into the background; the parent exits with the child's start-up
 * status, read from *report (the child writes one byte when started).
 */
static int background(int *report)
{
	int p[2];
	char ok;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return errno_rc();
	pid = fork();
	if (pid < 0)
		return errno_rc();
	if (pid > 0) {
		close(p[1]);
		exit(read(p[0], &ok, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	if (setsid() < 0 || (pid = fork()) < 0)
		return errno_rc();
	if (pid > 0)
		_exit(0);
	*report = p[1];
	return chdir("/") < 0 ? errno_rc() : 0;
}

static int write_pid_file(const char *path)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	int n;

	if (fd < 0 || lockf(fd, F_TLOCK, 0) < 0)
		return fail_errno("pid file", path, errno == EAGAIN ||
				  errno == EACCES ?
				  " (is another xenconsoled running?)" : "");
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)n) != n)
		return errno_rc();
	return 0;		/* fd stays open: it holds the lock */
}

/* Started: tell the waiting parent, and leave the terminal. */
static void detach_from_terminal(int report)
{
	int null = open("/dev/null", O_RDWR);

	if (report >= 0) {
		(void)!write(report, "", 1);
		close(report);
	}
	if (null < 0)
		return;
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	dup2(null, STDERR_FILENO);
	if (null > STDERR_FILENO)
		close(null);
}

int main(int argc, char **argv)
{
	struct daemon d = { .log_dirfd = -1, .state_dirfd = -1, .xs_watch.fd = -1 };
	int report = -1, rc;

	rc = options_parse(argc, argv, &d.opt);
	if (rc)
		return rc > 0 ? 0 : EXIT_USAGE;
	if (geteuid() != 0) {
		fprintf(stderr, PROGRAM ": must be run as root\n");
		return 1;
	}
	log_init(PROGRAM, d.opt.verbose, true);
	if (open_log_dir(&d) || open_state_dir(&d))
		return 1;
	raise_fd_limit();
	if (!d.opt.interactive && (rc = background(&report)) != 0) {
		fprintf(stderr, PROGRAM ": cannot daemonize: %s\n", strerror(-rc));
		return 1;
	}
	if ((!d.opt.interactive || d.opt.pid_file) &&
	    write_pid_file(d.opt.pid_file ? d.opt.pid_file : DEFAULT_PIDFILE))
		return 1;
	rc = daemon_start(&d);
	if (rc == 0) {
		log_msg(LOG_NOTICE, "started");
		if (!d.opt.interactive)
			detach_from_terminal(report);
		rc = daemon_run(&d);
	}
	daemon_stop(&d);
	return rc ? 1 : 0;
}
