/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One event-channel handle for the whole daemon (stock xenconsoled opens
 * one per console), registered once with the loop.  Each bound port has
 * a handler; a wakeup dispatches exactly the pending ports, unmasking each
 * after its handler ran.
 */
#ifndef EVTCHN_H
#define EVTCHN_H

#include <stdint.h>

struct loop;
struct evtchn;

typedef void evtchn_fn(void *ctx, uint32_t port);

struct xentoollog_logger;

/* logger: where libxenevtchn reports (NULL: its default, stderr). */
int evtchn_open(struct evtchn **out, struct loop *loop,
		struct xentoollog_logger *logger);
void evtchn_close(struct evtchn *ev);

/* Bind the remote domain's port; returns our local port or -errno. */
int evtchn_bind_interdomain(struct evtchn *ev, uint32_t domid,
			    uint32_t remote_port, evtchn_fn *fn, void *ctx);
/* Bind a virtual IRQ (VIRQ_CON_RING); returns the local port or -errno. */
int evtchn_bind_virq(struct evtchn *ev, unsigned int virq, evtchn_fn *fn,
		     void *ctx);
void evtchn_unbind(struct evtchn *ev, uint32_t port);
int evtchn_notify(struct evtchn *ev, uint32_t port);

/*
 * Told when the device hangs up (the simulated Xen going away; a driver
 * that breaks): nothing more will ever arrive.
 */
void evtchn_on_broken(struct evtchn *ev, void (*fn)(void *ctx), void *ctx);

#endif
