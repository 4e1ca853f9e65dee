// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 model state: the versioned save/restore format and the invariant
 * checker that guards restore and the fuzzer.
 *
 * The blob is "PL11", a little-endian u16 version and u16 total size,
 * then the fields of state_fields[] in order, little-endian, then a flags
 * byte and a zero pad byte.  One table drives both directions, so save
 * and restore cannot drift apart.  Host config is not part of the state.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "pl011_internal.h"

#define STATE_MAGIC		"PL11"
#define STATE_HEADER_SIZE	8
#define STATE_TRAILER_SIZE	2
#define FLAG_OVERRUN_PENDING	0x01u
#define FLAG_RT_ARMED		0x02u

struct state_field {
	uint16_t offset;	/* in struct pl011 */
	uint8_t size;		/* bytes per element: 1, 2, 4 or 8 */
	uint8_t count;		/* elements */
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MEMBER(m)	(((struct pl011 *)0)->m)
#define FIELD(m)	{ offsetof(struct pl011, m), sizeof(MEMBER(m)), 1 }
#define ARRAY(m)	{ offsetof(struct pl011, m), sizeof(MEMBER(m)[0]), \
			  ARRAY_SIZE(MEMBER(m)) }

_Static_assert(sizeof(struct pl011_stats) % sizeof(uint64_t) == 0,
	       "stats are serialised as an array of u64");

static const struct state_field state_fields[] = {
	FIELD(regs.rsr), FIELD(regs.ilpr), FIELD(regs.ibrd),
	FIELD(regs.fbrd), FIELD(regs.lcr_h), FIELD(regs.cr),
	FIELD(regs.ifls), FIELD(regs.imsc), FIELD(regs.ris),
	FIELD(regs.dmacr), FIELD(regs.modem),
	FIELD(rx.head), FIELD(rx.count), ARRAY(rx.slot),
	FIELD(tx.head), FIELD(tx.count), ARRAY(tx.slot),
	FIELD(divisor),
	{ offsetof(struct pl011, stats), sizeof(uint64_t),
	  sizeof(struct pl011_stats) / sizeof(uint64_t) },
};

static uint64_t load_native(const uint8_t *p, unsigned int size)
{
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (size) {
	case 1:	memcpy(&u8, p, 1); return u8;
	case 2:	memcpy(&u16, p, 2); return u16;
	case 4:	memcpy(&u32, p, 4); return u32;
	default: memcpy(&u64, p, 8); return u64;
	}
}

static void store_native(uint8_t *p, unsigned int size, uint64_t v)
{
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	switch (size) {
	case 1:	memcpy(p, &u8, 1); break;
	case 2:	memcpy(p, &u16, 2); break;
	case 4:	memcpy(p, &u32, 4); break;
	default: memcpy(p, &v, 8); break;
	}
}

static bool host_little_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

static void put_le(uint8_t *p, unsigned int size, uint64_t v)
{
	for (unsigned int i = 0; i < size; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned int size)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < size; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static size_t state_size(void)
{
	size_t size = STATE_HEADER_SIZE + STATE_TRAILER_SIZE;

	for (size_t i = 0; i < ARRAY_SIZE(state_fields); i++)
		size += (size_t)state_fields[i].size * state_fields[i].count;
	return size;
}

size_t pl011_save(const struct pl011 *s, uint8_t *buf, size_t len)
{
	const uint8_t *base = (const uint8_t *)s;
	size_t size = state_size();
	uint8_t *p = buf;

	if (len < size)
		return size;
	memcpy(p, STATE_MAGIC, 4);
	put_le(p + 4, 2, PL011_STATE_VERSION);
	put_le(p + 6, 2, size);
	p += STATE_HEADER_SIZE;
	for (size_t i = 0; i < ARRAY_SIZE(state_fields); i++) {
		const struct state_field *f = &state_fields[i];
		size_t bytes = (size_t)f->size * f->count;

		/* The daemon saves on every request: copy whole fields. */
		if (host_little_endian()) {
			memcpy(p, base + f->offset, bytes);
			p += bytes;
			continue;
		}
		for (unsigned int e = 0; e < f->count; e++, p += f->size)
			put_le(p, f->size,
			       load_native(base + f->offset + e * f->size,
					   f->size));
	}
	p[0] = (s->overrun_pending ? FLAG_OVERRUN_PENDING : 0) |
	       (s->rt_deadline != PL011_NO_DEADLINE ? FLAG_RT_ARMED : 0);
	p[1] = 0;
	return size;
}

static int check_header(const uint8_t *buf, size_t len)
{
	if (len < STATE_HEADER_SIZE || memcmp(buf, STATE_MAGIC, 4))
		return -EBADMSG;
	if (get_le(buf + 4, 2) != PL011_STATE_VERSION)
		return -EPROTONOSUPPORT;
	if (get_le(buf + 6, 2) != state_size() || len != state_size())
		return -EBADMSG;
	return 0;
}

int pl011_restore(struct pl011 *s, const uint8_t *buf, size_t len)
{
	struct pl011 next = *s;
	uint8_t *base = (uint8_t *)&next;
	const uint8_t *p = buf + STATE_HEADER_SIZE;
	int rc = check_header(buf, len);

	if (rc)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(state_fields); i++) {
		const struct state_field *f = &state_fields[i];

		for (unsigned int e = 0; e < f->count; e++, p += f->size)
			store_native(base + f->offset + e * f->size, f->size,
				     get_le(p, f->size));
	}
	if ((p[0] & ~(FLAG_OVERRUN_PENDING | FLAG_RT_ARMED)) || p[1])
		return -EINVAL;
	next.overrun_pending = p[0] & FLAG_OVERRUN_PENDING;
	/* The old clock means nothing now: fire at the next advance. */
	next.rt_deadline = (p[0] & FLAG_RT_ARMED) ? 0 : PL011_NO_DEADLINE;
	next.irq_mis = next.regs.ris & next.regs.imsc;
	if (pl011_validate(&next))
		return -EINVAL;
	*s = next;
	return 0;
}

/* Each register within the bits it can hold (IBRD fills its u16). */
static bool regs_within_masks(const struct pl011_regs *r)
{
	return r->rsr <= 0xf && r->ilpr <= PL011_ILPR_MASK &&
	       r->fbrd <= PL011_FBRD_MASK &&
	       r->lcr_h <= PL011_LCR_H_MASK && !(r->cr & ~PL011_CR_MASK) &&
	       r->ifls <= PL011_IFLS_MASK && r->imsc <= PL011_INT_MASK &&
	       r->ris <= PL011_INT_MASK && r->dmacr <= PL011_DMACR_MASK &&
	       !(r->modem & ~PL011_FR_MODEM);
}

static bool fifos_consistent(const struct pl011 *s)
{
	if (s->rx.head >= PL011_FIFO_DEPTH || s->tx.head >= PL011_FIFO_DEPTH)
		return false;
	if (s->rx.count > pl011_fifo_depth(s) ||
	    s->tx.count > pl011_tx_capacity(s))
		return false;
	for (size_t i = 0; i < PL011_FIFO_DEPTH; i++)
		if (s->rx.slot[i] > 0xfff)
			return false;
	return true;
}

int pl011_validate(const struct pl011 *s)
{
	bool rx_empty = s->rx.count == 0;

	if (!regs_within_masks(&s->regs) || !fifos_consistent(s))
		return -EINVAL;
	if (s->divisor > PL011_IBRD_MASK * 64u + PL011_FBRD_MASK)
		return -EINVAL;
	/* RT means "data waiting": it can be neither raised nor armed empty. */
	if (rx_empty && ((s->regs.ris & PL011_INT_RT) ||
			 s->rt_deadline != PL011_NO_DEADLINE))
		return -EINVAL;
	if (s->irq_mis != (s->regs.ris & s->regs.imsc))
		return -EINVAL;
	return 0;
}
