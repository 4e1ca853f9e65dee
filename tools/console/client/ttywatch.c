// SPDX-License-Identifier: GPL-2.0-only
/*
 * The console's tty node in xenstore (see ttywatch.h).  The node names
 * are those of the stock client and libxl__console_tty_path():
 * console/tty, device/console/N/tty, serial/N/tty and vuart/0/tty under
 * the domain's path.  xenconsoled rewrites the node whenever it makes a
 * new pty (restart, broken pty), so every watch event reopens it.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenstore.h>

#include "ttywatch.h"

#define WATCH_TOKEN	"xenconsole-tty"

struct ttywatch {
	struct xs_handle *xs;
	char *node;
	bool watching;
};

static int domain_exists_in_store(struct xs_handle *xs, unsigned int domid,
				  const char *dom_path)
{
	char *dir = xs_read(xs, XBT_NULL, dom_path, NULL);
	int err = errno;

	if (dir) {
		free(dir);
		return 0;
	}
	if (err == ENOENT)
		warnx("domain %u does not exist (no %s in xenstore)", domid,
		      dom_path);
	else
		warnx("cannot read %s from xenstore: %s", dom_path,
		      strerror(err));
	return -err;
}

/* Arm guests carry XEN_DOMINF_hvm_guest too. */
static int domain_is_hvm(unsigned int domid, bool *hvm)
{
	xc_interface *xc = xc_interface_open(NULL, NULL, 0);
	xc_domaininfo_t info;
	int n, rc = 0;

	if (!xc) {
		rc = -errno;
		warn("cannot open the hypervisor interface");
		return rc;
	}
	/* The first domain from domid on: maybe a later one. */
	n = xc_domain_getinfolist(xc, domid, 1, &info);
	if (n < 0) {
		rc = -errno;
		warn("cannot get information on domain %u", domid);
	} else if (n != 1 || info.domain != domid) {
		rc = -ESRCH;
		warnx("domain %u does not exist", domid);
	} else {
		*hvm = info.flags & XEN_DOMINF_hvm_guest;
	}
	xc_interface_close(xc);
	return rc;
}

static bool node_exists(struct xs_handle *xs, const char *node)
{
	char *value = xs_read(xs, XBT_NULL, node, NULL);

	free(value);
	return value != NULL;
}

/* The node for @type, or NULL on ENOMEM. */
static char *tty_node(const char *dom_path, enum console_type type,
		      unsigned int num)
{
	char *node = NULL;
	int n;

	if (type == CONSOLE_SERIAL)
		n = asprintf(&node, "%s/serial/%u/tty", dom_path, num);
	else if (type == CONSOLE_VUART)
		n = asprintf(&node, "%s/vuart/0/tty", dom_path);
	else if (num == 0)
		n = asprintf(&node, "%s/console/tty", dom_path);
	else
		n = asprintf(&node, "%s/device/console/%u/tty", dom_path, num);
	return n < 0 ? NULL : node;
}

/*
 * As stock: serial falls back to pv when the domain has no such serial
 * node, whether serial was asked for or chosen by default.
 */
static char *choose_node(struct xs_handle *xs, const struct cmdline *cmd,
			 const char *dom_path)
{
	enum console_type type = cmd->type;
	bool hvm = false;
	char *node;

	if (type == CONSOLE_DEFAULT) {
		if (domain_is_hvm(cmd->domid, &hvm))
			return NULL;
		type = hvm ? CONSOLE_SERIAL : CONSOLE_PV;
	}
	node = tty_node(dom_path, type, cmd->num);
	if (node && type == CONSOLE_SERIAL && !node_exists(xs, node)) {
		free(node);
		node = tty_node(dom_path, CONSOLE_PV, cmd->num);
	}
	if (!node)
		warn("cannot build the console's xenstore path");
	return node;
}

struct ttywatch *ttywatch_open(const struct cmdline *cmd)
{
	struct ttywatch *tw = calloc(1, sizeof(*tw));
	char *dom_path = NULL;

	if (!tw) {
		warn("out of memory");
		return NULL;
	}
	tw->xs = xs_open(0);
	if (!tw->xs) {
		warn("cannot connect to xenstore");
		goto fail;
	}
	dom_path = xs_get_domain_path(tw->xs, cmd->domid);
	if (!dom_path) {
		warn("cannot get the xenstore path of domain %u", cmd->domid);
		goto fail;
	}
	if (domain_exists_in_store(tw->xs, cmd->domid, dom_path))
		goto fail;
	tw->node = choose_node(tw->xs, cmd, dom_path);
	if (!tw->node)
		goto fail;
	if (!xs_watch(tw->xs, tw->node, WATCH_TOKEN)) {
		warn("cannot watch %s in xenstore", tw->node);
		goto fail;
	}
	tw->watching = true;
	free(dom_path);
	return tw;

fail:
	free(dom_path);
	ttywatch_close(tw);
	return NULL;
}

void ttywatch_close(struct ttywatch *tw)
{
	if (!tw)
		return;
	if (tw->watching)
		xs_unwatch(tw->xs, tw->node, WATCH_TOKEN);
	if (tw->xs)
		xs_close(tw->xs);
	free(tw->node);
	free(tw);
}

int ttywatch_fd(const struct ttywatch *tw)
{
	return xs_fileno(tw->xs);
}

const char *ttywatch_node(const struct ttywatch *tw)
{
	return tw->node;
}

/*
 * O_NONBLOCK so that a node naming some other device cannot hang the
 * open; reads and writes are blocking afterwards.
 */
static int open_tty(const char *path)
{
	int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	struct termios t;

	if (fd < 0)
		return -errno;
	if (tcgetattr(fd, &t) < 0) {
		close(fd);
		return -ENOTTY;
	}
	/* The daemon makes it raw too; be sure, as stock is. */
	cfmakeraw(&t);
	tcsetattr(fd, TCSANOW, &t);
	if (fcntl(fd, F_SETFL, O_RDWR) < 0) {
		close(fd);
		return -errno;
	}
	return fd;
}

static int open_node(struct ttywatch *tw)
{
	char *path = xs_read(tw->xs, XBT_NULL, tw->node, NULL);
	int fd;

	if (!path)
		return errno == ENOENT ? -ENOENT : -errno;
	if (!*path) {
		free(path);
		return -ENOENT;
	}
	fd = open_tty(path);
	if (fd < 0) {
		warnx("cannot open console tty %s (%s): waiting for a new one",
		      path, strerror(-fd));
		fd = -EAGAIN;
	}
	free(path);
	return fd;
}

int ttywatch_reopen(struct ttywatch *tw)
{
	char **event;

	/* One watch, so events need no sorting: just use them all up. */
	while ((event = xs_check_watch(tw->xs)))
		free(event);
	if (errno != EAGAIN)
		return errno ? -errno : -EIO;
	return open_node(tw);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* xenstored fires a new watch once at once, so the first poll returns. */
int ttywatch_wait(struct ttywatch *tw, int abort_fd, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	struct pollfd fds[2] = {
		{ .fd = ttywatch_fd(tw), .events = POLLIN },
		{ .fd = abort_fd, .events = POLLIN },
	};
	long long left;
	int rc;

	while ((left = deadline - now_ms()) > 0) {
		rc = poll(fds, 2, left);
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc <= 0)
			continue;
		if (fds[1].revents)
			return -EINTR;
		rc = ttywatch_reopen(tw);
		if (rc != -ENOENT && rc != -EAGAIN)
			return rc;
	}
	return -ETIMEDOUT;
}
