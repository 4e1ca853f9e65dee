// SPDX-License-Identifier: GPL-2.0-only
/*
 * completion.c - what the device model sees in `data` and what lands in
 * the guest register, on 4.17 (whole register out, 64 bits back unmasked)
 * and 4.18+ (masked both ways), with SSE sign extension (SF ignored, as
 * Xen does), XZR, PC advance, ISV=0 post-indexed LDR/STR and cache
 * maintenance on an emulated range.
 */
#include <stdlib.h>

#include "tap.h"
#include "lib/toy.h"

#define BASE 0x22000000ull
#define OLD_REG 0x1122334455667788ull

struct rig {
	struct toy_host host;
	struct ioreq_arm_domain *d;
	struct toy_server t;
	struct ioreq_arm_regs *regs;
};

static void rig_up(struct rig *r, enum ioreq_arm_xen_version version)
{
	const struct toy_config cfg = { .version = version };

	*r = (struct rig){ 0 };
	r->d = toy_domain(&r->host, &cfg);
	if (toy_server_start(&r->t, r->d, TOY_DOM0, BASE, BASE + 0xfff))
		abort();
	r->regs = ioreq_arm_vcpu_regs(r->d, 0);
	r->regs->pc = 0x80000;
}

static void rig_down(struct rig *r)
{
	ioreq_arm_domain_destroy(r->d);
	toy_server_free_page(&r->t);
}

/* One access with @esr/@insn, answered by the toy server with @reply. */
static int run(struct rig *r, uint32_t esr, uint32_t insn, uint64_t reply)
{
	const struct ioreq_arm_access a = {
		.esr = esr, .ipa = BASE + 0x18, .insn = insn,
	};
	int rc = ioreq_arm_guest_access(r->d, 0, &a);

	if (rc != IOREQ_ARM_BLOCKED)
		return rc;
	r->t.read_value = reply;
	return toy_server_serve(&r->t, 0);
}

struct read_case {
	const char *insn;
	unsigned int size, reg;
	bool sign, sf;
	uint64_t reply, want_417, want_418;
};

static const struct read_case reads[] = {
	{ "ldrb w2", 1, 2, false, false, 0xffffffffffffff80ull,
	  0xffffffffffffff80ull, 0x80 },
	{ "ldrsb w2", 1, 2, true, false, 0x80, 0xffffffffffffff80ull,
	  0xffffffffffffff80ull },
	{ "ldrsb x2", 1, 2, true, true, 0x7f, 0x7f, 0x7f },
	{ "ldrsh x3 (sign clear)", 2, 3, true, true, 0x12347fffull,
	  0x12347fffull, 0x7fff },
	{ "ldrsh x3 (sign set)", 2, 3, true, true, 0x8000,
	  0xffffffffffff8000ull, 0xffffffffffff8000ull },
	{ "ldrsw x4", 4, 4, true, true, 0x80000000ull, 0xffffffff80000000ull,
	  0xffffffff80000000ull },
	{ "ldr w5", 4, 5, false, false, 0xdeadbeefcafef00dull,
	  0xdeadbeefcafef00dull, 0xcafef00d },
	{ "ldr x6", 8, 6, false, true, 0xdeadbeefcafef00dull,
	  0xdeadbeefcafef00dull, 0xdeadbeefcafef00dull },
};

static void test_reads(enum ioreq_arm_xen_version version)
{
	const char *tag = version == IOREQ_ARM_XEN_4_17 ? "4.17" : "4.18";
	size_t i;

	for (i = 0; i < sizeof(reads) / sizeof(reads[0]); i++) {
		const struct read_case *c = &reads[i];
		uint64_t want = version == IOREQ_ARM_XEN_4_17 ? c->want_417 :
								c->want_418;
		struct rig r;
		int rc;

		rig_up(&r, version);
		r.regs->x[c->reg] = OLD_REG;
		rc = run(&r, toy_esr(false, c->size, c->reg, c->sign, c->sf), 0,
			 c->reply);
		is_num((uint64_t)rc, IOREQ_ARM_RUNNING, "%s %s: completes",
		       tag, c->insn);
		is_hex(r.t.last.data,
		       version == IOREQ_ARM_XEN_4_17 ? OLD_REG : 0,
		       "%s %s: request data", tag, c->insn);
		ok(r.t.last.dir == IOREQ_READ && r.t.last.size == c->size &&
		   r.t.last.addr == BASE + 0x18 && r.t.last.count == 1 &&
		   r.t.last.type == IOREQ_TYPE_COPY && !r.t.last.df &&
		   !r.t.last.data_is_ptr, "%s %s: request fields", tag,
		   c->insn);
		is_hex(r.regs->x[c->reg], want, "%s %s: register after",
		       tag, c->insn);
		is_hex(r.regs->pc, 0x80004, "%s %s: PC advanced", tag, c->insn);
		rig_down(&r);
	}
}

static void test_writes(enum ioreq_arm_xen_version version)
{
	const char *tag = version == IOREQ_ARM_XEN_4_17 ? "4.17" : "4.18";
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	size_t i;

	for (i = 0; i < 4; i++) {
		uint64_t mask = sizes[i] == 8 ? UINT64_MAX :
				(1ull << (8 * sizes[i])) - 1;
		struct rig r;

		rig_up(&r, version);
		r.regs->x[7] = OLD_REG;
		is_num((uint64_t)run(&r, toy_esr(true, sizes[i], 7, false,
						 sizes[i] == 8), 0, 0xbad),
		       IOREQ_ARM_RUNNING, "%s %u-byte write completes", tag,
		       sizes[i]);
		is_hex(r.t.last.data,
		       version == IOREQ_ARM_XEN_4_17 ? OLD_REG : OLD_REG & mask,
		       "%s %u-byte write: data sent", tag, sizes[i]);
		ok(r.t.last.dir == IOREQ_WRITE && r.t.last.size == sizes[i] &&
		   r.regs->x[7] == OLD_REG && r.regs->pc == 0x80004,
		   "%s %u-byte write: register untouched, PC advanced", tag,
		   sizes[i]);
		rig_down(&r);
	}
}

static void test_zero_register(void)
{
	struct rig r;

	rig_up(&r, IOREQ_ARM_XEN_4_17);
	is_num((uint64_t)run(&r, toy_esr(true, 4, 31, false, false), 0, 0),
	       IOREQ_ARM_RUNNING, "str wzr completes");
	is_hex(r.t.last.data, 0, "str wzr sends 0 (XZR), not X31 state");
	is_num((uint64_t)run(&r, toy_esr(false, 4, 31, false, false), 0,
			     0x1234), IOREQ_ARM_RUNNING, "ldr wzr completes");
	is_hex(r.t.last.data, 0, "ldr wzr: request data is XZR");
	is_hex(r.regs->pc, 0x80008, "PC advanced twice");
	rig_down(&r);
}

/* ISV=0: Xen decodes LDR/STR (immediate, post-index) itself. */
static void test_post_index(void)
{
	struct rig r;

	rig_up(&r, IOREQ_ARM_XEN_4_18);
	r.regs->x[2] = 0x4000;
	/* ldr x1, [x2], #8 */
	is_num((uint64_t)run(&r, 0x92000007, 0xf8408441, 0x55aa),
	       IOREQ_ARM_RUNNING, "ISV=0 ldr x1, [x2], #8 completes");
	ok(r.t.last.dir == IOREQ_READ && r.t.last.size == 8,
	   "ldr post-index: 8-byte read forwarded");
	ok(r.regs->x[1] == 0x55aa && r.regs->x[2] == 0x4008 &&
	   r.regs->pc == 0x80004,
	   "ldr post-index: Rt loaded, Rn += 8, PC += 4");
	/* str w3, [x4], #-4 */
	r.regs->x[3] = 0xaabbccdd11223344ull;
	r.regs->x[4] = 0x100;
	is_num((uint64_t)run(&r, 0x92000007, 0xb81fc483, 0),
	       IOREQ_ARM_RUNNING, "ISV=0 str w3, [x4], #-4 completes");
	ok(r.t.last.dir == IOREQ_WRITE && r.t.last.size == 4 &&
	   r.t.last.data == 0x11223344 && r.regs->x[4] == 0xfc,
	   "str post-index: masked word sent, Rn -= 4");
	/* ldr x1, [sp], #16 */
	r.regs->sp = 0x7000;
	is_num((uint64_t)run(&r, 0x92000007, 0xf84107e1, 9),
	       IOREQ_ARM_RUNNING, "ISV=0 ldr x1, [sp], #16 completes");
	ok(r.regs->sp == 0x7010 && r.regs->x[1] == 9,
	   "base register 31 is SP");
	rig_down(&r);
}

static void test_cache_maintenance(void)
{
	struct rig r;
	const struct ioreq_arm_access inside = {
		.esr = 0x92000147, .ipa = BASE + 0x40,
	};
	const struct ioreq_arm_access across = {
		.esr = 0x92000147, .ipa = BASE + 0xfc0 + 1,
	};

	rig_up(&r, IOREQ_ARM_XEN_4_17);
	is_num((uint64_t)ioreq_arm_guest_access(r.d, 0, &inside),
	       IOREQ_ARM_RUNNING, "dc civac on an ioreq range: ignored");
	ok(r.t.nr_seen == 0 && r.regs->pc == 0x80004 &&
	   r.regs->dabts_injected == 0, "nothing sent, PC advanced");
	is_num((uint64_t)ioreq_arm_guest_access(r.d, 0, &across),
	       IOREQ_ARM_DABT,
	       "dc civac whose 64-byte line leaves the range: abort");
	rig_down(&r);
}

int main(void)
{
	test_reads(IOREQ_ARM_XEN_4_17);
	test_reads(IOREQ_ARM_XEN_4_18);
	test_writes(IOREQ_ARM_XEN_4_17);
	test_writes(IOREQ_ARM_XEN_4_18);
	test_zero_register();
	test_post_index();
	test_cache_maintenance();
	return tap_done();
}
