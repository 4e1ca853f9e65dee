// SPDX-License-Identifier: GPL-2.0-only
/*
 * xenconsoled: options (every one of the stock daemon's, with the same
 * meaning, plus log rotation), the log directory, the pid file and
 * daemonizing.  A bad option or a failed start gives one clear message
 * on stderr and a non-zero exit, also when daemonizing: the parent waits
 * for the child to report that it started.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"

#define PROGRAM		"xenconsoled"
#define DEFAULT_LOG_DIR	"/var/log/xen/console"
#define DEFAULT_PIDFILE	"/var/run/xen/xenconsoled.pid"
#define DEFAULT_STATE_DIR "/var/run/xen/xenconsoled"
#define DEFAULT_CONTROL	"/var/run/xen/xenconsoled.sock"
#define EXIT_USAGE	2

#define GUEST_PL011_BASE	0x22000000ull	/* xen/include/public/arch-arm.h */
#define GUEST_PL011_SPI		32u

enum { OPT_LOG = 256, OPT_LOG_DIR, OPT_PID_FILE, OPT_REPLACE_ESCAPE,
       OPT_LOG_MAX_SIZE, OPT_LOG_BACKUPS, OPT_PL011, OPT_PL011_BASE,
       OPT_PL011_SPI, OPT_PL011_RESET, OPT_PL011_TX, OPT_STATE_DIR,
       OPT_CONTROL };

static void usage(FILE *to)
{
	fprintf(to,
"Usage: " PROGRAM " [-h] [-V] [-v] [-i] [--log=none|guest|hv|all]\n"
"       [--log-dir=DIR] [--pid-file=PATH] [-t, --timestamp=none|guest|hv|all]\n"
"       [-o, --overflow-data=discard|keep] [--replace-escape]\n"
"       [--log-max-size=SIZE[k|M|G]] [--log-backups=N]\n"
"       [--pl011=off|xenstore|auto] [--pl011-base=ADDR] [--pl011-spi=N]\n"
"       [--pl011-reset=firmware|trm] [--pl011-tx=block|drop]\n"
"       [--state-dir=DIR] [--control=SOCKET]\n");
}

static int bad(const char *option, const char *value, const char *expected)
{
	fprintf(stderr, PROGRAM ": invalid %s '%s': expected %s\n", option,
		value, expected);
	return -EINVAL;
}

/* "none|guest|hv|all" into two flags. */
static int parse_which(const char *option, const char *value, bool *guest,
		       bool *hv)
{
	static const char *const names[] = { "none", "guest", "hv", "all" };

	for (int i = 0; i < 4; i++) {
		if (strcmp(value, names[i]))
			continue;
		*guest = i == 1 || i == 3;
		*hv = i == 2 || i == 3;
		return 0;
	}
	return bad(option, value, "none, guest, hv or all");
}

static int parse_size(const char *value, uint64_t *size)
{
	char *end;
	unsigned long long n;
	unsigned int shift = 0;

	errno = 0;
	n = strtoull(value, &end, 10);
	if (*end == 'k' || *end == 'K')
		shift = 10;
	else if (*end == 'M')
		shift = 20;
	else if (*end == 'G')
		shift = 30;
	if (shift)
		end++;
	if (errno || end == value || *end || value[0] == '-' ||
	    n > (UINT64_MAX >> shift))
		return bad("--log-max-size", value, "a size such as 10M");
	*size = (uint64_t)n << shift;
	return 0;
}

static int parse_count(const char *value, unsigned int *count)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (errno || end == value || *end || value[0] == '-' || n > 99)
		return bad("--log-backups", value, "a number from 0 to 99");
	*count = (unsigned int)n;
	return 0;
}

/* One of names[] (NULL-terminated) into its index. */
static int parse_choice(const char *option, const char *value,
			const char *const *names, const char *expected,
			unsigned int *index)
{
	for (unsigned int i = 0; names[i]; i++) {
		if (!strcmp(value, names[i])) {
			*index = i;
			return 0;
		}
	}
	return bad(option, value, expected);
}

static int parse_number(const char *option, const char *value, uint64_t max,
			uint64_t *n)
{
	char *end;

	errno = 0;
	*n = strtoull(value, &end, 0);
	if (errno || end == value || *end || value[0] == '-' || *n > max)
		return bad(option, value, "a number in range");
	return 0;
}

static int parse_pl011_option(int c, const char *arg, struct options *o)
{
	static const char *const modes[] = { "off", "xenstore", "auto", NULL };
	static const char *const resets[] = { "firmware", "trm", NULL };
	static const char *const txs[] = { "block", "drop", NULL };
	unsigned int i = 0;
	uint64_t n = 0;
	int rc;

	switch (c) {
	case OPT_PL011:
		rc = parse_choice("--pl011", arg, modes, "off, xenstore or auto", &i);
		o->pl011_mode = (enum pl011_mode)i;
		return rc;
	case OPT_PL011_RESET:
		rc = parse_choice("--pl011-reset", arg, resets, "firmware or trm", &i);
		o->pl011_trm_reset = i == 1;
		return rc;
	case OPT_PL011_TX:
		rc = parse_choice("--pl011-tx", arg, txs, "block or drop", &i);
		o->pl011_tx_drop = i == 1;
		return rc;
	case OPT_PL011_BASE:
		rc = parse_number("--pl011-base", arg, UINT64_MAX - 4095, &n);
		if (rc == 0 && n % 4096)
			rc = bad("--pl011-base", arg, "a 4 KiB aligned address");
		o->pl011_base = n;
		return rc;
	case OPT_PL011_SPI:
		rc = parse_number("--pl011-spi", arg, 1019, &n);
		if (rc == 0 && n < 32)
			rc = bad("--pl011-spi", arg, "an SPI from 32 to 1019");
		o->pl011_spi = (unsigned int)n;
		return rc;
	}
	return -EINVAL;
}

static int parse_option(int c, const char *arg, struct options *o)
{
	switch (c) {
	case 'v':	o->verbose = true; return 0;
	case 'i':	o->interactive = true; return 0;
	case OPT_LOG:	return parse_which("--log", arg, &o->log_guest, &o->log_hv);
	case 't':	return parse_which("--timestamp", arg, &o->stamp_guest,
					   &o->stamp_hv);
	case OPT_LOG_DIR:	o->log_dir = arg; return 0;
	case OPT_PID_FILE:	o->pid_file = arg; return 0;
	case OPT_STATE_DIR:	o->state_dir = arg; return 0;
	case OPT_CONTROL:	o->control = arg; return 0;
	case OPT_REPLACE_ESCAPE: o->replace_escape = true; return 0;
	case OPT_LOG_MAX_SIZE:	return parse_size(arg, &o->log_max_size);
	case OPT_LOG_BACKUPS:	return parse_count(arg, &o->log_backups);
	case 'o':
		if (!strcmp(arg, "discard"))
			o->overflow = OVERFLOW_DISCARD;
		else if (!strcmp(arg, "keep"))
			o->overflow = OVERFLOW_KEEP;
		else
			return bad("--overflow-data", arg, "discard or keep");
		return 0;
	}
	return parse_pl011_option(c, arg, o);
}

/* 0 to run, 1 to exit 0 (-h, -V), or -EINVAL. */
static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "interactive", no_argument, NULL, 'i' },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "log-dir", required_argument, NULL, OPT_LOG_DIR },
		{ "pid-file", required_argument, NULL, OPT_PID_FILE },
		{ "timestamp", required_argument, NULL, 't' },
		{ "overflow-data", required_argument, NULL, 'o' },
		{ "replace-escape", no_argument, NULL, OPT_REPLACE_ESCAPE },
		{ "log-max-size", required_argument, NULL, OPT_LOG_MAX_SIZE },
		{ "log-backups", required_argument, NULL, OPT_LOG_BACKUPS },
		{ "pl011", required_argument, NULL, OPT_PL011 },
		{ "pl011-base", required_argument, NULL, OPT_PL011_BASE },
		{ "pl011-spi", required_argument, NULL, OPT_PL011_SPI },
		{ "pl011-reset", required_argument, NULL, OPT_PL011_RESET },
		{ "pl011-tx", required_argument, NULL, OPT_PL011_TX },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "control", required_argument, NULL, OPT_CONTROL },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*o = (struct options){
		.log_dir = DEFAULT_LOG_DIR, .log_backups = 3,
		.state_dir = DEFAULT_STATE_DIR, .control = DEFAULT_CONTROL,
		.pl011_mode = PL011_XENSTORE, .pl011_base = GUEST_PL011_BASE,
		.pl011_spi = GUEST_PL011_SPI,
	};
	while ((c = getopt_long(argc, argv, "hVvit:o:", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return 1;
		}
		if (c == 'V') {
			printf("Xen Console Daemon 3.0 (with PL011 backend)\n");
			return 1;
		}
		if (c == '?' || parse_option(c, optarg, o)) {
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, PROGRAM ": unexpected argument '%s'\n", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

static int open_log_dir(struct daemon *d)
{
	const struct options *o = &d->opt;

	d->log_dirfd = -1;
	if (!o->log_guest && !o->log_hv)
		return 0;
	d->log_dirfd = open(o->log_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->log_dirfd < 0 ||
	    faccessat(d->log_dirfd, ".", W_OK, AT_EACCESS) < 0) {
		fprintf(stderr, PROGRAM ": log directory %s: %s\n", o->log_dir,
			strerror(errno));
		return -errno;
	}
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
	if (d->opt.pl011_mode == PL011_OFF)
		return 0;
	if (make_dirs(dir, 0700) < 0) {
		fprintf(stderr, PROGRAM ": state directory %s: %s\n", dir,
			strerror(errno));
		return -errno;
	}
	d->state_dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (d->state_dirfd < 0) {
		fprintf(stderr, PROGRAM ": state directory %s: %s\n", dir,
			strerror(errno));
		return -errno;
	}
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
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		close(p[1]);
		exit(read(p[0], &ok, 1) == 1 ? 0 : 1);
	}
	close(p[0]);
	if (setsid() < 0 || (pid = fork()) < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	*report = p[1];
	return chdir("/") < 0 ? -errno : 0;
}

static int write_pid_file(const char *path)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	int n;

	if (fd < 0 || lockf(fd, F_TLOCK, 0) < 0) {
		fprintf(stderr, PROGRAM ": pid file %s: %s%s\n", path,
			strerror(errno), errno == EAGAIN || errno == EACCES ?
			" (is another xenconsoled running?)" : "");
		return -errno;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || write(fd, buf, (size_t)n) != n)
		return -errno;
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

	rc = parse_options(argc, argv, &d.opt);
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
