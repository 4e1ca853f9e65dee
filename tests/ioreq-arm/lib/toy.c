// SPDX-License-Identifier: GPL-2.0-only
/*
 * toy.c - the toy host (struct ioreq_arm_ops recording everything) and
 * the toy ioreq server used by every Arm ioreq model test.  The server
 * side follows a device model's steps (QEMU's cpu_handle_ioreq() in
 * hw/xen/xen-hvm-common.c): check READY, acquire, read, answer, release
 * IORESP_READY, notify.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toy.h"

static int toy_evtchn_alloc(void *ctx, unsigned int vcpu, uint16_t emulator)
{
	struct toy_host *h = ctx;

	(void)vcpu;
	(void)emulator;
	if (++h->nr_allocs == (unsigned int)h->fail_alloc_at)
		return -ENOSPC;
	return (int)++h->next_port;
}

static void toy_evtchn_free(void *ctx, uint32_t port)
{
	struct toy_host *h = ctx;

	if (h->nr_freed < TOY_MAX_EVENTS)
		h->freed[h->nr_freed] = port;
	h->nr_freed++;
}

static void toy_evtchn_notify(void *ctx, uint32_t port)
{
	struct toy_host *h = ctx;

	if (h->nr_notified < TOY_MAX_EVENTS)
		h->notified[h->nr_notified] = port;
	h->nr_notified++;
}

static void toy_irq_raised(void *ctx, unsigned int irq)
{
	struct toy_host *h = ctx;

	if (h->nr_irqs < TOY_MAX_EVENTS)
		h->irqs[h->nr_irqs] = irq;
	h->nr_irqs++;
}

const struct ioreq_arm_ops toy_ops = {
	.evtchn_alloc = toy_evtchn_alloc,
	.evtchn_free = toy_evtchn_free,
	.evtchn_notify = toy_evtchn_notify,
	.irq_raised = toy_irq_raised,
};

struct ioreq_arm_domain *toy_domain(struct toy_host *host,
				    const struct toy_config *cfg)
{
	const struct ioreq_arm_config config = {
		.nr_vcpus = cfg->nr_vcpus ? cfg->nr_vcpus : 1,
		.nr_spis = cfg->nr_spis,
		.version = cfg->version,
		.vgic = cfg->vgic,
		.ioreq_server_built = true,
		.fast_path = cfg->fast_path,
	};
	struct ioreq_arm_domain *d;

	d = ioreq_arm_domain_create(&config, &toy_ops, host);
	if (!d) {
		perror("ioreq_arm_domain_create");
		exit(2);
	}
	return d;
}

int toy_server_start(struct toy_server *t, struct ioreq_arm_domain *d,
		     uint16_t emulator, uint64_t start, uint64_t end)
{
	int rc;

	memset(t, 0, sizeof(*t));
	t->d = d;
	t->emulator = emulator;
	t->page = aligned_alloc(IOREQ_ARM_PAGE_SIZE, IOREQ_ARM_PAGE_SIZE);
	if (!t->page)
		return -ENOMEM;
	/* Garbage, so that a test notices if the model forgets to clear. */
	memset(t->page, 0xa5, IOREQ_ARM_PAGE_SIZE);
	rc = ioreq_arm_server_create(d, emulator, 0, &t->id);
	if (!rc)
		rc = ioreq_arm_server_map_frame(d, emulator, t->id, 1, t->page);
	if (!rc)
		rc = ioreq_arm_server_set_state(d, emulator, t->id, true);
	if (!rc)
		rc = ioreq_arm_server_map_range(d, emulator, t->id,
						XEN_DMOP_IO_RANGE_MEMORY,
						start, end);
	return rc;
}

ioreq_t *toy_slot(struct toy_server *t, unsigned int vcpu)
{
	return &t->page->vcpu_ioreq[vcpu];
}

int toy_server_serve(struct toy_server *t, unsigned int vcpu)
{
	ioreq_t *slot = toy_slot(t, vcpu);

	if (ioreq_arm_slot_state(slot) != STATE_IOREQ_READY)
		return -EAGAIN;
	t->last = *slot;
	t->nr_seen++;
	if (t->use_inprocess)
		ioreq_arm_slot_set_state(slot, STATE_IOREQ_INPROCESS);
	if (slot->type == IOREQ_TYPE_COPY && slot->dir == IOREQ_READ)
		slot->data = t->read_value;
	ioreq_arm_slot_set_state(slot, STATE_IORESP_READY);
	return ioreq_arm_evtchn_send(t->d, slot->vp_eport, NULL);
}

void toy_server_free_page(struct toy_server *t)
{
	free(t->page);
	t->page = NULL;
}

uint32_t toy_esr(bool write, unsigned int size, unsigned int reg, bool sign,
		 bool sixty_four)
{
	const struct ioreq_arm_dabt dabt = {
		.dfsc = TOY_DFSC_TRANS_L3,
		.write = write,
		.sixty_four = sixty_four,
		.reg = reg,
		.sign = sign,
		.size = size,
		.valid = true,
		.len32 = true,
	};

	return ioreq_arm_dabt_encode(&dabt);
}

int toy_access(struct ioreq_arm_domain *d, unsigned int vcpu, bool write,
	       unsigned int size, unsigned int reg, uint64_t ipa)
{
	const struct ioreq_arm_access a = {
		.esr = toy_esr(write, size, reg, false, size == 8),
		.ipa = ipa,
		.far = 0xffff800000000000ull | ipa,
	};

	return ioreq_arm_guest_access(d, vcpu, &a);
}
