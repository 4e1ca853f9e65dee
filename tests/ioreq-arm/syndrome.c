// SPDX-License-Identifier: GPL-2.0-only
/*
 * syndrome.c - ESR_EL2 data abort decode against hand-assembled syndromes
 * (Arm ARM ISS encoding), encode/decode round trips, and the syndromes
 * Xen refuses to emulate: each of those must reach the guest as a data
 * abort while a toy ioreq server claims the address.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "lib/toy.h"

static const struct toy_config no_options;

#define BASE 0x22000000ull

struct decode_case {
	const char *insn;
	uint32_t esr;
	unsigned int size, reg;
	const char *flags;
};

static bool has(const struct decode_case *c, char flag)
{
	return strchr(c->flags, flag) != NULL;
}

/* size, reg, then the flags: W write, S sign, F SF, V ISV, C CM, P S1PTW */
static const struct decode_case cases[] = {
	{ "ldr w0, [x1]", 0x93800007, 4, 0, "V" },
	{ "str x0, [x1]", 0x93c08047, 8, 0, "WFV" },
	{ "ldrsb w3, [x1]", 0x93230007, 1, 3, "SV" },
	{ "ldrsh x5, [x1]", 0x93658007, 2, 5, "SFV" },
	{ "ldrsw x1, [x2]", 0x93a18007, 4, 1, "SFV" },
	{ "strb wzr, [x1]", 0x931f0047, 1, 31, "WV" },
	{ "ldrh w30, [x1]", 0x935e0007, 2, 30, "V" },
	{ "dc civac (ISV=0)", 0x92000147, 1, 0, "WC" },
	{ "stage 1 walk (ISV=0)", 0x92000087, 1, 0, "P" },
};

static void test_decode_table(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct decode_case *c = &cases[i];
		struct ioreq_arm_dabt dabt;

		if (!ok(ioreq_arm_dabt_decode(c->esr, &dabt) == 0,
			"%s: decodes", c->insn))
			continue;
		ok(dabt.size == c->size && dabt.reg == c->reg &&
		   dabt.write == has(c, 'W') && dabt.sign == has(c, 'S') &&
		   dabt.sixty_four == has(c, 'F') &&
		   dabt.valid == has(c, 'V') && dabt.cache == has(c, 'C') &&
		   dabt.s1ptw == has(c, 'P') &&
		   dabt.len32 && dabt.dfsc == TOY_DFSC_TRANS_L3,
		   "%s: size %u reg %u write %d sign %d sf %d isv %d", c->insn,
		   dabt.size, dabt.reg, dabt.write, dabt.sign, dabt.sixty_four,
		   dabt.valid);
		is_hex(ioreq_arm_dabt_encode(&dabt), c->esr,
		       "%s: encode gives the syndrome back", c->insn);
	}
}

static void test_not_a_data_abort(void)
{
	struct ioreq_arm_dabt dabt;
	struct toy_host host = { 0 };
	struct ioreq_arm_domain *d = toy_domain(&host, &no_options);
	const struct ioreq_arm_access iabt = { .esr = 0x82000007, .ipa = BASE };

	is_num((uint64_t)ioreq_arm_dabt_decode(0x82000007, &dabt),
	       (uint64_t)-EINVAL, "instruction abort EC is refused");
	is_num((uint64_t)ioreq_arm_guest_access(d, 0, &iabt), (uint64_t)-EINVAL,
	       "guest_access refuses a non-data-abort syndrome");
	is_num((uint64_t)ioreq_arm_guest_access(d, 1, &iabt), (uint64_t)-EINVAL,
	       "guest_access refuses a vCPU the domain does not have");
	ioreq_arm_domain_destroy(d);
}

/* The server claims BASE; the syndrome alone decides the outcome. */
static void expect_abort(uint32_t esr, uint32_t insn, const char *what)
{
	struct toy_host host = { 0 };
	struct ioreq_arm_domain *d = toy_domain(&host, &no_options);
	struct toy_server t;
	struct ioreq_arm_regs *regs = ioreq_arm_vcpu_regs(d, 0);
	const struct ioreq_arm_access a = {
		.esr = esr, .ipa = BASE, .far = 0xffff000012345678ull,
		.insn = insn,
	};

	if (toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff))
		abort();
	regs->pc = 0x1000;
	is_num((uint64_t)ioreq_arm_guest_access(d, 0, &a), IOREQ_ARM_DABT,
	       "%s: data abort", what);
	ok(regs->dabts_injected == 1 && regs->last_dabt_far == a.far &&
	   regs->pc == 0x1000 && t.nr_seen == 0 &&
	   ioreq_arm_slot_state(toy_slot(&t, 0)) == STATE_IOREQ_NONE,
	   "%s: FAR reported, PC kept, nothing sent", what);
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

static void test_refused_syndromes(void)
{
	/* ISV=0 and an instruction Xen cannot decode. */
	expect_abort(0x92000007, 0xa8c10861, "ISV=0 ldp x1, x2, [x3], #16");
	expect_abort(0x92000007, 0xf8408c41, "ISV=0 ldr x1, [x2, #8]! (pre)");
	expect_abort(0x92000007, 0x38800441, "ISV=0 ldrsb post-index");
	expect_abort(0x92000007, 0xfc408420, "ISV=0 ldr d0, [x1], #8 (SIMD)");
	expect_abort(0x92000007, 0xf8408421, "ISV=0 ldr x1, [x1], #8 (Rn=Rt)");
	expect_abort(0x92000087, 0xf8408441, "ISV=0 stage 1 walk");
	/* Valid syndrome but not a translation fault. */
	expect_abort(0x9380000f, 0, "permission fault");
	expect_abort(0x93800021, 0, "alignment fault");
}

int main(void)
{
	test_decode_table();
	test_not_a_data_abort();
	test_refused_syndromes();
	return tap_done();
}
