// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the PL011 model: the input is a script of guest
 * accesses and host events; after every step the model's invariants are
 * checked from the outside (what the guest and host can observe) and
 * from the inside (pl011_validate), and save/restore must round-trip.
 */
#include <string.h>

#include "fuzz.h"
#include "pl011.h"

struct observer {
	bool line;		/* as last reported by the irq callback */
};

static void on_irq(void *ctx, bool level, bool new_bits)
{
	struct observer *o = ctx;

	/* The model only calls on a level change or new masked bits. */
	CHECK(level != o->line || new_bits);
	CHECK(level || !new_bits);
	o->line = level;
}

/* Offsets worth hitting often: every register, IDs, reserved, sub-words. */
static uint32_t pick_offset(struct script *sc)
{
	static const uint16_t regs[] = {
		0x000, 0x004, 0x018, 0x020, 0x024, 0x028, 0x02c, 0x030,
		0x034, 0x038, 0x03c, 0x040, 0x044, 0x048, 0x080, 0xfe0,
		0xffc, 0x008, 0x001, 0x002, 0x003, 0x031, 0x03a, 0xfff,
	};
	uint8_t b = next8(sc);

	if (b < 200)
		return regs[b % (sizeof(regs) / sizeof(regs[0]))];
	return (next8(sc) | (uint32_t)next8(sc) << 8) & 0x1fff;
}

static unsigned int pick_size(struct script *sc)
{
	static const uint8_t sizes[] = { 1, 2, 4, 4, 4, 8, 2, 3, 0, 16 };

	return sizes[next8(sc) % sizeof(sizes)];
}

/* What FR, RIS and MIS say must agree with what the host sees. */
static void check_observable(struct pl011 *s, const struct observer *o)
{
	uint32_t fr = (uint32_t)pl011_read(s, PL011_FR, 4);
	uint32_t ris = (uint32_t)pl011_read(s, PL011_RIS, 4);
	uint32_t mis = (uint32_t)pl011_read(s, PL011_MIS, 4);
	uint32_t imsc = (uint32_t)pl011_read(s, PL011_IMSC, 4);
	bool fen = pl011_read(s, PL011_LCR_H, 4) & PL011_LCR_H_FEN;
	unsigned int depth = fen ? PL011_FIFO_DEPTH : 1;
	size_t room = pl011_rx_room(s);

	CHECK(pl011_validate(s) == 0);
	CHECK(s->rx.count <= PL011_FIFO_DEPTH && s->tx.count <= PL011_FIFO_DEPTH);
	CHECK(!(fr & PL011_FR_RXFE) == (s->rx.count != 0));
	CHECK(!(fr & PL011_FR_RXFF) == (s->rx.count < depth));
	bool rtsen = pl011_read(s, PL011_CR, 4) & PL011_CR_RTSEN;

	/* Never an overrun; RTS flow control stops at the watermark. */
	CHECK(room <= depth - s->rx.count);
	CHECK(rtsen || room == 0 || room == depth - s->rx.count);
	if (s->config.tx_policy == PL011_TX_BLOCK) {
		CHECK(!(fr & PL011_FR_TXFE) == (s->tx.count != 0));
		CHECK(!(fr & PL011_FR_BUSY) == (s->tx.count == 0));
		CHECK(!(fr & PL011_FR_TXFF) == (s->tx.count < depth));
	} else {
		CHECK((fr & (PL011_FR_TXFE | PL011_FR_TXFF | PL011_FR_BUSY)) ==
		      PL011_FR_TXFE);
	}
	CHECK(pl011_tx_pending(s) <= s->tx.count);
	CHECK(mis == (ris & imsc));
	CHECK(o->line == (mis != 0));
	CHECK(pl011_irq_level(s) == (mis != 0));
}

/* save -> restore into a fresh model -> save must be byte-identical. */
static void check_round_trip(struct pl011 *s)
{
	uint8_t a[PL011_STATE_SIZE], b[PL011_STATE_SIZE];
	struct pl011 copy;

	CHECK(pl011_save(s, a, sizeof(a)) == sizeof(a));
	pl011_init(&copy, &s->config);
	CHECK(pl011_restore(&copy, a, sizeof(a)) == 0);
	CHECK(pl011_save(&copy, b, sizeof(b)) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) == 0);
	CHECK(pl011_irq_level(&copy) == pl011_irq_level(s));
}

/*
 * A damaged blob is rejected and leaves the model untouched; one that
 * still passes validation is taken, and the host re-reads the line, as
 * restore never calls the irq callback.
 */
static void check_corrupt_restore(struct pl011 *s, struct script *sc,
				  struct observer *o)
{
	uint8_t blob[PL011_STATE_SIZE], before[PL011_STATE_SIZE];
	size_t len = sizeof(blob);

	pl011_save(s, blob, sizeof(blob));
	memcpy(before, blob, sizeof(blob));
	blob[next8(sc) % sizeof(blob)] ^= (uint8_t)(1u << (next8(sc) % 8));
	if (next8(sc) & 1)
		len = next8(sc) % sizeof(blob);
	if (pl011_restore(s, blob, len) != 0) {
		pl011_save(s, blob, sizeof(blob));
		CHECK(memcmp(before, blob, sizeof(blob)) == 0);
	}
	o->line = pl011_irq_level(s);
}

static void step(struct pl011 *s, struct script *sc, uint64_t *now,
		 struct observer *o)
{
	uint8_t buf[64];
	size_t n, got;

	switch (next8(sc) % 11) {
	case 0: case 1:
		pl011_read(s, pick_offset(sc), pick_size(sc));
		break;
	case 2: case 3: {
		uint32_t off = pick_offset(sc);
		unsigned int sz = pick_size(sc);

		pl011_write(s, off, sz, next32(sc) | (uint64_t)next32(sc) << 32);
		break;
	}
	case 4:
		n = next8(sc) % sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = next8(sc);
		got = pl011_rx_push(s, buf, n);
		CHECK(got <= n);
		break;
	case 5:
		n = next8(sc) % sizeof(buf);
		got = pl011_tx_pull(s, buf, n);
		CHECK(got <= n);
		break;
	case 6:
		*now += (uint64_t)next8(sc) * 20000;
		pl011_advance(s, *now);
		CHECK(pl011_next_deadline(s) > *now);
		break;
	case 7:
		pl011_rx_char(s, next8(sc), (unsigned int)next8(sc) << 8);
		break;
	case 8:
		if (next8(sc) & 1)
			pl011_rx_break(s);
		else
			pl011_set_modem(s, next8(sc) | (next8(sc) & 1u) << 8);
		break;
	case 9:
		check_round_trip(s);
		check_corrupt_restore(s, sc, o);
		break;
	case 10:
		if (next8(sc) == 0)
			pl011_reset(s);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script sc = { data, data + size };
	struct observer obs = { false };
	uint8_t mode = next8(&sc);
	struct pl011_config config = {
		.clock_hz = (mode & 4) ? 1843200 : 0,
		.reset_mode = (mode & 1) ? PL011_RESET_FIRMWARE : PL011_RESET_TRM,
		.tx_policy = (mode & 2) ? PL011_TX_DROP : PL011_TX_BLOCK,
		.irq = on_irq,
		.ctx = &obs,
	};
	struct pl011 s;
	uint64_t now = 0;

	pl011_init(&s, &config);
	pl011_advance(&s, now);
	while (sc.p < sc.end) {
		step(&s, &sc, &now, &obs);
		check_observable(&s, &obs);
	}
	check_round_trip(&s);
	return 0;
}
