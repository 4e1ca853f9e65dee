// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 save/restore: the fixed little-endian layout, byte-identical
 * round trips of a busy model, behaviour after restore, and rejection of
 * truncated, foreign and inconsistent blobs without touching the model.
 */
#include <errno.h>

#include "unit.h"

/* Byte offsets in a version 1 blob (see pl011_state.c). */
enum {
	AT_IBRD = 12, AT_CR = 18, AT_RIS = 24, AT_RX_HEAD = 30,
	AT_RX_COUNT = 31, AT_RX_SLOT0 = 32, AT_TX_COUNT = 97,
	AT_FLAGS = 198, AT_PAD = 199,
};

/* A model with something everywhere: both FIFOs, errors, RT armed. */
static void make_busy(struct pl011 *s, struct irq_log *log)
{
	uart_init(s, log, PL011_RESET_TRM, PL011_TX_BLOCK);
	w32(s, PL011_IBRD, 0x1234);
	w32(s, PL011_FBRD, 5);
	uart_enable_fifo(s);
	w32(s, PL011_IMSC, PL011_INT_RX | PL011_INT_RT | PL011_INT_ERRORS);
	pl011_advance(s, 5000);
	push_str(s, "0123456789abcdefghijklmnopqrstuv");
	r32(s, PL011_DR);
	pl011_rx_char(s, '?', PL011_DR_PE);
	pl011_rx_char(s, '!', PL011_DR_FE);	/* overrun: FIFO full */
	for (int i = 0; i < 20; i++)
		w32(s, PL011_DR, 'A' + (uint32_t)i);
}

static void test_layout(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t blob[PL011_STATE_SIZE];

	make_busy(&s, &log);
	is_num(pl011_save(&s, NULL, 0), PL011_STATE_SIZE,
	       "save with no buffer returns the size");
	is_num(pl011_save(&s, blob, sizeof(blob)), PL011_STATE_SIZE,
	       "save writes PL011_STATE_SIZE bytes");
	ok(memcmp(blob, "PL11\x01\x00", 6) == 0, "magic and version 1 (LE)");
	ok(blob[6] == PL011_STATE_SIZE % 256 && blob[7] == PL011_STATE_SIZE / 256,
	   "size field (LE)");
	ok(blob[AT_IBRD] == 0x34 && blob[AT_IBRD + 1] == 0x12,
	   "IBRD stored little-endian at its fixed offset");
	is_num(blob[AT_RX_COUNT], 32, "RX count");
	is_num(blob[AT_TX_COUNT], 20, "TX count");
	is_hex(blob[AT_FLAGS], 0x03, "flags: overrun pending, RT armed");
}

static void test_round_trip(void)
{
	struct irq_log log, log2;
	struct pl011 s, t;
	uint8_t a[PL011_STATE_SIZE], b[PL011_STATE_SIZE];
	uint8_t out_s[32], out_t[32];
	bool same = true;

	make_busy(&s, &log);
	pl011_save(&s, a, sizeof(a));
	uart_init(&t, &log2, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	is_num(pl011_restore(&t, a, sizeof(a)), 0, "restore accepts its own blob");
	pl011_save(&t, b, sizeof(b));
	ok(memcmp(a, b, sizeof(a)) == 0, "save -> restore -> save is byte-identical");
	is_num(log2.calls, 0, "restore does not call the irq callback");
	ok(pl011_irq_level(&t) == pl011_irq_level(&s), "same line level");
	for (int i = 0; i < 33; i++)
		same &= r32(&s, PL011_DR) == r32(&t, PL011_DR);
	ok(same, "restored RX FIFO reads the same entries, errors included");
	ok(pl011_tx_pull(&s, out_s, 32) == 20 && pl011_tx_pull(&t, out_t, 32) == 20 &&
	   memcmp(out_s, out_t, 20) == 0, "restored TX FIFO sends the same bytes");
	is_num(pl011_baud(&t), pl011_baud(&s), "latched divisor restored");
	ok(t.stats.rx_overruns == 1 && t.stats.rx_bytes == s.stats.rx_bytes,
	   "counters restored");
}

static void test_rt_after_restore(void)
{
	struct irq_log log;
	struct pl011 s, t;
	uint8_t blob[PL011_STATE_SIZE];

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	w32(&s, PL011_IMSC, PL011_INT_RT);
	push_str(&s, "x");
	pl011_save(&s, blob, sizeof(blob));
	uart_init(&t, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_restore(&t, blob, sizeof(blob));
	pl011_advance(&t, 123);
	ok(log.level && (r32(&t, PL011_RIS) & PL011_INT_RT),
	   "an armed RT fires at the first advance after restore");
}

static void test_rejects(void)
{
	static const struct {
		unsigned int at;
		uint8_t value;
		int err;
		const char *what;
	} damage[] = {
		{ 0, 'X', -EBADMSG, "bad magic" },
		{ 4, 2, -EPROTONOSUPPORT, "version 2" },
		{ 6, 0xff, -EBADMSG, "size field mismatch" },
		{ AT_RX_COUNT, 33, -EINVAL, "RX count above the depth" },
		{ AT_RX_HEAD, 32, -EINVAL, "RX head outside the FIFO" },
		{ AT_RX_SLOT0 + 1, 0x10, -EINVAL, "RX entry above 12 bits" },
		{ AT_CR, 0x78, -EINVAL, "CR reserved bits set" },
		{ AT_RIS + 1, 0x08, -EINVAL, "RIS bit 11 set" },
		{ AT_FLAGS, 0x04, -EINVAL, "unknown flag" },
		{ AT_PAD, 1, -EINVAL, "non-zero pad" },
	};
	struct irq_log log;
	struct pl011 s, target;
	uint8_t good[PL011_STATE_SIZE], bad[PL011_STATE_SIZE], after[PL011_STATE_SIZE];

	make_busy(&s, &log);
	pl011_save(&s, good, sizeof(good));
	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		memcpy(bad, good, sizeof(bad));
		bad[damage[i].at] = damage[i].value;
		target = s;
		is_num((uint64_t)(int64_t)pl011_restore(&target, bad, sizeof(bad)),
		       (uint64_t)(int64_t)damage[i].err, "rejects %s", damage[i].what);
		pl011_save(&target, after, sizeof(after));
		ok(memcmp(good, after, sizeof(good)) == 0, "...model untouched");
	}
	is_num((uint64_t)(int64_t)pl011_restore(&target, good, sizeof(good) - 1),
	       (uint64_t)(int64_t)-EBADMSG, "rejects a truncated blob");
	is_num((uint64_t)(int64_t)pl011_restore(&target, good, 3),
	       (uint64_t)(int64_t)-EBADMSG, "rejects a blob shorter than its header");

	/* Consistent bytes, inconsistent meaning: RT raised with RX empty. */
	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_save(&s, bad, sizeof(bad));
	bad[AT_RIS] = PL011_INT_RT;
	is_num((uint64_t)(int64_t)pl011_restore(&s, bad, sizeof(bad)),
	       (uint64_t)(int64_t)-EINVAL, "rejects RT raised with an empty FIFO");
}

int main(void)
{
	test_layout();
	test_round_trip();
	test_rt_after_restore();
	test_rejects();
	return tap_done();
}
