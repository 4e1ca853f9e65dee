// SPDX-License-Identifier: GPL-2.0-only
/*
 * Caller side of the xensim protocol (see client.h).  Requests are blocking
 * and strictly one at a time per connection, which is all a library handle
 * needs; several handles mean several connections.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>
#include "client.h"

void xensim_unsupported(const char *func)
{
	fprintf(stderr, "xensim: %s is not implemented by the simulation\n",
		func);
	errno = ENOSYS;
}

const char *xensim_dir(void)
{
	const char *dir = getenv(XENSIM_ENV_DIR);

	if (!dir || !*dir) {
		fprintf(stderr, "xensim: %s is not set\n", XENSIM_ENV_DIR);
		return NULL;
	}
	return dir;
}

static int send_with_fd(int sock, const void *buf, size_t len, int fd)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = (void *)(uintptr_t)buf, .iov_len = len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *cmsg;

	if (fd >= 0) {
		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = sizeof(ctl.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	}
	return sendmsg(sock, &msg, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

static int open_socket(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *dir = xensim_dir();
	int fd;

	if (!dir)
		return -ENOENT;
	if ((size_t)snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s",
			     dir, XENSIM_SOCKET) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = errno;

		fprintf(stderr, "xensim: cannot reach the simulated hypervisor"
			" at %s: %s\n", addr.sun_path, strerror(err));
		close(fd);
		return -err;
	}
	return fd;
}

static int hello(struct xensim_conn *conn, uint32_t domid, int pipe_wr)
{
	struct xensim_req req = { .op = XS_OP_HELLO, .a = domid };
	struct xensim_rsp rsp;
	int err;

	err = send_with_fd(conn->fd, &req, sizeof(req), pipe_wr);
	if (err)
		return err;
	if (recv(conn->fd, &rsp, sizeof(rsp), 0) != sizeof(rsp))
		return -EPROTO;
	return -rsp.err;
}

int xensim_connect(struct xensim_conn *conn, uint32_t domid, int want_events)
{
	int pipefd[2] = { -1, -1 };
	int err;

	conn->event_fd = -1;
	conn->fd = open_socket();
	if (conn->fd < 0)
		return conn->fd;
	if (want_events && pipe2(pipefd, O_CLOEXEC) < 0) {
		err = -errno;
		goto fail;
	}
	err = hello(conn, domid, pipefd[1]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	if (err)
		goto fail;
	conn->event_fd = pipefd[0];
	return 0;
fail:
	if (pipefd[0] >= 0)
		close(pipefd[0]);
	close(conn->fd);
	conn->fd = -1;
	return err;
}

/*
 * Closing a Linux evtchn/gntdev fd unbinds at once; a socket's EOF is seen
 * later.  Say goodbye first so a port or VIRQ is free when close returns.
 */
void xensim_disconnect(struct xensim_conn *conn)
{
	if (conn->fd >= 0)
		xensim_simple(conn, XS_OP_BYE, 0, 0, 0, 0, 0);
	if (conn->event_fd >= 0)
		close(conn->event_fd);
	if (conn->fd >= 0)
		close(conn->fd);
	conn->fd = conn->event_fd = -1;
}

static int64_t read_reply(struct xensim_conn *conn, void *out, size_t out_max,
			  size_t *out_len)
{
	static __thread char buf[sizeof(struct xensim_rsp) + XENSIM_MAX_PAYLOAD];
	struct xensim_rsp rsp;
	ssize_t n;

	do
		n = recv(conn->fd, buf, sizeof(buf), 0);
	while (n < 0 && errno == EINTR);
	if (n < (ssize_t)sizeof(rsp))
		return n < 0 ? -errno : -EPIPE;
	memcpy(&rsp, buf, sizeof(rsp));
	if (rsp.len > (size_t)n - sizeof(rsp))
		return -EPROTO;
	if (out && out_max)
		memcpy(out, buf + sizeof(rsp),
		       rsp.len < out_max ? rsp.len : out_max);
	if (out_len)
		*out_len = rsp.len < out_max ? rsp.len : out_max;
	if (rsp.err)
		return -(int64_t)rsp.err;
	return (int64_t)rsp.val;
}

int64_t xensim_call(struct xensim_conn *conn, struct xensim_req *req,
		    const void *data, size_t len, void *out, size_t out_max,
		    size_t *out_len)
{
	struct iovec iov[2] = {
		{ .iov_base = req, .iov_len = sizeof(*req) },
		{ .iov_base = (void *)(uintptr_t)data, .iov_len = len },
	};
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = len ? 2 : 1 };

	if (conn->fd < 0)
		return -EBADF;
	if (len > XENSIM_MAX_PAYLOAD)
		return -E2BIG;
	req->len = (uint32_t)len;
	if (sendmsg(conn->fd, &msg, MSG_NOSIGNAL) < 0)
		return -errno;
	return read_reply(conn, out, out_max, out_len);
}

int64_t xensim_simple(struct xensim_conn *conn, uint32_t op, uint32_t dom,
		      uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	struct xensim_req req = {
		.op = op, .dom = dom, .a = a, .b = b, .c = c, .d = d,
	};

	return xensim_call(conn, &req, NULL, 0, NULL, 0, NULL);
}
