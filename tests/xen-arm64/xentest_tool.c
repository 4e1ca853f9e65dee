// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dom0 helper of the tests/xen-arm64 scenarios, for what busybox cannot
 * do (cross-built for arm64, installed as /xentest/bin/xentest_tool):
 *   xentest_tool markers FILE BEGIN END SECONDS
 *	watch a growing console log, print the milliseconds between the
 *	moments BEGIN and then END appeared in it (dom0's monotonic clock;
 *	busybox's clock has 10 ms steps).  Woken by inotify when the log's
 *	directory changes, so the watch costs dom0 (which shares the only
 *	CPU with the guest being timed) a wakeup per log write, not
 *	thousands of polls a second;
 *   xentest_tool stats SOCKET
 *	copy the JSON document of the daemon's control socket to stdout;
 *   xentest_tool rtt COUNT SECONDS CLIENT [ARG]... [-- CLIENT [ARG]...]...
 *	run each CLIENT (a console client with its arguments) with pipes on
 *	its standard input and output, as a user's script would, and type
 *	"echo rt-I-$((I*7))" into the shell it reaches for I = 0 to COUNT,
 *	each line only once the computed answer "rt-I-<7I>" of the one
 *	before has come back, taking the clients in turn line by line.
 *	Line 0 waits for the shells and is not timed; for the others prints
 *	"rtt CLIENT I MS" (CLIENT from 0, in the order given; MS from the
 *	write to the read that brought the answer, dom0's monotonic clock),
 *	then "rtt-summary CLIENT COUNT MEDIAN MAX" for each.  Fails unless
 *	every answer arrived, each once and in order, within SECONDS of its
 *	command.
 * Knows nothing of Xen or of the daemon beyond the socket's existence.
 */
#include <errno.h>
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define RECHECK_MS	100	/* a missed inotify event costs no more */
#define LOG_MAX		(8u << 20)

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Append what FILE has beyond *len to buf; the file may not exist yet. */
static int read_more(const char *file, char *buf, size_t *len)
{
	int fd = open(file, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	while ((n = pread(fd, buf + *len, LOG_MAX - *len, (off_t)*len)) > 0)
		*len += (size_t)n;
	close(fd);
	return n < 0 ? -errno : 0;
}

/* Position of text in buf[from, len) or -1. */
static long find(const char *buf, size_t len, size_t from, const char *text)
{
	const char *hit;

	if (from >= len)
		return -1;
	hit = memmem(buf + from, len - from, text, strlen(text));
	return hit ? hit - buf : -1;
}

/* An inotify fd on FILE's directory (the log may not exist yet), or -1. */
static int watch_dir_of(const char *file)
{
	char dir[4096];
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	snprintf(dir, sizeof(dir), "%s", file);
	if (fd >= 0 && inotify_add_watch(fd, dirname(dir), IN_CREATE | IN_MODIFY) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Until something in the directory changes, or RECHECK_MS. */
static void wait_change(int ifd)
{
	struct pollfd pfd = { .fd = ifd, .events = POLLIN };
	char events[4096];

	if (poll(&pfd, 1, RECHECK_MS) > 0)
		while (read(ifd, events, sizeof(events)) > 0)
			;
}

static int markers(const char *file, const char *begin, const char *end,
		   double limit_ms)
{
	char *buf = malloc(LOG_MAX);
	size_t len = 0;
	long at_begin = -1;
	double t0 = now_ms(), t_begin = 0;
	int ifd = watch_dir_of(file);
	int rc = 1;

	if (ifd < 0)
		perror("xentest_tool: inotify");

	while (buf && now_ms() - t0 < limit_ms && len < LOG_MAX) {
		if (read_more(file, buf, &len) < 0)
			break;
		if (at_begin < 0 && (at_begin = find(buf, len, 0, begin)) >= 0)
			t_begin = now_ms();
		if (at_begin >= 0 && find(buf, len, (size_t)at_begin, end) >= 0) {
			printf("%.1f\n", now_ms() - t_begin);
			rc = 0;
			break;
		}
		wait_change(ifd);
	}
	if (ifd >= 0)
		close(ifd);
	if (rc)
		fprintf(stderr, "xentest_tool: %s: %s not seen\n", file,
			at_begin < 0 ? begin : end);
	free(buf);
	return rc;
}

static int stats(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char buf[4096];
	ssize_t n;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	if (fd < 0 || strlen(path) >= sizeof(addr.sun_path)) {
		perror("xentest_tool: socket");
		return 1;
	}
	memcpy(addr.sun_path, path, strlen(path) + 1);
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		perror("xentest_tool: connect");
		close(fd);
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
	close(fd);
	return n < 0;
}

#define RTT_MAX		1000
#define RTT_CLIENTS	4
#define SESSION_MAX	(1u << 20)

/*
 * The computed answer of line @i, "rt-I-<7I>", ended by the line's end
 * ('\r' or '\n': a tty may or may not add the carriage return), at or
 * after @from in buf[0, len), or -1.  The echo of the typed line never
 * matches: it carries "$((" where the answer carries digits.
 */
static long find_answer(const char *buf, size_t len, size_t from, long i)
{
	char text[48];
	long at;

	snprintf(text, sizeof(text), "rt-%ld-%ld", i, i * 7);
	while ((at = find(buf, len, from, text)) >= 0) {
		size_t end = (size_t)at + strlen(text);

		if (end < len && (buf[end] == '\r' || buf[end] == '\n') &&
		    (at == 0 || !isalnum((unsigned char)buf[at - 1])))
			return at;
		if (end >= len)		/* its line's end is on its way */
			return -1;
		from = (size_t)at + 1;
	}
	return -1;
}

/* Every "rt-A-B" + line end with B = 7A in buf: A = 0 to @count, once each. */
static int answers_in_order(const char *buf, size_t len, long count)
{
	long next = 0;
	size_t i;

	for (i = 0; i + 3 < len; i++) {
		char *end;
		long a, b;

		if (memcmp(buf + i, "rt-", 3) ||
		    (i && isalnum((unsigned char)buf[i - 1])) ||
		    !isdigit((unsigned char)buf[i + 3]))
			continue;
		a = strtol(buf + i + 3, &end, 10);
		if (*end != '-' || !isdigit((unsigned char)end[1]))
			continue;
		b = strtol(end + 1, &end, 10);
		if (end >= buf + len || (*end != '\r' && *end != '\n') ||
		    b != a * 7)
			continue;
		if (a != next) {
			fprintf(stderr, "xentest_tool: answer %ld where %ld was "
				"due\n", a, next);
			return -1;
		}
		next++;
	}
	if (next != count + 1) {
		fprintf(stderr, "xentest_tool: %ld answers of %ld\n", next,
			count + 1);
		return -1;
	}
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Read what the client printed into buf until it holds answer @i. */
static long await_answer(int fd, char *buf, size_t *len, size_t from, long i,
			 double limit_ms)
{
	double t0 = now_ms();
	long at;

	while ((at = find_answer(buf, *len, from, i)) < 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = limit_ms - (now_ms() - t0);
		ssize_t n;

		if (left <= 0 || *len >= SESSION_MAX) {
			fprintf(stderr, "xentest_tool: no answer to line %ld\n", i);
			return -1;
		}
		if (poll(&pfd, 1, (int)left + 1) < 0 && errno != EINTR)
			return -1;
		if (!(pfd.revents & (POLLIN | POLLHUP)))
			continue;
		n = read(fd, buf + *len, SESSION_MAX - *len);
		if (n <= 0) {
			fprintf(stderr, "xentest_tool: the client's output "
				"ended before answer %ld\n", i);
			return -1;
		}
		*len += (size_t)n;
	}
	return at;
}

struct client {
	char **argv;
	pid_t pid;
	int in, out;		/* its standard input and output */
	char *buf;		/* all it printed */
	size_t len, from;	/* from: past the last answer */
	double ms[RTT_MAX];
};

static int client_start(struct client *c)
{
	int in[2], out[2];

	c->buf = malloc(SESSION_MAX);
	if (!c->buf || pipe2(in, O_CLOEXEC))
		return -1;
	if (pipe2(out, O_CLOEXEC)) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	c->pid = fork();
	if (c->pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(127);
		execvp(c->argv[0], c->argv);
		perror(c->argv[0]);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	c->in = in[1];
	c->out = out[0];
	return c->pid < 0 ? -1 : 0;
}

static void client_stop(struct client *c)
{
	int status;

	if (c->in >= 0)
		close(c->in);
	if (c->pid > 0) {
		kill(c->pid, SIGTERM);
		waitpid(c->pid, &status, 0);
	}
	if (c->out >= 0)
		close(c->out);
	free(c->buf);
}

/* Line @i into client @c; 0 once its answer came back. */
static int client_type(struct client *c, long i, double limit_ms)
{
	char line[64];
	int n = snprintf(line, sizeof(line), "echo rt-%ld-$((%ld*7))\n", i, i);
	double t0 = now_ms();
	long at;

	if (write(c->in, line, (size_t)n) != n) {
		perror("xentest_tool: write to the client");
		return -1;
	}
	at = await_answer(c->out, c->buf, &c->len, c->from, i, limit_ms);
	if (at < 0)
		return -1;
	if (i > 0)
		c->ms[i - 1] = now_ms() - t0;
	c->from = (size_t)at + 1;
	return 0;
}

/*
 * Clients one after the other, line by line (line I into the first,
 * then into the second, ...), so that a change in the machine's load
 * falls on all of them alike.
 */
static int rtt(long count, double limit_ms, char **argv, int argc)
{
	struct client clients[RTT_CLIENTS];
	int n = 0, rc = 1, k, a, start = 0;
	long i;

	if (count < 1 || count > RTT_MAX) {
		fprintf(stderr, "xentest_tool: rtt: COUNT from 1 to %d\n",
			RTT_MAX);
		return 2;
	}
	/* CLIENT [ARG]... [-- CLIENT [ARG]...]... */
	for (a = 0; a <= argc; a++) {
		bool last = a == argc;

		if (!last && strcmp(argv[a], "--"))
			continue;
		/* a client is argv[start, a) */
		if (n == RTT_CLIENTS || a == start) {
			fprintf(stderr, "xentest_tool: rtt: 1 to %d clients, "
				"-- between them\n", RTT_CLIENTS);
			return 2;
		}
		memset(&clients[n], 0, sizeof(clients[n]));
		clients[n].argv = argv + start;
		clients[n].in = clients[n].out = -1;
		n++;
		if (!last)
			argv[a] = NULL;	/* the end of its arguments */
		start = a + 1;
	}
	signal(SIGPIPE, SIG_IGN);
	for (k = 0; k < n; k++)
		if (client_start(&clients[k])) {
			perror("xentest_tool: rtt: a client");
			goto done;
		}
	for (i = 0; i <= count; i++)
		for (k = 0; k < n; k++) {
			if (client_type(&clients[k], i, limit_ms)) {
				fprintf(stderr, "xentest_tool: client %d (%s)\n",
					k, clients[k].argv[0]);
				goto done;
			}
			if (i > 0)
				printf("rtt %d %ld %.2f\n", k, i,
				       clients[k].ms[i - 1]);
		}
	rc = 0;
	for (k = 0; k < n; k++) {
		double *ms = clients[k].ms;

		if (answers_in_order(clients[k].buf, clients[k].len, count)) {
			fprintf(stderr, "xentest_tool: client %d\n", k);
			rc = 1;
			continue;
		}
		qsort(ms, (size_t)count, sizeof(ms[0]), cmp_double);
		printf("rtt-summary %d %ld %.2f %.2f\n", k, count,
		       count % 2 ? ms[count / 2] :
				   (ms[count / 2 - 1] + ms[count / 2]) / 2,
		       ms[count - 1]);
	}
done:
	for (k = 0; k < n; k++) {
		if (rc && clients[k].len)
			fprintf(stderr, "xentest_tool: client %d's session:\n"
				"%.*s\n", k, (int)clients[k].len,
				clients[k].buf);
		client_stop(&clients[k]);
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "markers"))
		return markers(argv[2], argv[3], argv[4], atof(argv[5]) * 1e3);
	if (argc == 3 && !strcmp(argv[1], "stats"))
		return stats(argv[2]);
	if (argc >= 5 && !strcmp(argv[1], "rtt"))
		return rtt(atol(argv[2]), atof(argv[3]) * 1e3, argv + 4,
			   argc - 4);
	fprintf(stderr, "usage: xentest_tool markers FILE BEGIN END SECONDS\n"
		"       xentest_tool stats SOCKET\n"
		"       xentest_tool rtt COUNT SECONDS CLIENT [ARG]..."
		" [-- CLIENT [ARG]...]...\n");
	return 2;
}
