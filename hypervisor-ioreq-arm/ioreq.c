// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioreq.c - the request protocol of xen/common/ioreq.c on the shared
 * page: ioreq_send() into a vCPU's slot, the wait_for_io() state machine
 * that the vCPU re-runs each time one of its ports is notified, the
 * completion that follows, and the IOREQ_TYPE_INVALIDATE broadcast.
 * Knows nothing of syndromes; access.c decides what to send.
 */
#include <errno.h>
#include <stddef.h>

#include "ioreq_arm_internal.h"

/*
 * state:4 is the low nibble of the byte after _pad0 (the ABI of every
 * little-endian GCC/Clang target Xen supports); a test checks it against
 * the bitfield.  Reaching it as a byte allows C11-style atomics on it.
 */
_Static_assert(sizeof(ioreq_t) == 32, "ioreq_t is 32 bytes");
_Static_assert(offsetof(ioreq_t, _pad0) == 28, "ioreq_t layout");
_Static_assert(offsetof(ioreq_t, type) == 31, "ioreq_t layout");
#define STATE_BYTE_OFFSET	30
#define STATE_MASK		0x0fu

unsigned int ioreq_arm_slot_state(const ioreq_t *slot)
{
	const uint8_t *b = (const uint8_t *)slot + STATE_BYTE_OFFSET;

	return __atomic_load_n(b, __ATOMIC_ACQUIRE) & STATE_MASK;
}

void ioreq_arm_slot_set_state(ioreq_t *slot, unsigned int state)
{
	uint8_t *b = (uint8_t *)slot + STATE_BYTE_OFFSET;
	uint8_t old = __atomic_load_n(b, __ATOMIC_RELAXED);
	uint8_t new = (uint8_t)((old & ~STATE_MASK) | (state & STATE_MASK));

	__atomic_store_n(b, new, __ATOMIC_RELEASE);
}

/*
 * Xen copies the request in with state NONE, then sets READY after a
 * barrier.  Here every field but the state byte is written first, then
 * that byte (state READY with dir, df, data_is_ptr) in one release store,
 * so no plain write races the device model's atomic load of the state.
 */
static void slot_publish(ioreq_t *p, const ioreq_t *proto, uint32_t port)
{
	ioreq_t req = *proto;
	const uint8_t *state_byte = (const uint8_t *)&req + STATE_BYTE_OFFSET;

	req.state = STATE_IOREQ_READY;
	p->addr = req.addr;
	p->data = req.data;
	p->count = req.count;
	p->size = req.size;
	p->vp_eport = port;
	p->type = req.type;
	__atomic_store_n((uint8_t *)p + STATE_BYTE_OFFSET, *state_byte,
			 __ATOMIC_RELEASE);
}

struct server *domain_server(const struct ioreq_arm_domain *d, ioservid_t id)
{
	return id < IOREQ_ARM_MAX_SERVERS ? d->server[id] : NULL;
}

bool domain_has_server(const struct ioreq_arm_domain *d)
{
	ioservid_t id;

	for (id = 0; id < IOREQ_ARM_MAX_SERVERS; id++)
		if (d->server[id])
			return true;
	return false;
}

/*
 * Returns true when the request went out (IOREQ_STATUS_RETRY), false
 * when it is unhandled.  Xen dereferences a missing page (an ASSERT in
 * debug builds); the model calls that unhandled too.
 */
bool ioreq_send(struct ioreq_arm_domain *d, struct server *s,
		unsigned int vcpu, const ioreq_t *proto)
{
	struct server_vcpu *sv = &s->vcpu[vcpu];
	ioreq_t *p;

	if (!s->page)
		return false;
	p = &s->page->vcpu_ioreq[vcpu];
	/* "device model set bad IO state" / "bad event channel" */
	if (ioreq_arm_slot_state(p) != STATE_IOREQ_NONE ||
	    p->vp_eport != sv->port)
		return false;
	slot_publish(p, proto, sv->port);
	d->ops->evtchn_notify(d->ctx, sv->port);
	sv->pending = true;
	sv->prev_state = STATE_IOREQ_NONE;
	return true;
}

static bool needs_completion(const ioreq_t *req)
{
	return req->state == STATE_IOREQ_READY && !req->data_is_ptr &&
	       (req->type != IOREQ_TYPE_PIO || req->dir != IOREQ_WRITE);
}

enum wait_result { WAIT_DONE, WAIT_BLOCKED, WAIT_CRASH };

/*
 * One pass of wait_for_io().  A slot found back at NONE means the device
 * model dropped the request: Xen completes it with all-ones data.
 */
static enum wait_result wait_for_io(struct server *s, struct vcpu *v,
				    unsigned int vcpu)
{
	struct server_vcpu *sv = &s->vcpu[vcpu];
	ioreq_t *p = &s->page->vcpu_ioreq[vcpu];
	unsigned int state = ioreq_arm_slot_state(p);
	uint64_t data = UINT64_MAX;

	if (state != STATE_IOREQ_NONE) {
		if (state < sv->prev_state || state > STATE_IORESP_READY) {
			sv->pending = false;
			return WAIT_CRASH;
		}
		if (state != STATE_IORESP_READY) {
			sv->prev_state = state;
			return WAIT_BLOCKED;
		}
		data = p->data;
		ioreq_arm_slot_set_state(p, STATE_IOREQ_NONE);
	}
	if (needs_completion(&v->req))
		v->req.data = data;
	sv->pending = false;
	return WAIT_DONE;
}

/* get_pending_vcpu() in a loop: servers are visited from the highest id. */
static enum wait_result wait_all(struct ioreq_arm_domain *d, unsigned int vcpu)
{
	struct vcpu *v = &d->vcpu[vcpu];
	unsigned int id;

	for (id = IOREQ_ARM_MAX_SERVERS; id-- > 0;) {
		struct server *s = d->server[id];
		enum wait_result r;

		if (!s || !s->vcpu[vcpu].pending)
			continue;
		r = wait_for_io(s, v, vcpu);
		if (r != WAIT_DONE) {
			v->waiting_on = id;
			return r;
		}
	}
	v->waiting_on = NO_SERVER;
	return WAIT_DONE;
}

/* arch_ioreq_complete_mmio(): handle_ioserv(), then finish the insn. */
static void complete_mmio(struct ioreq_arm_domain *d, struct vcpu *v)
{
	if (!v->mmio_completion)
		return;
	v->mmio_completion = false;
	vcpu_write_back(v, v->req.data, d->cfg.version == IOREQ_ARM_XEN_4_18);
	v->req.state = STATE_IOREQ_NONE;
	vcpu_finish_insn(v);
}

/* ioreq_signal_mapcache_invalidate(): failures are only logged by Xen. */
static void broadcast_invalidate(struct ioreq_arm_domain *d,
				 unsigned int vcpu)
{
	const ioreq_t proto = {
		.type = IOREQ_TYPE_INVALIDATE,
		.size = 4,
		.dir = IOREQ_WRITE,
		.data = UINT64_MAX,
	};
	unsigned int id;

	for (id = IOREQ_ARM_MAX_SERVERS; id-- > 0;) {
		struct server *s = d->server[id];

		if (s && s->enabled)
			ioreq_send(d, s, vcpu, &proto);
	}
}

/*
 * check_for_vcpu_work() as Xen runs it in a loop before entering the
 * guest: wait for every pending slot, complete the MMIO access, then send
 * a requested invalidation and wait for that too.
 */
enum ioreq_arm_outcome vcpu_leave_xen(struct ioreq_arm_domain *d,
				      unsigned int vcpu)
{
	struct vcpu *v = &d->vcpu[vcpu];

	if (d->crashed)
		return IOREQ_ARM_CRASHED;
	for (;;) {
		enum wait_result r;

		if (v->orphaned)
			return IOREQ_ARM_BLOCKED;
		if (!domain_has_server(d))
			return IOREQ_ARM_RUNNING;
		r = wait_all(d, vcpu);
		if (r == WAIT_CRASH) {
			domain_crash(d);
			return IOREQ_ARM_CRASHED;
		}
		v->blocked = r == WAIT_BLOCKED;
		if (v->blocked)
			return IOREQ_ARM_BLOCKED;
		complete_mmio(d, v);
		if (!v->mapcache_invalidate)
			return IOREQ_ARM_RUNNING;
		v->mapcache_invalidate = false;
		broadcast_invalidate(d, vcpu);
	}
}

static bool find_port(const struct ioreq_arm_domain *d, uint32_t port,
		      unsigned int *vcpu)
{
	unsigned int id, i;

	for (id = 0; id < IOREQ_ARM_MAX_SERVERS; id++) {
		const struct server *s = d->server[id];

		for (i = 0; s && i < d->cfg.nr_vcpus; i++) {
			if (s->vcpu[i].port == port) {
				*vcpu = i;
				return true;
			}
		}
	}
	return false;
}

/*
 * default_xen_notification_fn(): any port of a vCPU wakes it if it is
 * blocked in Xen; it then re-checks the slot it was waiting on.
 */
int ioreq_arm_evtchn_send(struct ioreq_arm_domain *d, uint32_t port,
			  unsigned int *vcpu)
{
	unsigned int i;

	if (!find_port(d, port, &i))
		return -ENOENT;
	if (vcpu)
		*vcpu = i;
	if (!d->vcpu[i].blocked || d->crashed)
		return ioreq_arm_vcpu_state(d, i);
	return vcpu_leave_xen(d, i);
}

/* ioreq_request_mapcache_invalidate(), behind p2m.c's server check. */
void ioreq_arm_p2m_ram_removed(struct ioreq_arm_domain *d, int vcpu)
{
	unsigned int i;

	if (!domain_has_server(d))
		return;
	if (vcpu >= 0 && (unsigned int)vcpu < d->cfg.nr_vcpus) {
		d->vcpu[vcpu].mapcache_invalidate = true;
		return;
	}
	for (i = 0; i < d->cfg.nr_vcpus; i++)
		d->vcpu[i].mapcache_invalidate = true;
}

int ioreq_arm_vcpu_enter_guest(struct ioreq_arm_domain *d, unsigned int vcpu)
{
	if (vcpu >= d->cfg.nr_vcpus)
		return -EINVAL;
	if (d->vcpu[vcpu].blocked && !d->crashed)
		return -EBUSY;
	return vcpu_leave_xen(d, vcpu);
}
