// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxenevtchn.so.1.  A handle is one connection to the xensim
 * hypervisor plus a pipe on which it writes the number of each port that
 * fires; xenevtchn_fd() is the pipe's read end, so poll/epoll work on it.
 * As with Linux's /dev/xen/evtchn, a fired port stays masked until
 * xenevtchn_unmask(), and xenevtchn_restrict() limits the handle to one
 * domain.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <xenevtchn.h>
#include "toolcore.h"

struct xenevtchn_handle {
	struct xensim_conn conn;
	struct toolcore_handle tc;
};

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

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
	return (int)call(xce, XS_OP_EVTCHN_NOTIFY, 0, port);
}

xenevtchn_port_or_error_t xenevtchn_bind_unbound_port(xenevtchn_handle *xce,
						      uint32_t domid)
{
	return (int)call(xce, XS_OP_EVTCHN_ALLOC_UNBOUND, 0, domid);
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce,
						     uint32_t domid,
						     evtchn_port_t remote_port)
{
	return (int)call(xce, XS_OP_EVTCHN_BIND_INTERDOMAIN, domid,
			 remote_port);
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce,
					      unsigned int virq)
{
	return (int)call(xce, XS_OP_EVTCHN_BIND_VIRQ, 0, virq);
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
	return (int)call(xce, XS_OP_EVTCHN_UNBIND, 0, port);
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

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
	return (int)call(xce, XS_OP_EVTCHN_UNMASK, 0, port);
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
