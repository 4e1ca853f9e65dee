// SPDX-License-Identifier: GPL-2.0-only
/*
 * access.c - a guest's stage 2 data abort, as do_trap_stage2_abort_guest(),
 * try_decode_instruction(), try_handle_mmio() and try_fwd_ioserv() treat
 * it: in-Xen handlers first, then the highest-id enabled ioreq server
 * whose range holds the whole access, else a data abort for the guest.
 * The slot protocol itself is in ioreq.c; our patch's posted writes and
 * published reads, which end in Xen, are in fast.c.
 */
#include <errno.h>
#include <stddef.h>

#include "ioreq_arm_internal.h"

#define FSC_FLT_TRANS	0x04u	/* translation fault, any level */
#define FSC_LL_MASK	0x03u

enum io_state { IO_ABORT, IO_HANDLED, IO_UNHANDLED, IO_RETRY };

static const struct mmio_handler *find_handler(const struct ioreq_arm_domain *d,
					       uint64_t ipa)
{
	unsigned int i;

	for (i = 0; i < d->nr_handlers; i++) {
		const struct mmio_handler *h = &d->handler[i];

		if (ipa >= h->base && ipa - h->base < h->size)
			return h;
	}
	return NULL;
}

/* handle_read() / handle_write(): no masking in either version. */
static enum io_state call_handler(const struct mmio_handler *h,
				  struct vcpu *v, unsigned int vcpu,
				  uint64_t ipa)
{
	const struct ioreq_arm_dabt *dabt = &v->access.dabt;
	uint64_t r = 0;

	if (dabt->write)
		return h->ops->write(h->priv, vcpu, ipa, dabt,
				     vcpu_get_reg(v, dabt->reg)) ?
			       IO_HANDLED : IO_ABORT;
	if (!h->ops->read(h->priv, vcpu, ipa, dabt, &r))
		return IO_ABORT;
	vcpu_write_back(v, r, false);
	return IO_HANDLED;
}

/* ioreq_server_select(): Arm only ever looks at MEMORY ranges. */
static struct server *select_server(const struct ioreq_arm_domain *d,
				    uint64_t ipa, unsigned int size)
{
	unsigned int id;

	for (id = IOREQ_ARM_MAX_SERVERS; id-- > 0;) {
		struct server *s = d->server[id];

		if (s && s->enabled &&
		    rangeset_contains(&s->range[XEN_DMOP_IO_RANGE_MEMORY], ipa,
				      ipa + size - 1))
			return s;
	}
	return NULL;
}

/* The data the device model sees (try_fwd_ioserv(), xen/arch/arm/ioreq.c). */
static uint64_t request_data(const struct ioreq_arm_domain *d,
			     const struct vcpu *v)
{
	const struct ioreq_arm_dabt *dabt = &v->access.dabt;
	uint64_t reg = vcpu_get_reg(v, dabt->reg);

	if (d->cfg.version == IOREQ_ARM_XEN_4_17)
		return reg;
	return dabt->write ? reg & access_mask(dabt->size) : 0;
}

/*
 * Our patch: a posted write or a published read never leaves Xen.  For
 * the read, handle_ioserv() takes the value from vio->req as it would
 * take a device model's answer.
 */
static bool fast_path(struct ioreq_arm_domain *d, struct server *s,
		      struct vcpu *v, uint64_t ipa)
{
	const struct ioreq_arm_dabt *dabt = &v->access.dabt;
	uint64_t data;

	if (dabt->write)
		return fast_post_write(d, s, ipa, dabt->size,
				       (uint32_t)(vcpu_get_reg(v, dabt->reg) &
						  access_mask(dabt->size)));
	if (!fast_published_read(s, ipa, dabt->size, &data))
		return false;
	v->req = (ioreq_t){ .addr = ipa, .data = data, .size = dabt->size };
	return true;
}

static enum io_state forward(struct ioreq_arm_domain *d, unsigned int vcpu,
			     uint64_t ipa)
{
	struct vcpu *v = &d->vcpu[vcpu];
	const struct ioreq_arm_dabt *dabt = &v->access.dabt;
	bool cache = v->access.instr == INSTR_CACHE;
	struct server *s;

	s = select_server(d, ipa,
			  cache ? d->cfg.dcache_line_bytes : dabt->size);
	if (!s)
		return IO_UNHANDLED;
	/* Cache maintenance on an emulated range is ignored. */
	if (cache)
		return IO_HANDLED;
	if (fast_path(d, s, v, ipa))
		return IO_HANDLED;
	v->req = (ioreq_t){
		.addr = ipa,
		.data = request_data(d, v),
		.count = 1,
		.size = dabt->size,
		.state = STATE_IOREQ_READY,
		.dir = dabt->write ? IOREQ_WRITE : IOREQ_READ,
		.type = IOREQ_TYPE_COPY,
	};
	if (!ioreq_send(d, s, vcpu, &v->req)) {
		v->req.state = STATE_IOREQ_NONE;
		return IO_UNHANDLED;
	}
	v->mmio_completion = true;
	return IO_RETRY;
}

static enum io_state handle_mmio(struct ioreq_arm_domain *d, unsigned int vcpu,
				 uint64_t ipa)
{
	struct vcpu *v = &d->vcpu[vcpu];
	const struct mmio_handler *h = find_handler(d, ipa);
	enum io_state rc;

	if (h)
		return v->access.instr == INSTR_CACHE ?
			       IO_HANDLED : call_handler(h, v, vcpu, ipa);
	rc = forward(d, vcpu, ipa);
	if (rc == IO_HANDLED) {
		/* handle_ioserv() on whatever vio->req holds from before. */
		vcpu_write_back(v, v->req.data,
				d->cfg.version == IOREQ_ARM_XEN_4_18);
		v->req.state = STATE_IOREQ_NONE;
	}
	return rc;
}

/*
 * What Xen makes of a syndrome without ISV: a stage 1 walk fault aborts,
 * cache maintenance is checked against the emulated ranges, anything else
 * must decode as LDR/STR post-index.  The model has no RAM in its p2m, so
 * Xen's check_p2m() retry never applies.
 */
static int classify(struct pending_access *acc, uint32_t insn)
{
	if (acc->dabt.valid)
		return 0;
	if (acc->dabt.s1ptw)
		return -EINVAL;
	if (acc->dabt.cache) {
		acc->instr = INSTR_CACHE;
		return 0;
	}
	return decode_post_index(insn, acc);
}

/*
 * Only translation faults reach the MMIO code; Xen sends permission
 * faults to mem_access (not modelled) and injects every other code.
 */
static enum io_state trap(struct ioreq_arm_domain *d, unsigned int vcpu,
			  const struct ioreq_arm_access *a,
			  struct pending_access *acc)
{
	if ((acc->dabt.dfsc & ~FSC_LL_MASK) != FSC_FLT_TRANS)
		return IO_ABORT;
	if (classify(acc, a->insn))
		return IO_ABORT;
	d->vcpu[vcpu].access = *acc;
	return handle_mmio(d, vcpu, a->ipa);
}

int ioreq_arm_guest_access(struct ioreq_arm_domain *d, unsigned int vcpu,
			   const struct ioreq_arm_access *access)
{
	struct pending_access acc = { .instr = INSTR_VALID };
	struct vcpu *v;
	enum io_state rc;
	int outcome;

	if (vcpu >= d->cfg.nr_vcpus ||
	    ioreq_arm_dabt_decode(access->esr, &acc.dabt))
		return -EINVAL;
	v = &d->vcpu[vcpu];
	if (d->crashed)
		return IOREQ_ARM_CRASHED;
	if (v->blocked)
		return -EBUSY;
	rc = trap(d, vcpu, access, &acc);
	if (rc == IO_HANDLED) {
		vcpu_finish_insn(v);
	} else if (rc != IO_RETRY) {
		/* inject_dabt_exception(): the guest's handler runs next. */
		v->regs.dabts_injected++;
		v->regs.last_dabt_far = access->far;
	}
	outcome = vcpu_leave_xen(d, vcpu);
	if (outcome == IOREQ_ARM_RUNNING && rc != IO_HANDLED && rc != IO_RETRY)
		return IOREQ_ARM_DABT;
	return outcome;
}
