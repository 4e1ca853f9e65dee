// SPDX-License-Identifier: GPL-2.0-only
/*
 * domain.c - the per-domain object: creation from a config, destruction
 * (which takes every ioreq server with it), crash state, the vCPU
 * accessors and the table of in-Xen MMIO handlers.
 * The server dm_ops live in server.c, the access path in access.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "ioreq_arm_internal.h"

static bool config_valid(const struct ioreq_arm_config *cfg)
{
	return cfg->nr_vcpus >= 1 && cfg->nr_vcpus <= IOREQ_ARM_MAX_VCPUS &&
	       cfg->nr_spis <= IOREQ_ARM_MAX_SPIS &&
	       (cfg->version == IOREQ_ARM_XEN_4_17 ||
		cfg->version == IOREQ_ARM_XEN_4_18) &&
	       (cfg->vgic == IOREQ_ARM_VGIC_OLD ||
		cfg->vgic == IOREQ_ARM_VGIC_NEW);
}

struct ioreq_arm_domain *ioreq_arm_domain_create(
	const struct ioreq_arm_config *config,
	const struct ioreq_arm_ops *ops, void *ctx)
{
	struct ioreq_arm_domain *d;
	unsigned int i;

	if (!config || !ops || !config_valid(config)) {
		errno = EINVAL;
		return NULL;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->cfg = *config;
	/* domain_vgic_init(): ranks hold 32 interrupts each. */
	d->cfg.nr_spis = (config->nr_spis + 31) / 32 * 32;
	if (!d->cfg.dcache_line_bytes)
		d->cfg.dcache_line_bytes = 64;
	d->ops = ops;
	d->ctx = ctx;
	d->vcpu = calloc(d->cfg.nr_vcpus, sizeof(*d->vcpu));
	d->spi = calloc(d->cfg.nr_spis ? d->cfg.nr_spis : 1, sizeof(*d->spi));
	if (!d->vcpu || !d->spi) {
		ioreq_arm_domain_destroy(d);
		errno = ENOMEM;
		return NULL;
	}
	for (i = 0; i < d->cfg.nr_vcpus; i++)
		d->vcpu[i].waiting_on = NO_SERVER;
	return d;
}

void ioreq_arm_domain_destroy(struct ioreq_arm_domain *d)
{
	ioservid_t id;

	if (!d)
		return;
	for (id = 0; id < IOREQ_ARM_MAX_SERVERS; id++)
		if (d->server[id])
			ioreq_arm_server_destroy(d, d->server[id]->emulator,
						 id);
	free(d->spi);
	free(d->vcpu);
	free(d);
}

bool ioreq_arm_domain_crashed(const struct ioreq_arm_domain *d)
{
	return d->crashed;
}

void domain_crash(struct ioreq_arm_domain *d)
{
	d->crashed = true;
}

int ioreq_arm_nr_vcpus(const struct ioreq_arm_domain *d, unsigned int *nr)
{
	if (!d->cfg.ioreq_server_built)
		return -ENOSYS;
	*nr = d->cfg.nr_vcpus;
	return 0;
}

struct ioreq_arm_regs *ioreq_arm_vcpu_regs(struct ioreq_arm_domain *d,
					   unsigned int vcpu)
{
	return vcpu < d->cfg.nr_vcpus ? &d->vcpu[vcpu].regs : NULL;
}

int ioreq_arm_vcpu_state(const struct ioreq_arm_domain *d, unsigned int vcpu)
{
	if (vcpu >= d->cfg.nr_vcpus)
		return -EINVAL;
	if (d->crashed)
		return IOREQ_ARM_CRASHED;
	return d->vcpu[vcpu].blocked ? IOREQ_ARM_BLOCKED : IOREQ_ARM_RUNNING;
}

int ioreq_arm_register_mmio(struct ioreq_arm_domain *d, uint64_t base,
			    uint64_t size, const struct ioreq_arm_mmio_ops *ops,
			    void *priv)
{
	uint64_t last = base + size - 1;
	unsigned int i;

	if (!size || last < base || !ops)
		return -EINVAL;
	/* Xen assumes handlers never overlap; the model enforces it. */
	for (i = 0; i < d->nr_handlers; i++) {
		const struct mmio_handler *h = &d->handler[i];

		if (base <= h->base + h->size - 1 && h->base <= last)
			return -EEXIST;
	}
	if (d->nr_handlers == IOREQ_ARM_MAX_HANDLERS)
		return -ENOSPC;
	d->handler[d->nr_handlers++] = (struct mmio_handler){
		.base = base, .size = size, .ops = ops, .priv = priv,
	};
	return 0;
}
