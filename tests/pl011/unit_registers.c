// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 register file: reset values in both reset modes, identification,
 * write masks, read-only and write-only registers, reserved space, access
 * widths and sub-word offsets, the baud divisor latch (PL011 TRM, ARM
 * DDI 0183G, chapter 3).
 */
#include "unit.h"

static const struct {
	uint32_t off;
	uint32_t trm, firmware;
	const char *name;
} reset_values[] = {
	{ PL011_RSR,	0x00,	0x00,	"RSR" },
	{ PL011_FR,	0x90,	0x90,	"FR" },
	{ PL011_ILPR,	0x00,	0x00,	"ILPR" },
	{ PL011_IBRD,	0x00,	13,	"IBRD" },
	{ PL011_FBRD,	0x00,	1,	"FBRD" },
	{ PL011_LCR_H,	0x00,	0x70,	"LCR_H" },
	{ PL011_CR,	0x300,	0x301,	"CR" },
	{ PL011_IFLS,	0x12,	0x12,	"IFLS" },
	{ PL011_IMSC,	0x00,	0x00,	"IMSC" },
	{ PL011_RIS,	0x00,	0x00,	"RIS" },
	{ PL011_MIS,	0x00,	0x00,	"MIS" },
	{ PL011_DMACR,	0x00,	0x00,	"DMACR" },
};

static void test_reset_values(void)
{
	struct irq_log log;
	struct pl011 trm, fw;

	uart_init(&trm, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	uart_init(&fw, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	for (size_t i = 0; i < sizeof(reset_values) / sizeof(reset_values[0]); i++) {
		is_hex(r32(&trm, reset_values[i].off), reset_values[i].trm,
		       "TRM reset: %s", reset_values[i].name);
		is_hex(r32(&fw, reset_values[i].off), reset_values[i].firmware,
		       "firmware reset: %s", reset_values[i].name);
	}
	is_num(pl011_baud(&trm), 0, "TRM reset: no valid divisor, baud 0");
	is_num(pl011_baud(&fw), 115246, "firmware reset: 115200 within 0.04%% at 24 MHz");
	ok(!pl011_irq_level(&trm) && log.calls == 0, "reset: line low, no callback");
}

static void test_identification(void)
{
	static const uint8_t id[8] = { 0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	struct irq_log log;
	struct pl011 s;
	uint32_t pid = 0, cid = 0;

	uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	for (unsigned int i = 0; i < 8; i++)
		is_hex(r32(&s, 0xfe0 + 4 * i), id[i], "ID register 0x%x", 0xfe0 + 4 * i);
	/* Linux amba_read_periphid(): low byte of each 32-bit word. */
	for (unsigned int i = 0; i < 4; i++) {
		pid |= (r32(&s, 0xfe0 + 4 * i) & 0xff) << (8 * i);
		cid |= (r32(&s, 0xff0 + 4 * i) & 0xff) << (8 * i);
	}
	is_hex(pid, 0x00341011, "combined PeriphID is r1p5");
	is_hex(cid, 0xb105f00d, "combined PCellID");
	is_hex(pl011_read(&s, 0xfe8, 2), 0x34, "PeriphID2 by 16-bit read");
	is_hex(pl011_read(&s, 0xfe8, 1), 0x34, "PeriphID2 by 8-bit read");
	w32(&s, 0xfe0, 0xff);
	pl011_write(&s, 0xff0, 1, 0);
	is_hex(r32(&s, 0xfe0), 0x11, "ID writes ignored");
	is_hex(r32(&s, 0xff0), 0x0d, "ID byte writes ignored");
	is_num(s.stats.bad_accesses, 0, "ID accesses are not guest errors");
}

static void test_write_masks(void)
{
	static const struct { uint32_t off, mask; const char *name; } masks[] = {
		{ PL011_ILPR, 0xff, "ILPR" }, { PL011_IBRD, 0xffff, "IBRD" },
		{ PL011_FBRD, 0x3f, "FBRD" }, { PL011_LCR_H, 0xff, "LCR_H" },
		{ PL011_CR, 0xff87, "CR" }, { PL011_IFLS, 0x3f, "IFLS" },
		{ PL011_IMSC, 0x7ff, "IMSC" }, { PL011_DMACR, 0x7, "DMACR" },
	};
	struct irq_log log;
	struct pl011 s;

	for (size_t i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
		/* LCR_H all-ones would set BRK+FEN; harmless with LBE off. */
		w32(&s, masks[i].off, 0xffffffff);
		is_hex(r32(&s, masks[i].off), masks[i].mask,
		       "W32 all-ones to %s reads back its mask", masks[i].name);
		w32(&s, masks[i].off, 0);
		is_hex(r32(&s, masks[i].off), 0, "%s clears", masks[i].name);
	}
}

static void test_read_only_write_only(void)
{
	struct irq_log log;
	struct pl011 s;

	uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	for (unsigned int size = 1; size <= 4; size *= 2) {
		pl011_write(&s, PL011_FR, size, 0xffffffff);
		pl011_write(&s, PL011_RIS, size, 0xffffffff);
		pl011_write(&s, PL011_MIS, size, 0xffffffff);
		is_hex(r32(&s, PL011_FR), 0x90, "W%u to FR ignored", size * 8);
		is_hex(r32(&s, PL011_RIS), 0, "W%u to RIS ignored", size * 8);
		is_hex(r32(&s, PL011_MIS), 0, "W%u to MIS ignored", size * 8);
	}
	is_hex(r32(&s, PL011_ICR), 0, "ICR (write-only) reads 0");
	is_num(s.stats.bad_accesses, 0, "defined registers are not guest errors");
	ok(!log.calls, "no interrupt from any of it");
}

static void test_reserved_space(void)
{
	static const uint32_t reserved[] = {
		0x008, 0x00c, 0x010, 0x014, 0x01c, 0x04c, 0x07c, 0x080,
		0x084, 0x088, 0x08c, 0x090, 0x800, 0xfcc, 0xfd0, 0xfdc,
	};
	struct irq_log log;
	struct pl011 s, before;
	size_t n = sizeof(reserved) / sizeof(reserved[0]);

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	for (size_t i = 0; i < n; i++)
		w32(&s, reserved[i], 0xffffffff);
	before = s;
	for (size_t i = 0; i < n; i++)
		is_hex(r32(&s, reserved[i]), 0, "reserved 0x%03x reads 0",
		       reserved[i]);
	ok(memcmp(&s.regs, &before.regs, sizeof(s.regs)) == 0 &&
	   s.tx.count == 0 && s.rx.count == 0,
	   "writes to reserved space changed nothing");
	is_num(s.stats.bad_accesses, 2 * n, "each reserved access counted");
}

static void test_widths(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t out[8];

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_write(&s, PL011_DR, 1, 'a');
	pl011_write(&s, PL011_DR, 2, 0x1262);	/* upper bits are not data */
	pl011_write(&s, PL011_DR, 4, 0xabcd0063);
	pl011_write(&s, PL011_DR, 8, 0xffffffff00000064ull);	/* DR then ECR */
	is_num(pl011_tx_pull(&s, out, sizeof(out)), 4,
	       "W8, W16, W32, W64 to DR each send exactly one byte");
	ok(memcmp(out, "abcd", 4) == 0, "the low byte of each write is sent");

	w32(&s, PL011_IMSC, 0x5a5);
	is_hex(pl011_read(&s, PL011_IMSC, 2), 0x5a5, "R16 equals low bits of R32");
	is_hex(pl011_read(&s, PL011_IMSC, 1), 0xa5, "R8 equals low byte");
	is_hex(pl011_read(&s, PL011_IMSC + 1, 1), 0x05, "R8 at +1 is the second byte");
	is_hex(pl011_read(&s, PL011_IMSC + 2, 2), 0, "R16 at +2 is the upper half");
	is_hex(pl011_read(&s, PL011_FR, 1), 0x90, "R8 FR works");
	pl011_write(&s, PL011_IMSC + 1, 1, 0x02);
	is_hex(r32(&s, PL011_IMSC), 0x2a5, "W8 at +1 merges into the register");
	pl011_write(&s, PL011_IMSC, 1, 0x00);
	is_hex(r32(&s, PL011_IMSC), 0x200, "W8 at +0 keeps the upper byte");
	w32(&s, PL011_IMSC, 0);

	is_hex(pl011_read(&s, PL011_FBRD, 8),
	       (uint64_t)r32(&s, PL011_LCR_H) << 32 | r32(&s, PL011_FBRD),
	       "R64 at an aligned pair reads both registers");
	pl011_write(&s, PL011_CR, 8, 0x0000000900000301ull);
	ok(r32(&s, PL011_CR) == 0x301 && r32(&s, PL011_IFLS) == 0x09,
	   "W64 writes both registers, low word first");
}

static void test_bad_accesses(void)
{
	struct irq_log log;
	struct pl011 s, before;
	uint64_t bad;

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	push_str(&s, "xy");
	before = s;
	bad = s.stats.bad_accesses;
	is_hex(pl011_read(&s, PL011_DR + 1, 2), 0, "misaligned R16 reads 0");
	is_hex(pl011_read(&s, PL011_DR, 3), 0, "3-byte read reads 0");
	is_hex(pl011_read(&s, PL011_DR, 16), 0, "16-byte read reads 0");
	is_hex(pl011_read(&s, 0xffc, 8), 0, "R64 misaligned at the page end reads 0");
	is_hex(pl011_read(&s, 0x1000, 4), 0, "read past the page reads 0");
	is_hex(pl011_read(&s, 0xffffffff, 1), 0, "read at offset 2^32-1 reads 0");
	pl011_write(&s, PL011_DR + 2, 2, 'z');
	pl011_write(&s, PL011_DR + 1, 1, 'z');
	pl011_write(&s, PL011_CR + 2, 4, 0);
	pl011_write(&s, PL011_DR, 0, 'z');
	ok(memcmp(&s.regs, &before.regs, sizeof(s.regs)) == 0 &&
	   s.rx.count == 2 && s.tx.count == 0,
	   "no bad access changed registers or FIFOs");
	is_num(s.stats.bad_accesses - bad, 10, "every bad access counted");
}

static void test_sub_word_dr_read_pops(void)
{
	struct irq_log log;
	struct pl011 s;

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_rx_char(&s, 'q', PL011_DR_PE);
	pl011_rx_char(&s, 'r', 0);
	/* APB reads are 32 bits wide: any lane of DR pops a character. */
	is_hex(pl011_read(&s, PL011_DR + 1, 1), PL011_DR_PE >> 8,
	       "R8 DR+1 returns the error byte of the top entry");
	is_hex(pl011_read(&s, PL011_DR, 1), 'r', "...and popped it");
}

static void test_baud_latch(void)
{
	struct irq_log log;
	struct pl011 s;

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	w32(&s, PL011_IBRD, 26);
	w32(&s, PL011_FBRD, 3);
	is_num(r32(&s, PL011_IBRD), 26, "IBRD reads back the written value");
	is_num(pl011_baud(&s), 115246, "new divisor not in effect before LCR_H");
	w32(&s, PL011_LCR_H, 0x70);
	is_num(pl011_baud(&s), 24000000ull * 4 / (26 * 64 + 3),
	       "LCR_H write latches IBRD/FBRD");
	w32(&s, PL011_IBRD, 0);
	w32(&s, PL011_LCR_H, 0x70);
	is_num(pl011_baud(&s), 0, "IBRD=0 is tolerated: baud 0");
	push_str(&s, "a");
	ok(pl011_next_deadline(&s) != PL011_NO_DEADLINE &&
	   pl011_next_deadline(&s) < 1000000,
	   "IBRD=0: RX timeout still finite (default-rate timing)");
	w32(&s, PL011_DMACR, 7);
	is_num(r32(&s, PL011_DMACR), 7, "DMACR stores its three bits, no DMA");
}

int main(void)
{
	test_reset_values();
	test_identification();
	test_write_masks();
	test_read_only_write_only();
	test_reserved_space();
	test_widths();
	test_bad_accesses();
	test_sub_word_dr_read_pops();
	test_baud_latch();
	return tap_done();
}
