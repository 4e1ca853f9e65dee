// SPDX-License-Identifier: GPL-2.0-only
/*
 * An Arm ioreq server for one page (see ioreq_server.h).  The order of the
 * calls is Xen's: on Arm a server's vCPU ports exist only once it is
 * enabled (ioreq_server_enable() in xen/common/ioreq.c allocates them),
 * and the range is claimed last so that no access reaches a server that
 * cannot answer yet.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "errno_rc.h"
#include "evtchn.h"
#include "ioreq_server.h"
#include "log.h"
#include "stamps.h"

#include <xen/memory.h>

#define PAGE_SIZE	4096u
#define MAX_VCPUS	(PAGE_SIZE / sizeof(ioreq_t))
/* A notification that failed is sent again this much later. */
#define RENOTIFY_NS	1000000ull

static void notify(struct ioreq_server *s, const struct ioreq_vcpu *v);

/* Tell Xen again of every answer it has not taken. */
static void renotify_due(void *ctx)
{
	struct ioreq_server *s = ctx;

	for (unsigned int i = 0; i < s->nr_vcpus; i++)
		if (s->vcpus[i].bound &&
		    mmio_answer_pending(&s->page->vcpu_ioreq[i]))
			notify(s, &s->vcpus[i]);
}

/*
 * A vCPU whose answer is never signalled waits until something else
 * wakes it: a failed notification is counted, reported, and retried.
 */
static void notify(struct ioreq_server *s, const struct ioreq_vcpu *v)
{
	int rc = evtchn_notify(s->env->evtchn, v->port);

	if (rc == 0)
		return;
	if (s->notify_failures++ == 0)
		log_msg(LOG_ERR, "dom%u ioreq server %u: notifying vCPU %u "
			"failed (%s); retrying", s->domid, s->id, v->index,
			strerror(-rc));
	if (!loop_timer_armed(&s->renotify))
		loop_timer_arm(s->env->loop, &s->renotify,
			       loop_clock() + RENOTIFY_NS);
}

/* Posted writes, applied in ring order; the host hears of them. */
static void drain(struct ioreq_server *s)
{
	unsigned int n = ioreq_fast_drain(&s->fast, &s->region);

	if (n && s->drained)
		s->drained(s->region.ctx, n);
}

static void ring_event(void *ctx, uint32_t port)
{
	(void)port;
	drain(ctx);
}

static void vcpu_event(void *ctx, uint32_t port)
{
	struct ioreq_vcpu *v = ctx;
	struct ioreq_server *s = v->server;
	ioreq_t *slot = &s->page->vcpu_ioreq[v->index];
	struct mmio_served served;
	uint64_t start = loop_clock(), ns;

	(void)port;
	/*
	 * The slot first, then the ring: every write the vCPU posted before
	 * this request is on the ring by the time its slot reads READY.
	 */
	if (mmio_request_waiting(slot))
		drain(s);
	if (!mmio_serve(slot, &s->region, &served))
		return;			/* spurious, or answered already */
	/* Our time, not the guest's: the notify may run the guest first. */
	ns = loop_clock() - start;
	stamp_notify(served.req.addr, served.req.dir);
	notify(s, v);
	s->served(s->region.ctx, &served, ns ? ns : 1);
}

int ioreq_server_init(struct ioreq_server *s, const struct ioreq_env *env,
		      uint32_t domid, const struct mmio_region *region,
		      ioreq_served_fn *served)
{
	int rc;

	memset(s, 0, sizeof(*s));
	rc = loop_timer_init(env->loop, &s->renotify, renotify_due, s);
	if (rc)
		return rc;
	s->env = env;
	s->domid = domid;
	s->region = *region;
	s->served = served;
	return 0;
}

/* Map the server's ioreq page (by id): shared by open and adopt. */
static int map_page(struct ioreq_server *s)
{
	void *page = NULL;

	if (xendevicemodel_nr_vcpus(s->env->xdm, s->domid, &s->nr_vcpus) < 0)
		return errno_rc();
	if (s->nr_vcpus == 0 || s->nr_vcpus > MAX_VCPUS)
		return -ERANGE;
	s->res = xenforeignmemory_map_resource(s->env->xfm, s->domid,
			XENMEM_resource_ioreq_server, s->id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &page,
			PROT_READ | PROT_WRITE, 0);
	if (!s->res)
		return errno_rc();
	s->page = page;
	return 0;
}

static int bind_vcpus(struct ioreq_server *s)
{
	s->vcpus = calloc(s->nr_vcpus, sizeof(*s->vcpus));
	if (!s->vcpus)
		return -ENOMEM;
	for (unsigned int i = 0; i < s->nr_vcpus; i++) {
		struct ioreq_vcpu *v = &s->vcpus[i];
		int port = evtchn_bind_interdomain(s->env->evtchn, s->domid,
				s->page->vcpu_ioreq[i].vp_eport, vcpu_event, v);

		if (port < 0)
			return port;
		*v = (struct ioreq_vcpu){ s, i, (uint32_t)port, true };
	}
	return 0;
}

void ioreq_server_set_fast(struct ioreq_server *s, bool wanted,
			   ioreq_drained_fn *drained)
{
	s->fast_wanted = wanted;
	s->drained = drained;
}

/*
 * The ring and the published page of a server that has them, and the
 * ring's port.  Without them (a stock hypervisor, a server made without
 * the ring) everything is as before: nothing to report.
 */
static void attach_fast(struct ioreq_server *s)
{
	evtchn_port_t remote = 0;
	int port;

	if (ioreq_fast_map(&s->fast, s->env->xfm, s->domid, s->id))
		return;
	if (xendevicemodel_get_ioreq_server_info(s->env->xdm, s->domid, s->id,
						 NULL, NULL, &remote) == 0 &&
	    remote) {
		port = evtchn_bind_interdomain(s->env->evtchn, s->domid,
					       remote, ring_event, s);
		if (port >= 0) {
			s->ring_port = (uint32_t)port;
			s->ring_bound = true;
			return;
		}
	}
	log_msg(LOG_WARNING, "dom%u ioreq server %u: no port for its "
		"buffered ring; the fast path is off", s->domid, s->id);
	ioreq_fast_unmap(&s->fast, s->env->xfm);
}

/*
 * With the buffered ring when the fast path is wanted and the hypervisor
 * allows it: a stock Xen/Arm refuses it (-EINVAL, 2fbd7e609e).
 */
static int create(struct ioreq_server *s)
{
	xendevicemodel_handle *xdm = s->env->xdm;

	if (s->fast_wanted &&
	    xendevicemodel_create_ioreq_server(xdm, s->domid,
			HVM_IOREQSRV_BUFIOREQ_ATOMIC, &s->id) == 0)
		return 0;
	if (s->fast_wanted && errno != EINVAL)
		return errno_rc();
	if (xendevicemodel_create_ioreq_server(xdm, s->domid,
			HVM_IOREQSRV_BUFIOREQ_OFF, &s->id) < 0)
		return errno_rc();
	return 0;
}

int ioreq_server_open(struct ioreq_server *s)
{
	xendevicemodel_handle *xdm = s->env->xdm;
	uint64_t first = s->region.base;
	int rc;

	rc = create(s);
	if (rc)
		return rc;
	s->created = true;
	rc = map_page(s);
	if (rc)
		return rc;
	attach_fast(s);
	if (xendevicemodel_set_ioreq_server_state(xdm, s->domid, s->id, 1) < 0)
		return errno_rc();
	rc = bind_vcpus(s);
	if (rc)
		return rc;
	if (xendevicemodel_map_io_range_to_ioreq_server(xdm, s->domid, s->id, 1,
			first, first + s->region.size - 1) < 0)
		return errno_rc();
	return 0;
}

/* Answered at a takeover or a close: no service time to count. */
static void answered_late(void *ctx, unsigned int vcpu,
			  const struct mmio_served *served)
{
	struct ioreq_server *s = ctx;

	if (s->vcpus[vcpu].bound)
		notify(s, &s->vcpus[vcpu]);
	s->served(s->region.ctx, served, 0);
}

int ioreq_server_adopt(struct ioreq_server *s, ioservid_t id)
{
	int rc;

	s->id = id;
	s->created = true;
	rc = map_page(s);
	if (rc == 0)
		attach_fast(s);
	return rc ? rc : bind_vcpus(s);
}

void ioreq_server_publish(struct ioreq_server *s,
			  const struct ioreq_publication *pub)
{
	ioreq_fast_publish(&s->fast, &s->region, pub);
}

void ioreq_server_answer_left(struct ioreq_server *s)
{
	/* Writes posted before the requests that wait, then those. */
	drain(s);
	/* What waits now; an answer whose notification may be lost too. */
	mmio_serve_page(s->page, s->nr_vcpus, &s->region, answered_late, s);
	renotify_due(s);
}

void ioreq_server_discard(const struct ioreq_env *env, uint32_t domid,
			  ioservid_t id)
{
	/* Servers also die with their domain: failure here is harmless. */
	xendevicemodel_destroy_ioreq_server(env->xdm, domid, id);
}

void ioreq_server_close(struct ioreq_server *s, bool park)
{
	if (!s->env)
		return;			/* never initialised */
	loop_timer_release(s->env->loop, &s->renotify);
	/* Posted writes are the guest's too: applied, not told of. */
	ioreq_fast_drain(&s->fast, &s->region);
	if (s->page && s->vcpus)
		mmio_serve_page(s->page, s->nr_vcpus, &s->region,
				answered_late, s);
	if (s->ring_bound)
		evtchn_unbind(s->env->evtchn, s->ring_port);
	ioreq_fast_unmap(&s->fast, s->env->xfm);
	for (unsigned int i = 0; s->vcpus && i < s->nr_vcpus; i++)
		if (s->vcpus[i].bound)
			evtchn_unbind(s->env->evtchn, s->vcpus[i].port);
	if (s->res)
		xenforeignmemory_unmap_resource(s->env->xfm, s->res);
	if (s->created && !park)
		ioreq_server_discard(s->env, s->domid, s->id);
	free(s->vcpus);
	memset(s, 0, sizeof(*s));
}
