// SPDX-License-Identifier: GPL-2.0-only
/*
 * The relay loop (see relay.h).  poll() on at most four fds; stock used
 * select().  The escape character is found anywhere in what one read()
 * returns, not only when it arrives alone as in stock, so it works the
 * same for pasted text, slow links and pipes.
 */
#include <err.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "relay.h"

/* How much one read takes; nothing is lost when more is waiting. */
#define CHUNK	4096

enum { FD_SIGNAL, FD_STORE, FD_INPUT, FD_PTY, FD_COUNT };

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= n;
	}
	return 0;
}

static void drop_pty(struct relay *r)
{
	if (r->pty >= 0)
		close(r->pty);
	r->pty = -1;
}

/*
 * EOF or EIO means xenconsoled closed its side; it publishes a new pty
 * in the node if it makes one, and the watch brings us there.
 */
static int pump_output(struct relay *r)
{
	char buf[CHUNK];
	ssize_t n = read(r->pty, buf, sizeof(buf));
	int rc;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		drop_pty(r);
		return 0;
	}
	rc = write_all(STDOUT_FILENO, buf, n);
	if (rc)
		warnx("cannot write to standard output: %s", strerror(-rc));
	return rc;
}

static int pump_input(struct relay *r, bool *done)
{
	char buf[CHUNK];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
	const char *escape;
	size_t len;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	/* A terminal that hung up ends the session like end of file. */
	if (n < 0 && errno == EIO)
		n = 0;
	if (n < 0) {
		int err = errno;

		warnx("cannot read standard input: %s", strerror(err));
		return -err;
	}
	escape = memchr(buf, r->escape, n);
	len = escape ? (size_t)(escape - buf) : (size_t)n;
	/* A write error is a broken pty: wait for the next one, as stock. */
	if (r->pty >= 0 && write_all(r->pty, buf, len))
		drop_pty(r);
	*done = n == 0 || escape;
	return 0;
}

static int follow_node(struct relay *r, bool *done)
{
	int fd = ttywatch_reopen(r->tw);

	if (fd == -ENOENT) {
		*done = true;
		return 0;
	}
	if (fd < 0 && fd != -EAGAIN) {
		warnx("cannot read %s from xenstore: %s",
		      ttywatch_node(r->tw), strerror(-fd));
		return fd;
	}
	drop_pty(r);
	r->pty = fd;
	return 0;
}

static void fill_fds(const struct relay *r, struct pollfd *fds)
{
	int i;

	fds[FD_SIGNAL].fd = r->signal_fd;
	fds[FD_STORE].fd = ttywatch_fd(r->tw);
	fds[FD_INPUT].fd = r->forward_input ? STDIN_FILENO : -1;
	fds[FD_PTY].fd = r->pty;
	for (i = 0; i < FD_COUNT; i++)
		fds[i].events = POLLIN;
}

/* Output first, so what the console said before going away is shown. */
static int handle_ready(struct relay *r, const struct pollfd *fds,
			bool *done)
{
	int rc = 0;

	if (fds[FD_SIGNAL].revents) {
		*done = true;
		return 0;
	}
	if (fds[FD_PTY].revents)
		rc = pump_output(r);
	if (!rc && fds[FD_INPUT].revents)
		rc = pump_input(r, done);
	if (!rc && !*done && fds[FD_STORE].revents)
		rc = follow_node(r, done);
	return rc;
}

int relay_run(struct relay *r)
{
	struct pollfd fds[FD_COUNT];
	bool done = false;
	int rc = 0;

	while (!done && !rc) {
		fill_fds(r, fds);
		if (poll(fds, FD_COUNT, -1) < 0) {
			if (errno == EINTR)
				continue;
			warn("poll");
			return -errno;
		}
		rc = handle_ready(r, fds, &done);
	}
	return rc;
}
