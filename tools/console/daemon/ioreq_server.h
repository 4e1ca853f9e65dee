/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * An Arm ioreq server for one MMIO page of one guest: the Xen side of a
 * device model (libxendevicemodel, the ioreq page, one event channel per
 * vCPU), in the order Xen/Arm needs: create the server (no buffered
 * ioreqs on a stock Xen/Arm), map its ioreq page, enable it (only then
 * does Xen publish the per-vCPU ports), bind each vCPU's port, claim the
 * range.  With our hypervisor patch it also has the fast path
 * (ioreq_fast.h): posted writes and published reads.
 * Requests are answered by mmio.h's path and the region's ops.
 *
 * A server outlives its process: a daemon that stops parks it, the next
 * one adopts it by id, and whatever was in flight is answered then.  No
 * vCPU is ever left waiting: every request is answered, and a failed
 * notification is counted and sent again until it goes through.
 */
#ifndef IOREQ_SERVER_H
#define IOREQ_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <xendevicemodel.h>
#include <xenforeignmemory.h>

#include "ioreq_fast.h"
#include "loop.h"
#include "mmio.h"

struct evtchn;

/* What a server needs from its host. */
struct ioreq_env {
	xendevicemodel_handle *xdm;
	xenforeignmemory_handle *xfm;
	struct evtchn *evtchn;
	struct loop *loop;
};

/*
 * Told after each request was answered and its vCPU notified, with the
 * time serving it took (0 for one answered at a takeover or a close).
 */
typedef void ioreq_served_fn(void *ctx, const struct mmio_served *served,
			     uint64_t ns);

/* Told after n posted writes were applied and committed (fast path). */
typedef void ioreq_drained_fn(void *ctx, unsigned int n);

struct ioreq_vcpu {
	struct ioreq_server *server;
	unsigned int index;
	uint32_t port;			/* our local port */
	bool bound;
};

struct ioreq_server {
	const struct ioreq_env *env;
	uint32_t domid;
	struct mmio_region region;
	ioreq_served_fn *served;
	ioservid_t id;
	bool created;			/* id names a server in Xen */
	xenforeignmemory_resource_handle *res;
	shared_iopage_t *page;
	struct ioreq_vcpu *vcpus;
	unsigned int nr_vcpus;
	struct loop_timer renotify;	/* after a failed notification */
	uint64_t notify_failures;
	/* The fast path, when asked for and the hypervisor has it. */
	bool fast_wanted;
	ioreq_drained_fn *drained;
	struct ioreq_fast fast;
	uint32_t ring_port;		/* our port for the buffered ring */
	bool ring_bound;
};

/*
 * Ready the struct; nothing in Xen yet.  region.size is one page.  0 or
 * -ENOMEM; once it succeeded, close it.
 */
int ioreq_server_init(struct ioreq_server *s, const struct ioreq_env *env,
		      uint32_t domid, const struct mmio_region *region,
		      ioreq_served_fn *served);

/*
 * The fast path (hypervisor-ioreq-arm/fast-path.md), before open or
 * adopt.  wanted: a new server gets the buffered ring and the published
 * page where the hypervisor has them (on a stock one it is created as
 * without).  drained is told of posted writes applied, on any server that
 * has the fast path, an adopted one too.
 */
void ioreq_server_set_fast(struct ioreq_server *s, bool wanted,
			   ioreq_drained_fn *drained);

/* A new server claiming the region.  0 or -errno (then close it). */
int ioreq_server_open(struct ioreq_server *s);

/* The fast path is on: what the device publishes reaches Xen. */
static inline bool ioreq_server_fast(const struct ioreq_server *s)
{
	return ioreq_fast_on(&s->fast);
}

/*
 * What Xen may answer for the device and which writes it may post; for
 * a read to see it, call it before the answer (the region's commit).
 */
void ioreq_server_publish(struct ioreq_server *s,
			  const struct ioreq_publication *pub);

/*
 * The server id a previous process left enabled with the region claimed:
 * map and bind (its fast path too, if it has one: posted writes must be
 * applied whether or not this process wants more of them).  0 or -errno (then close it, which destroys that server
 * too).  Nothing is answered until ioreq_server_answer_left(), so a
 * device model can confine itself in between.
 */
int ioreq_server_adopt(struct ioreq_server *s, ioservid_t id);

/* After an adoption: answer what the previous process left in flight. */
void ioreq_server_answer_left(struct ioreq_server *s);

/*
 * A server a previous process left that this one cannot adopt: destroyed,
 * so that its range is free again.
 */
void ioreq_server_discard(const struct ioreq_env *env, uint32_t domid,
			  ioservid_t id);

/*
 * Answer what waits, unbind and unmap; then destroy the server, unless
 * park leaves it for the next process to adopt (its guest waits on the
 * device meanwhile, as with any device model that is down).
 */
void ioreq_server_close(struct ioreq_server *s, bool park);

#endif
