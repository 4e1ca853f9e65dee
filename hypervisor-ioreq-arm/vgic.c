// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic.c - the guest-visible effect of XEN_DMOP_set_irq_level on an SPI
 * (xen/arch/arm/dm.c checks, then vgic_inject_irq() of the default vGIC or
 * of CONFIG_NEW_VGIC), reduced to one SPI's pending/active state and the
 * guest's acknowledge and end of interrupt.  Priorities, targets and
 * enables are not modelled: every SPI goes to the guest as soon as it is
 * deliverable.
 */
#include <errno.h>
#include <stddef.h>

#include "ioreq_arm_internal.h"

static struct spi *spi_of(const struct ioreq_arm_domain *d, unsigned int irq)
{
	if (irq < IOREQ_ARM_NR_LOCAL_IRQS ||
	    irq - IOREQ_ARM_NR_LOCAL_IRQS >= d->cfg.nr_spis)
		return NULL;
	return &d->spi[irq - IOREQ_ARM_NR_LOCAL_IRQS];
}

/* A level line counts only on the new vGIC, and only if so configured. */
static bool deliverable(const struct ioreq_arm_domain *d, const struct spi *p)
{
	bool level = d->cfg.vgic == IOREQ_ARM_VGIC_NEW && p->level_cfg &&
		     p->line;

	return !p->active && (p->latch || level);
}

static void raise_if_new(struct ioreq_arm_domain *d, unsigned int irq,
			 bool was_deliverable)
{
	if (!was_deliverable && deliverable(d, spi_of(d, irq)))
		d->ops->irq_raised(d->ctx, irq);
}

/*
 * The old vGIC ignores a falling edge even for level interrupts ("but do
 * anyways"), so each level=1 only latches.  The new vGIC follows the line
 * of a level-configured SPI and latches an edge-configured one.
 */
static void inject(struct ioreq_arm_domain *d, struct spi *p, bool level)
{
	if (d->cfg.vgic == IOREQ_ARM_VGIC_NEW && p->level_cfg)
		p->line = level;
	else if (level)
		p->latch = true;
}

int ioreq_arm_set_irq_level(struct ioreq_arm_domain *d, unsigned int irq,
			    unsigned int level)
{
	struct spi *p;
	bool was;

	if (!d->cfg.ioreq_server_built)
		return -ENOSYS;
	p = spi_of(d, irq);
	/* Only SPIs, only 0/1, only lines Xen has not allocated. */
	if (!p || level > 1 || p->reserved)
		return -EINVAL;
	was = deliverable(d, p);
	inject(d, p, level);
	raise_if_new(d, irq, was);
	return 0;
}

int ioreq_arm_vgic_reserve(struct ioreq_arm_domain *d, unsigned int irq)
{
	struct spi *p = spi_of(d, irq);

	if (!p)
		return -EINVAL;
	if (p->reserved)
		return -EBUSY;
	p->reserved = true;
	return 0;
}

int ioreq_arm_vgic_configure(struct ioreq_arm_domain *d, unsigned int irq,
			     bool level_triggered)
{
	struct spi *p = spi_of(d, irq);
	bool was;

	if (!p)
		return -EINVAL;
	was = deliverable(d, p);
	p->level_cfg = level_triggered;
	raise_if_new(d, irq, was);
	return 0;
}

bool ioreq_arm_vgic_deliverable(const struct ioreq_arm_domain *d,
				unsigned int irq)
{
	const struct spi *p = spi_of(d, irq);

	return p && deliverable(d, p);
}

int ioreq_arm_vgic_ack(struct ioreq_arm_domain *d, unsigned int irq)
{
	struct spi *p = spi_of(d, irq);

	if (!p)
		return -EINVAL;
	if (!deliverable(d, p))
		return -ENOENT;
	p->active = true;
	p->latch = false;
	return 0;
}

int ioreq_arm_vgic_eoi(struct ioreq_arm_domain *d, unsigned int irq)
{
	struct spi *p = spi_of(d, irq);

	if (!p || !p->active)
		return -EINVAL;
	p->active = false;
	raise_if_new(d, irq, false);
	return 0;
}
