// SPDX-License-Identifier: GPL-2.0-only
/*
 * Interrupt side of the simulated hypervisor: xendevicemodel_set_irq_level
 * goes to the vGIC of the embedded ioreq model (ioreq.c); each time an SPI
 * becomes deliverable it is counted here, and guests waiting for that
 * count to move are woken.  A guest acknowledges an SPI (IAR + EOI) so the
 * vGIC can deliver it again.
 */
#include <errno.h>
#include "hv.h"

static void reply_spi(struct hv_client *c, const struct hv_domain *d, int err)
{
	struct hv_reply r = { .val = d ? d->spi_count[c->wait_spi] : 0 };

	c->deadline_ms = 0;
	hv_send_reply(c, err, &r);
}

/* Wake guests whose awaited SPI fired, or whose domain died. */
static void wake_waiters(struct hv_domain *d)
{
	struct hv_client *c;

	for (c = hv_clients(); c; c = c->next) {
		if (!c->deferred || !c->deadline_ms || c->domid != d->domid)
			continue;
		if (d->dying)
			reply_spi(c, NULL, -ESRCH);
		else if (d->spi_count[c->wait_spi] != c->wait_count)
			reply_spi(c, d, 0);
	}
}

void hv_irq_raised(struct hv_domain *d, unsigned int irq)
{
	if (irq >= sizeof(d->spi_count) / sizeof(d->spi_count[0]))
		return;
	d->spi_count[irq]++;
	wake_waiters(d);
}

void hv_irq_domain_gone(struct hv_domain *d)
{
	wake_waiters(d);
}

void hv_spi_timeouts(int64_t now_ms)
{
	struct hv_client *c;

	for (c = hv_clients(); c; c = c->next)
		if (c->deferred && c->deadline_ms && c->deadline_ms <= now_ms)
			reply_spi(c, hv_domain_get(c->domid), -ETIMEDOUT);
}

/* a: SPI, b: count the guest last saw, c: timeout in ms (0: no wait). */
static int spi_wait(struct hv_client *c, struct hv_domain *d,
		    const struct xensim_req *req, struct hv_reply *r)
{
	/* Xen's vGIC rounds the SPI count up to a multiple of 32. */
	if (req->a < 32 || req->a >= 32 + ((d->nr_spis + 31) & ~31u))
		return -EINVAL;
	r->val = d->spi_count[req->a];
	if (d->spi_count[req->a] != req->b || !req->c)
		return 0;
	c->wait_spi = (uint32_t)req->a;
	c->wait_count = (uint32_t)req->b;
	c->deadline_ms = hv_now_ms() + (int64_t)req->c;
	return HV_DEFERRED;
}

HV_OP(irq)
{
	struct hv_domain *d = hv_domain_get(c->domid ? c->domid : req->dom);

	(void)data;
	if (!d || d->dying || !d->domid)
		return -ESRCH;
	switch (req->op) {
	case XS_OP_SPI_WAIT:
		return spi_wait(c, d, req, r);
	default:
		return hv_ioreq_irq_op(c, d, req, r);
	}
}
