// SPDX-License-Identifier: GPL-2.0-only
/*
 * lifecycle.c - failure cases around the lives of servers and domains:
 * the guest destroyed while a vCPU waits on an ioreq, a server destroyed
 * or disabled with a request in flight, event channel allocation failing
 * half way through a creation, and bad domain configurations.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/toy.h"

#define BASE 0x22000000ull

static struct toy_host host;

static struct ioreq_arm_domain *domain(unsigned int nr_vcpus)
{
	const struct toy_config cfg = { .nr_vcpus = nr_vcpus };

	host = (struct toy_host){ 0 };
	return toy_domain(&host, &cfg);
}

static void test_domain_destroyed_while_waiting(void)
{
	struct ioreq_arm_domain *d = domain(2);
	struct toy_server t;
	ioreq_t *slot;
	ioreq_t before;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	slot = toy_slot(&t, 1);
	is_num((uint64_t)toy_access(d, 1, true, 4, 0, BASE), IOREQ_ARM_BLOCKED,
	       "vCPU 1 waits on a write");
	ioreq_arm_domain_destroy(d);
	ok(host.nr_freed == 2 && host.freed[0] != host.freed[1],
	   "domain destroy freed both ports of the server");
	before = *slot;
	/* The device model, unaware, answers into its still-mapped page. */
	slot->data = 1;
	ioreq_arm_slot_set_state(slot, STATE_IORESP_READY);
	ok(before.type == IOREQ_TYPE_COPY &&
	   ioreq_arm_slot_state(slot) == STATE_IORESP_READY,
	   "the page is left as it was; the model never touches it again");
	toy_server_free_page(&t);
}

static void test_server_destroyed_in_flight(void)
{
	struct ioreq_arm_domain *d = domain(1);
	struct toy_server t, u;
	uint32_t port;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	toy_server_start(&u, d, TOY_DOM0, BASE + 0x1000, BASE + 0x1fff);
	toy_access(d, 0, false, 4, 0, BASE);
	port = toy_slot(&t, 0)->vp_eport;
	is_num((uint64_t)ioreq_arm_server_destroy(d, TOY_DOM0, t.id), 0,
	       "destroy with a request in flight succeeds");
	ok(host.nr_freed == 1 && host.freed[0] == port,
	   "its port is freed");
	is_num((uint64_t)ioreq_arm_evtchn_send(d, port, NULL),
	       (uint64_t)-ENOENT, "the old port is gone");
	is_num((uint64_t)ioreq_arm_evtchn_send(d, toy_slot(&u, 0)->vp_eport,
					       NULL), IOREQ_ARM_BLOCKED,
	       "a notify on another server's port does not release it");
	is_num((uint64_t)ioreq_arm_vcpu_state(d, 0), IOREQ_ARM_BLOCKED,
	       "the vCPU stays blocked for ever, as on Xen");
	is_num((uint64_t)ioreq_arm_vcpu_enter_guest(d, 0), (uint64_t)-EBUSY,
	       "and cannot enter the guest");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
	toy_server_free_page(&u);
}

static void test_server_disabled_in_flight(void)
{
	struct ioreq_arm_domain *d = domain(1);
	struct toy_server t;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	toy_access(d, 0, false, 4, 3, BASE);
	ioreq_arm_server_set_state(d, TOY_DOM0, t.id, false);
	t.read_value = 0x99;
	is_num((uint64_t)toy_server_serve(&t, 0), IOREQ_ARM_RUNNING,
	       "disabled with a request in flight: the answer still lands");
	is_num(ioreq_arm_vcpu_regs(d, 0)->x[3], 0x99, "with its data");
	is_num((uint64_t)toy_access(d, 0, false, 4, 3, BASE), IOREQ_ARM_DABT,
	       "new accesses abort while disabled");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

static void test_port_allocation_fails(void)
{
	struct ioreq_arm_domain *d = domain(4);
	ioservid_t id = 99;

	host.fail_alloc_at = 3;
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 0, &id),
	       (uint64_t)-ENOSPC, "third port fails: create fails with it");
	ok(host.nr_freed == 2 && id == 99,
	   "the two ports already allocated are freed, no id returned");
	host.fail_alloc_at = 0;
	ok(ioreq_arm_server_create(d, TOY_DOM0, 0, &id) == 0 && id == 0,
	   "the slot was not consumed");
	ioreq_arm_domain_destroy(d);
}

static void test_bad_configs(void)
{
	struct ioreq_arm_config cfg = { .nr_vcpus = 0 };
	struct toy_host h = { 0 };
	struct ioreq_arm_domain *d;

	errno = 0;
	ok(!ioreq_arm_domain_create(&cfg, &toy_ops, &h) && errno == EINVAL,
	   "0 vCPUs: EINVAL");
	cfg.nr_vcpus = IOREQ_ARM_MAX_VCPUS + 1;
	ok(!ioreq_arm_domain_create(&cfg, &toy_ops, &h),
	   "more vCPUs than slots in a page: refused");
	cfg.nr_vcpus = IOREQ_ARM_MAX_VCPUS;
	cfg.nr_spis = IOREQ_ARM_MAX_SPIS + 1;
	ok(!ioreq_arm_domain_create(&cfg, &toy_ops, &h),
	   "more than 988 SPIs: refused");
	cfg.nr_spis = 0;
	cfg.ioreq_server_built = true;
	d = ioreq_arm_domain_create(&cfg, &toy_ops, &h);
	ok(d && ioreq_arm_vcpu_regs(d, 127) && !ioreq_arm_vcpu_regs(d, 128),
	   "128 vCPUs fit a page");
	ioreq_arm_domain_destroy(d);
	ioreq_arm_domain_destroy(NULL);
}

int main(void)
{
	test_domain_destroyed_while_waiting();
	test_server_destroyed_in_flight();
	test_server_disabled_in_flight();
	test_port_allocation_fails();
	test_bad_configs();
	return tap_done();
}
