// SPDX-License-Identifier: GPL-2.0-only
/*
 * vgic.c - XEN_DMOP_set_irq_level: which IRQs are accepted (SPIs of the
 * domain only, nr_spis rounded up to 32, reserved ones refused) and what
 * the guest then sees with the default vGIC (level=1 injects once,
 * level=0 ignored) and the new vGIC (a level-configured line is
 * followed; SPIs start edge-configured).
 */
#include <errno.h>
#include <string.h>

#include "tap.h"
#include "lib/toy.h"

static struct toy_host host;

static struct ioreq_arm_domain *domain(enum ioreq_arm_vgic_kind vgic,
				       unsigned int nr_spis)
{
	const struct toy_config cfg = { .vgic = vgic, .nr_spis = nr_spis };

	host = (struct toy_host){ 0 };
	return toy_domain(&host, &cfg);
}

static void test_accepted_irqs(void)
{
	/* What libxl computes for vuart="sbsa_uart" alone: 1 SPI. */
	struct ioreq_arm_domain *d = domain(IOREQ_ARM_VGIC_OLD, 1);

	is_num((uint64_t)ioreq_arm_set_irq_level(d, 31, 1), (uint64_t)-EINVAL,
	       "PPI 31: -EINVAL");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 33, 1), 0, "SPI 33: ok");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 63, 1), 0,
	       "SPI 63: ok (nr_spis 1 rounds up to 32)");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 64, 1), (uint64_t)-EINVAL,
	       "SPI 64: past nr_spis, -EINVAL");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 33, 2), (uint64_t)-EINVAL,
	       "level 2: -EINVAL");
	is_num((uint64_t)ioreq_arm_vgic_reserve(d, 32), 0,
	       "vpl011 reserves SPI 32");
	is_num((uint64_t)ioreq_arm_vgic_reserve(d, 32), (uint64_t)-EBUSY,
	       "reserving twice: -EBUSY");
	is_num((uint64_t)ioreq_arm_vgic_reserve(d, 64), (uint64_t)-EINVAL,
	       "reserving past nr_spis: -EINVAL");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 32, 1), (uint64_t)-EINVAL,
	       "reserved SPI 32: -EINVAL");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 32, 0), (uint64_t)-EINVAL,
	       "reserved SPI 32, level 0: -EINVAL too");
	ok(!ioreq_arm_vgic_deliverable(d, 32), "and it was not raised");
	ioreq_arm_domain_destroy(d);

	d = domain(IOREQ_ARM_VGIC_OLD, 0);
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 32, 1), (uint64_t)-EINVAL,
	       "nr_spis 0 (4.17 guest without vuart/virtio/irqs): no SPIs");
	ioreq_arm_domain_destroy(d);
}

/* Raise, hold high, take the interrupt: how often does the guest see it? */
static void test_old_vgic(void)
{
	struct ioreq_arm_domain *d = domain(IOREQ_ARM_VGIC_OLD, 32);

	ioreq_arm_vgic_configure(d, 40, true);
	ioreq_arm_set_irq_level(d, 40, 1);
	ok(host.nr_irqs == 1 && host.irqs[0] == 40 &&
	   ioreq_arm_vgic_deliverable(d, 40), "level=1 injects SPI 40");
	ioreq_arm_set_irq_level(d, 40, 1);
	is_num(host.nr_irqs, 1, "level=1 again while pending: no new event");
	ioreq_arm_set_irq_level(d, 40, 0);
	ok(ioreq_arm_vgic_deliverable(d, 40),
	   "level=0 is ignored: still pending (even level-configured)");
	ok(ioreq_arm_vgic_ack(d, 40) == 0 && ioreq_arm_vgic_eoi(d, 40) == 0,
	   "guest takes and ends it");
	ioreq_arm_set_irq_level(d, 40, 1);
	ioreq_arm_vgic_ack(d, 40);
	ioreq_arm_vgic_eoi(d, 40);
	ok(!ioreq_arm_vgic_deliverable(d, 40) && host.nr_irqs == 2,
	   "line held high: no re-fire after EOI (edge behaviour)");
	ioreq_arm_set_irq_level(d, 40, 1);
	ioreq_arm_vgic_ack(d, 40);
	ioreq_arm_set_irq_level(d, 40, 1);
	ok(!ioreq_arm_vgic_deliverable(d, 40), "level=1 while active: queued");
	ioreq_arm_vgic_eoi(d, 40);
	ok(ioreq_arm_vgic_deliverable(d, 40) && host.nr_irqs == 4,
	   "... and delivered again after EOI");
	is_num((uint64_t)ioreq_arm_vgic_ack(d, 41), (uint64_t)-ENOENT,
	       "ack of an SPI that is not pending: -ENOENT");
	is_num((uint64_t)ioreq_arm_vgic_eoi(d, 41), (uint64_t)-EINVAL,
	       "EOI of an SPI that is not active: -EINVAL");
	ioreq_arm_domain_destroy(d);
}

static void test_new_vgic_level(void)
{
	struct ioreq_arm_domain *d = domain(IOREQ_ARM_VGIC_NEW, 32);

	ioreq_arm_vgic_configure(d, 44, true);
	ioreq_arm_set_irq_level(d, 44, 1);
	ok(ioreq_arm_vgic_deliverable(d, 44) && host.nr_irqs == 1,
	   "new vGIC, level SPI: level=1 raises");
	ioreq_arm_set_irq_level(d, 44, 0);
	ok(!ioreq_arm_vgic_deliverable(d, 44),
	   "level=0 before the guest took it: no longer pending");
	ioreq_arm_set_irq_level(d, 44, 1);
	ioreq_arm_vgic_ack(d, 44);
	ioreq_arm_vgic_eoi(d, 44);
	ok(ioreq_arm_vgic_deliverable(d, 44) && host.nr_irqs == 3,
	   "line still high at EOI: fires again");
	ioreq_arm_vgic_ack(d, 44);
	ioreq_arm_set_irq_level(d, 44, 0);
	ioreq_arm_vgic_eoi(d, 44);
	ok(!ioreq_arm_vgic_deliverable(d, 44) && host.nr_irqs == 3,
	   "line lowered before EOI: quiet");
	ioreq_arm_domain_destroy(d);
}

static void test_new_vgic_edge_default(void)
{
	struct ioreq_arm_domain *d = domain(IOREQ_ARM_VGIC_NEW, 32);

	ioreq_arm_set_irq_level(d, 45, 1);
	ioreq_arm_set_irq_level(d, 45, 0);
	ok(ioreq_arm_vgic_deliverable(d, 45),
	   "new vGIC, SPI not configured level: edge latch survives level=0");
	ioreq_arm_vgic_ack(d, 45);
	ioreq_arm_set_irq_level(d, 45, 1);
	ioreq_arm_vgic_eoi(d, 45);
	ok(ioreq_arm_vgic_deliverable(d, 45) && host.nr_irqs == 2,
	   "a new rising edge while active is delivered after EOI");
	ioreq_arm_domain_destroy(d);
}

int main(void)
{
	test_accepted_irqs();
	test_old_vgic();
	test_new_vgic_level();
	test_new_vgic_edge_default();
	return tap_done();
}
