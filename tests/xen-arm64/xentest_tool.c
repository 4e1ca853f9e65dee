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
 *	copy the JSON document of the daemon's control socket to stdout.
 * Knows nothing of Xen or of the daemon beyond the socket's existence.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <libgen.h>
#include <poll.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
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

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "markers"))
		return markers(argv[2], argv[3], argv[4], atof(argv[5]) * 1e3);
	if (argc == 3 && !strcmp(argv[1], "stats"))
		return stats(argv[2]);
	fprintf(stderr, "usage: xentest_tool markers FILE BEGIN END SECONDS\n"
		"       xentest_tool stats SOCKET\n");
	return 2;
}
