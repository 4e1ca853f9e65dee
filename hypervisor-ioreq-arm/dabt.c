// SPDX-License-Identifier: GPL-2.0-only
/*
 * dabt.c - the data abort syndrome (ESR_EL2, EC 0x24) and the guest
 * register side of an emulated access: ISV=0 instruction decode, the read
 * write-back with Xen's sign extension and optional masking, and the
 * post-index and PC updates that finish an instruction.
 * Knows nothing of ioreq servers.
 */
#include <errno.h>

#include "ioreq_arm_internal.h"

#define ESR_EC_SHIFT	26
#define ESR_IL		(1u << 25)
#define ESR_ISV		(1u << 24)
#define ESR_SAS_SHIFT	22
#define ESR_SSE		(1u << 21)
#define ESR_SRT_SHIFT	16
#define ESR_SF		(1u << 15)
#define ESR_CM		(1u << 8)
#define ESR_S1PTW	(1u << 7)
#define ESR_WNR		(1u << 6)
#define ESR_DFSC_MASK	0x3fu

/*
 * Xen's decode_arm64() accepts only LDR/STR (immediate, post-index) of
 * general registers: size:111:V:00:opc:0:imm9:01:Rn:Rt (decode.h).
 */
#define POST_INDEX_FIXED_MASK	0x3B200C00u
#define POST_INDEX_FIXED_VALUE	0x38000400u
#define INSN_V			(1u << 26)

static bool bit(uint32_t word, uint32_t mask)
{
	return (word & mask) != 0;
}

int ioreq_arm_dabt_decode(uint32_t esr, struct ioreq_arm_dabt *dabt)
{
	if (esr >> ESR_EC_SHIFT != IOREQ_ARM_ESR_EC_DABT_LOW)
		return -EINVAL;
	dabt->dfsc = esr & ESR_DFSC_MASK;
	dabt->write = bit(esr, ESR_WNR);
	dabt->s1ptw = bit(esr, ESR_S1PTW);
	dabt->cache = bit(esr, ESR_CM);
	dabt->sixty_four = bit(esr, ESR_SF);
	dabt->reg = (esr >> ESR_SRT_SHIFT) & 31;
	dabt->sign = bit(esr, ESR_SSE);
	dabt->size = 1u << ((esr >> ESR_SAS_SHIFT) & 3);
	dabt->valid = bit(esr, ESR_ISV);
	dabt->len32 = bit(esr, ESR_IL);
	return 0;
}

static unsigned int size_to_sas(unsigned int size)
{
	return size >= 8 ? 3 : size >= 4 ? 2 : size >= 2 ? 1 : 0;
}

uint32_t ioreq_arm_dabt_encode(const struct ioreq_arm_dabt *dabt)
{
	return (uint32_t)IOREQ_ARM_ESR_EC_DABT_LOW << ESR_EC_SHIFT |
	       (dabt->len32 ? ESR_IL : 0) | (dabt->valid ? ESR_ISV : 0) |
	       size_to_sas(dabt->size) << ESR_SAS_SHIFT |
	       (dabt->sign ? ESR_SSE : 0) |
	       (dabt->reg & 31) << ESR_SRT_SHIFT |
	       (dabt->sixty_four ? ESR_SF : 0) | (dabt->cache ? ESR_CM : 0) |
	       (dabt->s1ptw ? ESR_S1PTW : 0) | (dabt->write ? ESR_WNR : 0) |
	       (dabt->dfsc & ESR_DFSC_MASK);
}

int decode_post_index(uint32_t insn, struct pending_access *access)
{
	unsigned int rt = insn & 31, rn = (insn >> 5) & 31;
	unsigned int opc = (insn >> 22) & 3;
	struct ioreq_arm_dabt *dabt = &access->dabt;

	/* Rn == Rt is CONSTRAINED UNPREDICTABLE; Xen refuses it. */
	if (rn == rt && rn != 31)
		return -EINVAL;
	if ((insn & POST_INDEX_FIXED_MASK) != POST_INDEX_FIXED_VALUE)
		return -EINVAL;
	if (insn & INSN_V || opc > 1)
		return -EINVAL;
	/* update_dabt(): SSE and SF are left as the syndrome had them. */
	dabt->write = opc == 0;
	dabt->reg = rt;
	dabt->size = 1u << (insn >> 30);
	dabt->sign = false;
	dabt->valid = true;
	access->instr = INSTR_POST_INDEX;
	access->rn = rn;
	/* imm9 is bits [20:12], signed. */
	access->imm9 = (int64_t)((int32_t)(insn << 11) >> 23);
	return 0;
}

uint64_t vcpu_get_reg(const struct vcpu *v, unsigned int reg)
{
	return reg == 31 ? 0 : v->regs.x[reg];
}

uint64_t access_mask(unsigned int size)
{
	return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

/*
 * Xen's sign_extend() looks at SSE only: an LDRSB into a W register gets
 * all 64 bits set, SF notwithstanding.  It also trusts the bits above the
 * access size to be zero, which 4.17 does not ensure for ioreq data.
 */
static uint64_t sign_extend(const struct ioreq_arm_dabt *dabt, uint64_t r)
{
	unsigned int bits = 8 * dabt->size;

	if (dabt->sign && bits < 64 && (r >> (bits - 1)) & 1)
		r |= UINT64_MAX << bits;
	return r;
}

void vcpu_write_back(struct vcpu *v, uint64_t data, bool masked)
{
	const struct ioreq_arm_dabt *dabt = &v->access.dabt;

	if (dabt->write)
		return;
	if (masked)
		data &= access_mask(dabt->size);
	data = sign_extend(dabt, data);
	if (dabt->reg != 31)
		v->regs.x[dabt->reg] = data;
}

/* finalize_instr_emulation() then advance_pc(). */
void vcpu_finish_insn(struct vcpu *v)
{
	const struct pending_access *a = &v->access;

	if (a->instr == INSTR_POST_INDEX) {
		/* Base 31 is SP here; the model's guest runs at EL1h. */
		uint64_t *base = a->rn == 31 ? &v->regs.sp : &v->regs.x[a->rn];

		*base += (uint64_t)a->imm9;
	}
	v->regs.pc += a->dabt.len32 ? 4 : 2;
}
