// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event channels of the simulated hypervisor.  Port states follow Xen's
 * (free, unbound, interdomain, virq); delivery follows Linux's evtchn
 * driver: a delivered port is masked and its number written to the owning
 * connection's event pipe, and an unmask re-delivers a port that became
 * pending meanwhile.  Ports of a guest with no owner go to the guest's own
 * connection.  Ports that Xen itself consumes (ioreq) are handed to ioreq.c.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <stdint.h>
#include <xen/xen.h>
#include "hv.h"

/* Port 0 is never valid in Xen; allocation starts at 1. */
static int port_alloc(struct hv_domain *d)
{
	uint32_t p;

	for (p = 1; p < XENSIM_MAX_PORTS; p++) {
		if (d->ports[p].state != XS_PORT_FREE)
			continue;
		if (p >= d->port_limit)
			d->port_limit = p + 1;
		return (int)p;
	}
	return -ENOSPC;
}

static struct hv_port *port_get(struct hv_domain *d, uint64_t port)
{
	if (!d || port == 0 || port >= XENSIM_MAX_PORTS ||
	    d->ports[port].state == XS_PORT_FREE)
		return NULL;
	return &d->ports[port];
}

int hv_port_alloc_unbound(struct hv_domain *d, uint32_t remote,
			  struct hv_client *owner)
{
	int p = port_alloc(d);

	if (p < 0)
		return p;
	d->ports[p] = (struct hv_port){
		.state = XS_PORT_UNBOUND, .remote_dom = remote, .owner = owner,
	};
	return p;
}

int hv_port_alloc_xen(struct hv_domain *d, uint32_t remote)
{
	int p = hv_port_alloc_unbound(d, remote, NULL);

	if (p > 0)
		d->ports[p].xen = true;
	return p;
}

void hv_port_send(struct hv_domain *d, uint32_t port)
{
	struct hv_port *p = port_get(d, port);

	if (p && p->state == XS_PORT_INTERDOMAIN)
		hv_port_raise(hv_domain_get(p->remote_dom), p->remote_port);
}

static struct hv_client *port_target(struct hv_domain *d, struct hv_port *p)
{
	if (p->owner)
		return p->owner;
	return d->domid ? d->guest : NULL;
}

static void deliver(struct hv_domain *d, uint32_t port)
{
	struct hv_port *p = &d->ports[port];
	struct hv_client *target = port_target(d, p);

	if (p->masked || !target || target->event_fd < 0) {
		p->pending = true;
		return;
	}
	p->pending = false;
	p->masked = true;
	if (write(target->event_fd, &port, sizeof(port)) != sizeof(port))
		hv_log("event for d%u port %u lost", d->domid, port);
}

void hv_port_raise(struct hv_domain *d, uint32_t port)
{
	struct hv_port *p = port_get(d, port);

	if (!p)
		return;
	if (p->xen)
		hv_ioreq_port_notified(d, port);
	else
		deliver(d, port);
}

void hv_virq_raise(uint32_t virq)
{
	struct hv_domain *d0 = &hv_domains[0];
	uint32_t p;

	for (p = 1; p < d0->port_limit; p++)
		if (d0->ports[p].state == XS_PORT_VIRQ &&
		    d0->ports[p].virq == virq)
			deliver(d0, p);
}

void hv_ports_guest_attached(struct hv_domain *d)
{
	uint32_t p;

	for (p = 1; p < d->port_limit; p++) {
		struct hv_port *port = &d->ports[p];

		if (port->state == XS_PORT_FREE || port->owner || port->xen)
			continue;
		port->masked = false;
		if (port->pending)
			deliver(d, p);
	}
}

/* Closing one end of an interdomain channel leaves the other unbound. */
void hv_port_close(struct hv_domain *d, uint32_t port)
{
	struct hv_port *p = &d->ports[port];
	struct hv_domain *peer = hv_domain_get(p->remote_dom);

	if (p->state == XS_PORT_INTERDOMAIN && peer) {
		struct hv_port *q = port_get(peer, p->remote_port);

		if (q && q->state == XS_PORT_INTERDOMAIN &&
		    q->remote_dom == d->domid && q->remote_port == port) {
			q->state = XS_PORT_UNBOUND;
			q->remote_port = 0;
		}
	}
	memset(p, 0, sizeof(*p));
}

void hv_ports_close_domain(struct hv_domain *d)
{
	uint32_t p;

	for (p = 1; p < d->port_limit; p++)
		if (d->ports[p].state != XS_PORT_FREE)
			hv_port_close(d, p);
}

void hv_ports_client_gone(struct hv_client *c)
{
	uint32_t domid, p;

	for (domid = 0; domid < XENSIM_MAX_DOMAINS; domid++) {
		struct hv_domain *d = hv_domain_get(domid);

		for (p = 1; d && p < d->port_limit; p++)
			if (d->ports[p].owner == c)
				hv_port_close(d, p);
	}
}

static int bind_interdomain(struct hv_client *c, struct hv_domain *ld,
			    uint32_t rdom, uint64_t rport)
{
	struct hv_domain *rd = hv_domain_get(rdom);
	struct hv_port *rp = port_get(rd, rport);
	int lport;

	if (!rd || rd->dying)
		return -ESRCH;
	if (!rp || rp->state != XS_PORT_UNBOUND || rp->remote_dom != ld->domid)
		return -EINVAL;
	lport = port_alloc(ld);
	if (lport < 0)
		return lport;
	ld->ports[lport] = (struct hv_port){
		.state = XS_PORT_INTERDOMAIN, .remote_dom = rdom,
		.remote_port = (uint32_t)rport, .owner = ld->domid ? NULL : c,
	};
	rp->state = XS_PORT_INTERDOMAIN;
	rp->remote_port = (uint32_t)lport;
	/* Xen marks the new local port pending so no event is lost. */
	deliver(ld, (uint32_t)lport);
	return lport;
}

static int bind_virq(struct hv_client *c, struct hv_domain *d, uint64_t virq)
{
	uint32_t p;
	int port;

	if (virq >= NR_VIRQS)
		return -EINVAL;
	for (p = 1; p < d->port_limit; p++)
		if (d->ports[p].state == XS_PORT_VIRQ && d->ports[p].virq == virq)
			return -EEXIST;
	port = port_alloc(d);
	if (port < 0)
		return port;
	d->ports[port] = (struct hv_port){
		.state = XS_PORT_VIRQ, .virq = (uint32_t)virq, .owner = c,
	};
	return port;
}

static int port_status(struct hv_client *c, const struct xensim_req *req,
		       struct hv_reply *r)
{
	uint32_t domid = req->dom == DOMID_SELF ? c->domid : req->dom;
	struct hv_domain *d = hv_domain_get(domid);
	struct xensim_evtchn_status st = { .state = XS_PORT_FREE };
	struct hv_port *p;

	if (!d)
		return -ESRCH;
	if (req->a == 0 || req->a >= XENSIM_MAX_PORTS)
		return -EINVAL;
	p = &d->ports[req->a];
	st.state = p->state;
	st.remote_dom = p->remote_dom;
	st.remote_port = p->remote_port;
	st.virq = p->virq;
	memcpy(r->data, &st, sizeof(st));
	r->len = sizeof(st);
	return 0;
}

/* Ports a connection may act on: its own, or its guest's unowned ones. */
static struct hv_port *own_port(struct hv_client *c, struct hv_domain *d,
				uint64_t port)
{
	struct hv_port *p = port_get(d, port);

	if (!p || (p->owner && p->owner != c) || (!p->owner && !c->domid))
		return NULL;
	return p;
}

/*
 * A port the connection did not bind.  A guest's hypercall finds no such
 * port of its own: EINVAL, as Xen's evtchn_send and evtchn_close answer.
 * A dom0 connection is a file of Linux's evtchn driver, which looks the
 * port up among the file's own (drivers/xen/evtchn.c): IOCTL_EVTCHN_NOTIFY
 * and IOCTL_EVTCHN_UNBIND fail ENOTCONN (UNBIND EINVAL beyond the ports
 * Xen has), and evtchn_write skips the port of an unmask.
 */
static int not_bound_here(const struct hv_client *c,
			  const struct xensim_req *req)
{
	if (c->domid)
		return -EINVAL;
	switch (req->op) {
	case XS_OP_EVTCHN_UNMASK:
		return 0;
	case XS_OP_EVTCHN_UNBIND:
		return req->a < XENSIM_MAX_PORTS ? -ENOTCONN : -EINVAL;
	default:	/* XS_OP_EVTCHN_NOTIFY */
		return -ENOTCONN;
	}
}

static int port_op(struct hv_client *c, struct hv_domain *d,
		   const struct xensim_req *req)
{
	struct hv_port *p = own_port(c, d, req->a);

	if (!p)
		return not_bound_here(c, req);
	switch (req->op) {
	case XS_OP_EVTCHN_UNBIND:
		hv_port_close(d, (uint32_t)req->a);
		return 0;
	case XS_OP_EVTCHN_UNMASK:
		p->masked = false;
		if (p->pending)
			deliver(d, (uint32_t)req->a);
		return 0;
	default:	/* XS_OP_EVTCHN_NOTIFY */
		hv_port_send(d, (uint32_t)req->a);
		return 0;
	}
}

HV_OP(evtchn)
{
	struct hv_domain *d = hv_domain_get(c->domid);
	int64_t ret;

	(void)data;
	if (!d || d->dying)
		return -ESRCH;
	switch (req->op) {
	case XS_OP_EVTCHN_ALLOC_UNBOUND:
		/* The toolstack allocates for a guest; a guest for itself. */
		d = hv_domain_get(c->domid ? c->domid : req->dom);
		if (!d || d->dying)
			return -ESRCH;
		ret = hv_port_alloc_unbound(d, (uint32_t)req->a,
					    d->domid ? NULL : c);
		break;
	case XS_OP_EVTCHN_BIND_INTERDOMAIN:
		ret = bind_interdomain(c, d, req->dom, req->a);
		break;
	case XS_OP_EVTCHN_BIND_VIRQ:
		ret = bind_virq(c, d, req->a);
		break;
	case XS_OP_EVTCHN_STATUS:
		return port_status(c, req, r);
	default:
		return port_op(c, d, req);
	}
	if (ret < 0)
		return (int)ret;
	r->val = (uint64_t)ret;
	return 0;
}
