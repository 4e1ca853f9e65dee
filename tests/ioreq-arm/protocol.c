// SPDX-License-Identifier: GPL-2.0-only
/*
 * protocol.c - the ioreq slot state machine between the model (Xen) and a
 * device model: NONE -> READY -> (INPROCESS) -> IORESP_READY -> NONE, the
 * per-vCPU port, the blocked vCPU, spurious notifications, Xen's reaction
 * to a state that goes backwards, is unknown or is dropped to NONE, slots
 * Xen refuses to use, and a two-thread run where the device model is a
 * real concurrent thread that only talks through the page's atomics.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "tap.h"
#include "lib/toy.h"

static const struct toy_config no_options;

#define BASE 0x22000000ull

struct rig {
	struct toy_host host;
	struct ioreq_arm_domain *d;
	struct toy_server t;
	struct ioreq_arm_regs *regs;
};

static void rig_up(struct rig *r, enum ioreq_arm_xen_version version,
		   unsigned int nr_vcpus)
{
	const struct toy_config cfg = {
		.version = version, .nr_vcpus = nr_vcpus,
	};

	*r = (struct rig){ 0 };
	r->d = toy_domain(&r->host, &cfg);
	if (toy_server_start(&r->t, r->d, TOY_DOM0, BASE, BASE + 0xfff))
		abort();
	r->regs = ioreq_arm_vcpu_regs(r->d, 0);
}

static void rig_down(struct rig *r)
{
	ioreq_arm_domain_destroy(r->d);
	toy_server_free_page(&r->t);
}

static void test_state_byte(void)
{
	ioreq_t slot = { .dir = IOREQ_READ, .df = 1, .data_is_ptr = 1 };

	slot.state = STATE_IOREQ_INPROCESS;
	is_num(ioreq_arm_slot_state(&slot), STATE_IOREQ_INPROCESS,
	       "state helper reads the state:4 bitfield");
	ioreq_arm_slot_set_state(&slot, STATE_IORESP_READY);
	ok(slot.state == STATE_IORESP_READY && slot.dir == IOREQ_READ &&
	   slot.df == 1 && slot.data_is_ptr == 1 && slot._pad1 == 0,
	   "state store changes the bitfield only");
}

static void test_request_and_wait(void)
{
	struct rig r;
	ioreq_t *slot;
	uint32_t port;

	rig_up(&r, IOREQ_ARM_XEN_4_18, 1);
	slot = toy_slot(&r.t, 0);
	port = slot->vp_eport;
	ok(port != 0 && port != 0xa5a5a5a5, "enable published vp_eport");
	is_num((uint64_t)toy_access(r.d, 0, false, 4, 0, BASE + 4),
	       IOREQ_ARM_BLOCKED, "read: vCPU blocks");
	ok(ioreq_arm_slot_state(slot) == STATE_IOREQ_READY &&
	   r.host.nr_notified == 1 && r.host.notified[0] == port &&
	   slot->vp_eport == port, "slot READY, the vCPU's port notified");
	is_num((uint64_t)ioreq_arm_vcpu_state(r.d, 0), IOREQ_ARM_BLOCKED,
	       "state query: blocked");
	is_num((uint64_t)toy_access(r.d, 0, false, 4, 0, BASE),
	       (uint64_t)-EBUSY, "a blocked vCPU cannot make another access");
	is_num((uint64_t)ioreq_arm_evtchn_send(r.d, port, NULL),
	       IOREQ_ARM_BLOCKED, "spurious notification: still blocked");
	ioreq_arm_slot_set_state(slot, STATE_IOREQ_INPROCESS);
	is_num((uint64_t)ioreq_arm_evtchn_send(r.d, port, NULL),
	       IOREQ_ARM_BLOCKED, "INPROCESS: still blocked");
	slot->data = 0x5a;
	ioreq_arm_slot_set_state(slot, STATE_IORESP_READY);
	is_num((uint64_t)ioreq_arm_vcpu_state(r.d, 0), IOREQ_ARM_BLOCKED,
	       "IORESP_READY without a notification: still blocked");
	is_num((uint64_t)ioreq_arm_evtchn_send(r.d, port, NULL),
	       IOREQ_ARM_RUNNING, "IORESP_READY + notify: vCPU runs");
	ok(r.regs->x[0] == 0x5a && ioreq_arm_slot_state(slot) ==
	   STATE_IOREQ_NONE, "data in X0, slot back to NONE");
	is_num((uint64_t)ioreq_arm_evtchn_send(r.d, 0x7777, NULL),
	       (uint64_t)-ENOENT, "unknown port: -ENOENT");
	rig_down(&r);
}

/* Leave the slot in @state after a read and notify: what does Xen do? */
static int answer_with(struct rig *r, unsigned int state, uint64_t data)
{
	ioreq_t *slot = toy_slot(&r->t, 0);

	r->regs->x[0] = 0x1111;
	if (toy_access(r->d, 0, false, 4, 0, BASE) != IOREQ_ARM_BLOCKED)
		return -1;
	slot->data = data;
	ioreq_arm_slot_set_state(slot, state);
	return ioreq_arm_evtchn_send(r->d, slot->vp_eport, NULL);
}

static void test_bad_transitions(void)
{
	struct rig r;
	ioreq_t *slot;

	rig_up(&r, IOREQ_ARM_XEN_4_17, 1);
	slot = toy_slot(&r.t, 0);
	toy_access(r.d, 0, false, 4, 0, BASE);
	ioreq_arm_slot_set_state(slot, STATE_IOREQ_INPROCESS);
	ioreq_arm_evtchn_send(r.d, slot->vp_eport, NULL);
	ioreq_arm_slot_set_state(slot, STATE_IOREQ_READY);
	is_num((uint64_t)ioreq_arm_evtchn_send(r.d, slot->vp_eport, NULL),
	       IOREQ_ARM_CRASHED, "INPROCESS -> READY: domain crashed");
	ok(ioreq_arm_domain_crashed(r.d) &&
	   ioreq_arm_vcpu_state(r.d, 0) == IOREQ_ARM_CRASHED &&
	   toy_access(r.d, 0, false, 4, 0, BASE) == IOREQ_ARM_CRASHED,
	   "crashed domain: nothing runs");
	rig_down(&r);

	rig_up(&r, IOREQ_ARM_XEN_4_17, 1);
	is_num((uint64_t)answer_with(&r, 7, 0), IOREQ_ARM_CRASHED,
	       "unknown state 7: domain crashed");
	rig_down(&r);

	rig_up(&r, IOREQ_ARM_XEN_4_17, 1);
	is_num((uint64_t)answer_with(&r, STATE_IOREQ_NONE, 0x42),
	       IOREQ_ARM_RUNNING, "4.17: slot dropped to NONE completes");
	is_hex(r.regs->x[0], UINT64_MAX, "4.17: ... with all-ones data");
	rig_down(&r);

	rig_up(&r, IOREQ_ARM_XEN_4_18, 1);
	answer_with(&r, STATE_IOREQ_NONE, 0x42);
	is_hex(r.regs->x[0], 0xffffffff, "4.18: all ones, masked to a word");
	rig_down(&r);
}

static void test_refused_slots(void)
{
	struct rig r;
	ioreq_t *slot;
	uint32_t port;

	rig_up(&r, IOREQ_ARM_XEN_4_17, 1);
	slot = toy_slot(&r.t, 0);
	ioreq_arm_slot_set_state(slot, STATE_IORESP_READY);
	is_num((uint64_t)toy_access(r.d, 0, false, 4, 0, BASE), IOREQ_ARM_DABT,
	       "slot not NONE (bad IO state): unhandled, data abort");
	ioreq_arm_slot_set_state(slot, STATE_IOREQ_NONE);
	port = slot->vp_eport;
	slot->vp_eport = port + 100;
	is_num((uint64_t)toy_access(r.d, 0, false, 4, 0, BASE), IOREQ_ARM_DABT,
	       "vp_eport overwritten (bad event channel): data abort");
	slot->vp_eport = port;
	is_num((uint64_t)toy_access(r.d, 0, false, 4, 0, BASE),
	       IOREQ_ARM_BLOCKED, "repaired slot: forwarded again");
	rig_down(&r);
}

/* The documented pitfall: enabling before the page exists. */
static void test_enable_before_map(void)
{
	struct toy_host host = { 0 };
	struct ioreq_arm_domain *d = toy_domain(&host, &no_options);
	shared_iopage_t *page = aligned_alloc(IOREQ_ARM_PAGE_SIZE,
					      IOREQ_ARM_PAGE_SIZE);
	ioservid_t id;

	if (!page)
		abort();
	ioreq_arm_server_create(d, TOY_DOM0, 0, &id);
	ioreq_arm_server_set_state(d, TOY_DOM0, id, true);
	ioreq_arm_server_map_frame(d, TOY_DOM0, id, 1, page);
	ioreq_arm_server_map_range(d, TOY_DOM0, id, XEN_DMOP_IO_RANGE_MEMORY,
				   BASE, BASE + 0xfff);
	is_num(page->vcpu_ioreq[0].vp_eport, 0,
	       "enable before map: vp_eport stays 0");
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE), IOREQ_ARM_DABT,
	       "... so Xen refuses the slot: data abort");
	ioreq_arm_server_set_state(d, TOY_DOM0, id, true);
	is_num(page->vcpu_ioreq[0].vp_eport, 0,
	       "enabling an enabled server changes nothing");
	ioreq_arm_server_set_state(d, TOY_DOM0, id, false);
	ioreq_arm_server_set_state(d, TOY_DOM0, id, true);
	ok(page->vcpu_ioreq[0].vp_eport != 0 &&
	   toy_access(d, 0, false, 4, 0, BASE) == IOREQ_ARM_BLOCKED,
	   "disable + enable publishes the port; requests flow");
	ioreq_arm_domain_destroy(d);
	free(page);
}

static void test_vcpus_independent(void)
{
	struct rig r;
	struct ioreq_arm_regs *regs1;

	rig_up(&r, IOREQ_ARM_XEN_4_18, 3);
	regs1 = ioreq_arm_vcpu_regs(r.d, 2);
	ok(toy_access(r.d, 0, false, 4, 0, BASE) == IOREQ_ARM_BLOCKED &&
	   toy_access(r.d, 2, false, 4, 1, BASE + 8) == IOREQ_ARM_BLOCKED,
	   "vCPUs 0 and 2 both blocked, one slot each");
	ok(toy_slot(&r.t, 2)->addr == BASE + 8 && toy_slot(&r.t, 0)->addr ==
	   BASE && toy_slot(&r.t, 0)->vp_eport != toy_slot(&r.t, 2)->vp_eport,
	   "slots hold their own request and port");
	r.t.read_value = 22;
	is_num((uint64_t)toy_server_serve(&r.t, 2), IOREQ_ARM_RUNNING,
	       "answer vCPU 2: it runs");
	ok(regs1->x[1] == 22 && ioreq_arm_vcpu_state(r.d, 0) ==
	   IOREQ_ARM_BLOCKED, "vCPU 0 still waits");
	r.t.read_value = 11;
	toy_server_serve(&r.t, 0);
	is_num(r.regs->x[0], 11, "then vCPU 0 completes");
	rig_down(&r);
}

/* ---- a real concurrent device model --------------------------------- */

#define ROUNDS 20000

struct threaded {
	struct rig r;
	unsigned int kicks;	/* the DM's notifications, atomically */
	unsigned int served;
};

static void *dm_thread(void *arg)
{
	struct threaded *th = arg;
	ioreq_t *slot = toy_slot(&th->r.t, 0);

	while (th->served < ROUNDS) {
		if (ioreq_arm_slot_state(slot) != STATE_IOREQ_READY) {
			sched_yield();
			continue;
		}
		/* Fields are read only after the acquire of READY. */
		slot->data = slot->addr * 3 + th->served;
		ioreq_arm_slot_set_state(slot, STATE_IORESP_READY);
		th->served++;
		__atomic_add_fetch(&th->kicks, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static bool one_round(struct threaded *th, unsigned int i, unsigned int *seen)
{
	uint64_t addr = BASE + (i % 0x200) * 8;
	int rc = toy_access(th->r.d, 0, false, 8, 4, addr);

	while (rc == IOREQ_ARM_BLOCKED) {
		while (__atomic_load_n(&th->kicks, __ATOMIC_ACQUIRE) == *seen)
			sched_yield();
		(*seen)++;
		rc = ioreq_arm_evtchn_send(th->r.d,
					   toy_slot(&th->r.t, 0)->vp_eport,
					   NULL);
	}
	return rc == IOREQ_ARM_RUNNING && th->r.regs->x[4] == addr * 3 + i;
}

static void test_two_threads(void)
{
	static struct threaded th;
	unsigned int i, seen = 0, good = 0;
	pthread_t tid;

	rig_up(&th.r, IOREQ_ARM_XEN_4_18, 1);
	if (pthread_create(&tid, NULL, dm_thread, &th))
		abort();
	for (i = 0; i < ROUNDS; i++)
		good += one_round(&th, i, &seen);
	pthread_join(tid, NULL);
	is_num(good, ROUNDS, "%u round trips with a concurrent device model, "
	       "every reply intact", ROUNDS);
	rig_down(&th.r);
}

int main(void)
{
	test_state_byte();
	test_request_and_wait();
	test_bad_transitions();
	test_refused_slots();
	test_enable_before_map();
	test_vcpus_independent();
	test_two_threads();
	return tap_done();
}
