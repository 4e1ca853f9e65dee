// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon's single event-channel handle (see evtchn.h).  Its fd is
 * made non-blocking so one wakeup can collect every pending port; a
 * table indexed by local port finds each port's handler in O(1).
 *
 * A wakeup serves the ports pending when it began, and no more: a vCPU
 * polling its UART sends its next request as soon as it is answered, and
 * serving that one in the same wakeup would hold back everything the
 * loop does between wakeups (draining output, other guests' consoles).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>

#include "errno_rc.h"
#include "evtchn.h"
#include "log.h"
#include "loop.h"
#include "xen.h"

/* Ports collected per wakeup; more stay pending for the next one. */
#define PORTS_PER_WAKEUP	256

struct binding {
	evtchn_fn *fn;
	void *ctx;
};

struct evtchn {
	xenevtchn_handle *xce;
	struct loop *loop;
	struct loop_watch watch;
	struct binding *ports;
	size_t nr_ports;
	void (*broken)(void *ctx);
	void *broken_ctx;
};

static void dispatch(void *ctx, uint32_t events)
{
	struct evtchn *ev = ctx;
	evtchn_port_t pending[PORTS_PER_WAKEUP];
	int n = 0;

	while (n < PORTS_PER_WAKEUP) {
		xenevtchn_port_or_error_t port = xenevtchn_pending(ev->xce);

		if (port < 0)
			break;		/* EAGAIN: nothing more pending */
		pending[n++] = (evtchn_port_t)port;
	}
	/* Hung up with nothing to read: the other end is gone for good. */
	if (n == 0 && (events & (EPOLLHUP | EPOLLERR))) {
		log_msg(LOG_ERR, "event channel device closed");
		loop_unwatch(ev->loop, &ev->watch);
		if (ev->broken)
			ev->broken(ev->broken_ctx);
		return;
	}
	for (int i = 0; i < n; i++) {
		evtchn_port_t port = pending[i];

		if (port < ev->nr_ports && ev->ports[port].fn)
			ev->ports[port].fn(ev->ports[port].ctx, port);
		xenevtchn_unmask(ev->xce, port);
	}
}

int evtchn_open(struct evtchn **out, struct loop *loop,
		struct xentoollog_logger *logger)
{
	struct evtchn *ev = calloc(1, sizeof(*ev));
	int fd, rc;

	if (!ev)
		return -ENOMEM;
	ev->loop = loop;
	ev->watch.fd = -1;
	ev->xce = xenevtchn_open(logger, 0);
	if (!ev->xce) {
		rc = errno_rc();
		log_msg(LOG_ERR, "cannot open the event channel device: %s",
			strerror(-rc));
		free(ev);
		return rc;
	}
	fd = xenevtchn_fd(ev->xce);
	rc = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ? -errno : 0;
	if (rc == 0)
		rc = loop_watch(loop, &ev->watch, fd, EPOLLIN, dispatch, ev);
	if (rc) {
		xenevtchn_close(ev->xce);
		free(ev);
		return rc;
	}
	*out = ev;
	return 0;
}

void evtchn_close(struct evtchn *ev)
{
	if (!ev)
		return;
	loop_unwatch(ev->loop, &ev->watch);
	xenevtchn_close(ev->xce);
	free(ev->ports);
	free(ev);
}

static int attach(struct evtchn *ev, xenevtchn_port_or_error_t port,
		  evtchn_fn *fn, void *ctx)
{
	if (port < 0)
		return errno_rc();
	if ((size_t)port >= ev->nr_ports) {
		size_t n = (size_t)port * 2 + 64;
		struct binding *ports = realloc(ev->ports, n * sizeof(*ports));

		if (!ports) {
			xenevtchn_unbind(ev->xce, (evtchn_port_t)port);
			return -ENOMEM;
		}
		memset(ports + ev->nr_ports, 0,
		       (n - ev->nr_ports) * sizeof(*ports));
		ev->ports = ports;
		ev->nr_ports = n;
	}
	ev->ports[port] = (struct binding){ fn, ctx };
	return port;
}

int evtchn_bind_interdomain(struct evtchn *ev, uint32_t domid,
			    uint32_t remote_port, evtchn_fn *fn, void *ctx)
{
	return attach(ev, xenevtchn_bind_interdomain(ev->xce, domid, remote_port),
		      fn, ctx);
}

int evtchn_bind_virq(struct evtchn *ev, unsigned int virq, evtchn_fn *fn,
		     void *ctx)
{
	return attach(ev, xenevtchn_bind_virq(ev->xce, virq), fn, ctx);
}

void evtchn_unbind(struct evtchn *ev, uint32_t port)
{
	if (port < ev->nr_ports)
		ev->ports[port] = (struct binding){ NULL, NULL };
	xenevtchn_unbind(ev->xce, port);
}

void evtchn_on_broken(struct evtchn *ev, void (*fn)(void *ctx), void *ctx)
{
	ev->broken = fn;
	ev->broken_ctx = ctx;
}

int evtchn_notify(struct evtchn *ev, uint32_t port)
{
	return xenevtchn_notify(ev->xce, port) < 0 ? -errno : 0;
}
