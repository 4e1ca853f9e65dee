// SPDX-License-Identifier: GPL-2.0-only
/*
 * invalidate.c - the mapcache invalidation: a p2m RAM removal flags the
 * vCPU (or all of them for a foreign change), and its next return to the
 * guest broadcasts IOREQ_TYPE_INVALIDATE to every enabled server, ranges
 * or not; the vCPU runs only once all have answered, so one silent server
 * hangs it.  Also: it follows an MMIO completion, and leaves registers
 * alone.
 */
#include <stdlib.h>

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

static bool is_invalidate(const ioreq_t *req)
{
	return req->type == IOREQ_TYPE_INVALIDATE && req->addr == 0 &&
	       req->size == 4 && req->count == 0 && req->dir == IOREQ_WRITE &&
	       req->data == UINT64_MAX;
}

static void test_no_server_no_flag(void)
{
	struct ioreq_arm_domain *d = domain(1);
	struct toy_server t;

	ioreq_arm_p2m_ram_removed(d, 0);
	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	is_num((uint64_t)ioreq_arm_vcpu_enter_guest(d, 0), IOREQ_ARM_RUNNING,
	       "removal before any server existed: nothing to broadcast");
	is_num(t.nr_seen + host.nr_notified, 0, "no request sent");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

static void test_broadcast(void)
{
	struct ioreq_arm_domain *d = domain(1);
	struct ioreq_arm_regs *regs = ioreq_arm_vcpu_regs(d, 0);
	struct toy_server t[3];
	unsigned int i;

	toy_server_start(&t[0], d, TOY_DOM0, BASE, BASE + 0xfff);
	toy_server_start(&t[1], d, TOY_DOM0, BASE + 0x1000, BASE + 0x1fff);
	toy_server_start(&t[2], d, TOY_DOM0, BASE + 0x2000, BASE + 0x2fff);
	ioreq_arm_server_set_state(d, TOY_DOM0, t[2].id, false);
	ioreq_arm_server_unmap_range(d, TOY_DOM0, t[1].id,
				     XEN_DMOP_IO_RANGE_MEMORY, BASE + 0x1000,
				     BASE + 0x1fff);
	regs->x[0] = 0x77;
	regs->pc = 0x400;
	ioreq_arm_p2m_ram_removed(d, 0);
	is_num((uint64_t)ioreq_arm_vcpu_enter_guest(d, 0), IOREQ_ARM_BLOCKED,
	       "hypercall exit after a RAM removal: vCPU blocks");
	ok(is_invalidate(toy_slot(&t[0], 0)) &&
	   is_invalidate(toy_slot(&t[1], 0)),
	   "INVALIDATE (addr 0, size 4, count 0, data ~0, write) in both "
	   "enabled servers, one without ranges");
	ok(ioreq_arm_slot_state(toy_slot(&t[2], 0)) == STATE_IOREQ_NONE,
	   "the disabled server gets nothing");
	is_num((uint64_t)toy_server_serve(&t[1], 0), IOREQ_ARM_BLOCKED,
	       "one server answered: still blocked");
	is_num((uint64_t)toy_server_serve(&t[0], 0), IOREQ_ARM_RUNNING,
	       "both answered: vCPU runs");
	ok(regs->x[0] == 0x77 && regs->pc == 0x400,
	   "no register or PC change");
	is_num((uint64_t)ioreq_arm_vcpu_enter_guest(d, 0), IOREQ_ARM_RUNNING,
	       "the flag was consumed");
	ioreq_arm_domain_destroy(d);
	for (i = 0; i < 3; i++)
		toy_server_free_page(&t[i]);
}

static void test_silent_server_hangs(void)
{
	struct ioreq_arm_domain *d = domain(1);
	struct toy_server t[2];
	unsigned int i;

	toy_server_start(&t[0], d, TOY_DOM0, BASE, BASE + 0xfff);
	toy_server_start(&t[1], d, TOY_DOM0, BASE + 0x1000, BASE + 0x1fff);
	ioreq_arm_p2m_ram_removed(d, 0);
	ioreq_arm_vcpu_enter_guest(d, 0);
	toy_server_serve(&t[0], 0);
	for (i = 0; i < 5; i++)
		ioreq_arm_evtchn_send(d, toy_slot(&t[0], 0)->vp_eport, NULL);
	is_num((uint64_t)ioreq_arm_vcpu_state(d, 0), IOREQ_ARM_BLOCKED,
	       "server 1 never answers: the vCPU hangs, whatever server 0 "
	       "notifies");
	is_num((uint64_t)toy_server_serve(&t[1], 0), IOREQ_ARM_RUNNING,
	       "a late answer releases it");
	ioreq_arm_domain_destroy(d);
	for (i = 0; i < 2; i++)
		toy_server_free_page(&t[i]);
}

static void test_foreign_and_after_mmio(void)
{
	struct ioreq_arm_domain *d = domain(2);
	struct toy_server t;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	t.read_value = 0x31;
	is_num((uint64_t)toy_access(d, 1, false, 4, 2, BASE), IOREQ_ARM_BLOCKED,
	       "vCPU 1 waits on an MMIO read");
	ioreq_arm_p2m_ram_removed(d, -1);
	is_num((uint64_t)toy_server_serve(&t, 1), IOREQ_ARM_BLOCKED,
	       "foreign removal: the read completes, then vCPU 1 sends "
	       "INVALIDATE and blocks again");
	ok(ioreq_arm_vcpu_regs(d, 1)->x[2] == 0x31 &&
	   is_invalidate(toy_slot(&t, 1)), "read data delivered first");
	is_num((uint64_t)toy_server_serve(&t, 1), IOREQ_ARM_RUNNING,
	       "answered: vCPU 1 runs");
	is_num((uint64_t)ioreq_arm_vcpu_enter_guest(d, 0), IOREQ_ARM_BLOCKED,
	       "vCPU 0 was flagged too");
	is_num(t.nr_seen, 2, "server saw read and one INVALIDATE so far");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

int main(void)
{
	test_no_server_no_flag();
	test_broadcast();
	test_silent_server_hangs();
	test_foreign_and_after_mmio();
	return tap_done();
}
