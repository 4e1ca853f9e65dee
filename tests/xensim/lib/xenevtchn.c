// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxenevtchn.so.1.  A handle is one connection to the xensim
 * hypervisor plus a pipe on which it writes the number of each port that
 * fires; xenevtchn_fd() is the pipe's read end, so poll/epoll work on it.
 * As with Linux's /dev/xen/evtchn, a fired port stays masked until
 * xenevtchn_unmask(), and xenevtchn_restrict() limits the handle to one
 * domain.
 *
 * The handle knows the ports bound through it, as the driver knows each
 * open file's: notify and unmask are checked against them here and posted
 * without waiting, since the driver's ioctl and write() never wait for
 * another process; a round trip to the hypervisor process per call would
 * charge its scheduling to every caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>
#include <xenevtchn.h>
#include "toolcore.h"

#define PORT_WORD_BITS	(sizeof(unsigned long) * CHAR_BIT)

struct xenevtchn_handle {
	struct xensim_conn conn;
	struct toolcore_handle tc;
	unsigned long bound[XENSIM_MAX_PORTS / PORT_WORD_BITS];
};

static bool port_bound(const xenevtchn_handle *xce, evtchn_port_t port)
{
	return port < XENSIM_MAX_PORTS &&
	       (xce->bound[port / PORT_WORD_BITS] >> (port % PORT_WORD_BITS) & 1);
}

static void mark_port(xenevtchn_handle *xce, evtchn_port_t port, bool bound)
{
	unsigned long bit = 1ul << (port % PORT_WORD_BITS);

	if (bound)
		xce->bound[port / PORT_WORD_BITS] |= bit;
	else
		xce->bound[port / PORT_WORD_BITS] &= ~bit;
}

static int restrict_cb(struct toolcore_handle *tc, domid_t domid)
{
	return xenevtchn_restrict(TOOLCORE_OWNER(tc, xenevtchn_handle, tc),
				  domid);
}

xenevtchn_handle *xenevtchn_open(struct xentoollog_logger *logger,
				 unsigned int open_flags)
{
	xenevtchn_handle *xce = calloc(1, sizeof(*xce));
	int err;

	(void)logger;
	if (!xce)
		return NULL;
	err = toolcore_connect(&xce->conn, 1, &xce->tc, restrict_cb);
	if (err) {
		free(xce);
		errno = -err;
		return NULL;
	}
	/* Only the fd the caller sees may survive exec, as with the device. */
	if (open_flags & XENEVTCHN_NO_CLOEXEC)
		fcntl(xce->conn.event_fd, F_SETFD, 0);
	return xce;
}

int xenevtchn_close(xenevtchn_handle *xce)
{
	if (!xce)
		return 0;
	toolcore_disconnect(&xce->conn, &xce->tc);
	free(xce);
	return 0;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
	return xce->conn.event_fd;
}

static int64_t call(xenevtchn_handle *xce, uint32_t op, uint32_t dom,
		    uint64_t a)
{
	int64_t ret = xensim_simple(&xce->conn, op, dom, a, 0, 0, 0);

	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

static int post(xenevtchn_handle *xce, uint32_t op, evtchn_port_t port)
{
	int err = xensim_post(&xce->conn, op, port);

	if (err) {
		errno = -err;
		return -1;
	}
	return 0;
}

/* IOCTL_EVTCHN_NOTIFY: ENOTCONN for a port the file did not bind. */
int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
	if (!port_bound(xce, port)) {
		errno = ENOTCONN;
		return -1;
	}
	return post(xce, XS_OP_EVTCHN_NOTIFY, port);
}

/* A port the hypervisor gave this handle is the handle's until unbound. */
static xenevtchn_port_or_error_t bind_port(xenevtchn_handle *xce, uint32_t op,
					   uint32_t dom, uint64_t a)
{
	int64_t port = call(xce, op, dom, a);

	if (port >= 0)
		mark_port(xce, (evtchn_port_t)port, true);
	return (xenevtchn_port_or_error_t)port;
}

xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
						      uint32_t domid)
{
	return bind_port(xce, XS_OP_EVTCHN_ALLOC_UNBOUND, 0, domid);
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
						     uint32_t domid,
						     evtchn_port_t remote_port)
{
	return bind_port(xce, XS_OP_EVTCHN_BIND_INTERDOMAIN, domid, remote_port);
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
					      unsigned int virq)
{
	return bind_port(xce, XS_OP_EVTCHN_BIND_VIRQ, 0, virq);
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
	int ret = (int)call(xce, XS_OP_EVTCHN_UNBIND, 0, port);

	if (ret == 0)
		mark_port(xce, port, false);
	return ret;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
	uint32_t port;
	ssize_t n;

	do
		n = read(xce->conn.event_fd, &port, sizeof(port));
	while (n < 0 && errno == EINTR);
	if (n == (ssize_t)sizeof(port))
		return (xenevtchn_port_or_error_t)port;
	if (n >= 0)
		errno = n ? EIO : EPIPE;	/* hypervisor or domain gone */
	return -1;
}

/* A write() to the device: it skips a port the file did not bind. */
int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
	if (!port_bound(xce, port))
		return 0;
	return post(xce, XS_OP_EVTCHN_UNMASK, port);
}

/*
 * IOCTL_EVTCHN_RESTRICT_DOMID on the handle's fd (osdep_evtchn_restrict,
 * tools/libs/evtchn/linux.c).
 */
int xenevtchn_restrict(xenevtchn_handle *xce, domid_t domid)
{
	return toolcore_restrict(&xce->conn, XS_OP_EVTCHN_RESTRICT, domid);
}

xenevtchn_handle *xenevtchn_fdopen(struct xentoollog_logger *logger, int fd,
				   unsigned int open_flags)
{
	(void)logger;
	(void)fd;
	(void)open_flags;
	xensim_unsupported(__func__);
	return NULL;
}
