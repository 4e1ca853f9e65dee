// SPDX-License-Identifier: GPL-2.0-only
/*
 * The two console kinds that share Xen's console ring (struct
 * xencons_interface): the PV console ("console", ring by grant reference
 * 0 with a foreign-map fallback) and the Arm in-Xen vuart ("vuart/0",
 * ring by frame number; Xen's vpl011 is at the other end).
 *
 * The guest owns the page and may write anything into it: ring.c reads
 * and checks it; a ring that claims more than it can hold is a counted
 * guest error here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "errno_rc.h"
#include "console.h"
#include "xen.h"
#include "evtchn.h"
#include "ring.h"

struct ring_console {
	struct xencons_interface *intf;	/* NULL while detached */
	bool by_grant;
	unsigned long ring_ref;
	unsigned long remote_port;
	uint32_t local_port;
	bool bound;
};

static void ring_event(void *ctx, uint32_t port)
{
	struct console *con = ctx;

	(void)port;
	con->stats.events++;
	console_kick(con);
}

static void ring_close(struct console *con)
{
	struct ring_console *r = con->priv;
	const struct console_env *env = con->env;

	if (r->bound)
		evtchn_unbind(env->evtchn, r->local_port);
	xen_unmap_ring(env->xen, r->intf, r->by_grant);
	r->intf = NULL;
	r->bound = false;
}

/* The toolstack's keys, or -ENOENT while they are not (all) there. */
static int read_keys(struct console *con, unsigned long *ring_ref,
		     unsigned long *port)
{
	const struct console_env *env = con->env;
	char *type;
	int rc;

	rc = xen_read_uint(env->xen, console_xs_dir(con), "ring-ref", ring_ref);
	if (rc == 0)
		rc = xen_read_uint(env->xen, console_xs_dir(con), "port", port);
	if (rc)
		return rc == -EINVAL ? rc : -ENOENT;
	/* "ioemu" consoles are QEMU's, not ours (stock does the same). */
	type = xen_read(env->xen, console_xs_dir(con), "type");
	rc = type && strcmp(type, "xenconsoled") ? -ENOENT : 0;
	free(type);
	return rc;
}

static int ring_attach(struct console *con, bool use_grant)
{
	struct ring_console *r = con->priv;
	const struct console_env *env = con->env;
	unsigned long ring_ref, port;
	int rc = read_keys(con, &ring_ref, &port);

	if (rc)
		return rc;
	if (r->intf && ring_ref == r->ring_ref && port == r->remote_port)
		return 0;		/* unchanged */
	if (r->intf)
		ring_close(con);
	r->intf = xen_map_ring(env->xen, con->domid, ring_ref, use_grant,
			       &r->by_grant);
	if (!r->intf)
		return errno_rc();
	rc = evtchn_bind_interdomain(env->evtchn, con->domid,
				     (uint32_t)port, ring_event, con);
	if (rc < 0) {
		ring_close(con);
		return rc;
	}
	r->local_port = (uint32_t)rc;
	r->bound = true;
	r->ring_ref = ring_ref;
	r->remote_port = port;
	return 0;
}

/* The ring is Xen's, not ours to keep: a successor maps it anew. */
static void ring_detach(struct console *con, bool park)
{
	(void)park;
	ring_close(con);
}

static int pv_attach(struct console *con)
{
	return ring_attach(con, true);
}

/* Xen's vpl011 shares its ring by frame number only. */
static int vuart_attach(struct console *con)
{
	return ring_attach(con, false);
}

static void notify(struct console *con)
{
	struct ring_console *r = con->priv;

	evtchn_notify(con->env->evtchn, r->local_port);
}

static size_t ring_pull(struct console *con, uint8_t *buf, size_t max)
{
	struct xencons_interface *intf = ((struct ring_console *)con->priv)->intf;
	struct ring_fault fault;
	size_t n;

	if (!intf)
		return 0;
	n = ring_take_output(intf, buf, max, &fault);
	if (fault.bad)
		console_guest_error(con, "output ring indexes out of range "
				    "(prod %u, cons %u): skipped", fault.prod,
				    fault.cons);
	if (n)
		notify(con);
	return n;
}

static size_t ring_push(struct console *con, const uint8_t *buf, size_t n)
{
	struct xencons_interface *intf = ((struct ring_console *)con->priv)->intf;
	struct ring_fault fault;

	if (!intf)
		return 0;
	n = ring_give_input(intf, buf, n, &fault);
	if (fault.bad)
		console_guest_error(con, "input ring indexes out of range "
				    "(prod %u, cons %u)", fault.prod, fault.cons);
	if (n)
		notify(con);
	return n;
}

const struct console_kind console_kind_pv = {
	.name = "pv",
	.xs_dir = "console",
	.log_suffix = "",
	.priv_size = sizeof(struct ring_console),
	.attach = pv_attach,
	.detach = ring_detach,
	.pull = ring_pull,
	.push = ring_push,
};

const struct console_kind console_kind_vuart = {
	.name = "vuart",
	.xs_dir = "vuart/0",
	.log_suffix = "-vuart0",
	.priv_size = sizeof(struct ring_console),
	.attach = vuart_attach,
	.detach = ring_detach,
	.pull = ring_pull,
	.push = ring_push,
};
