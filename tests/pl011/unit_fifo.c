// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 FIFOs and flags: depth with and without FEN, TX backpressure and
 * the drop policy, enables, FEN changes, RSR/ECR, overrun, ordering
 * (PL011 TRM, ARM DDI 0183G, chapter 3).
 */
#include "unit.h"

static uint32_t fr(struct pl011 *s)
{
	return r32(s, PL011_FR);
}

static void test_tx_fifo_backpressure(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t out[64];

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	w32(&s, PL011_DR, 0);
	is_hex(fr(&s) & 0xa8, PL011_FR_BUSY, "one byte queued: BUSY, not TXFE");
	for (int i = 1; i < 32; i++)
		w32(&s, PL011_DR, (uint32_t)i);
	ok(fr(&s) & PL011_FR_TXFF, "32 bytes: TXFF");
	w32(&s, PL011_DR, 0xee);
	is_num(s.stats.tx_dropped, 1, "a write to a full FIFO is discarded and counted");
	is_num(pl011_tx_pull(&s, out, 1), 1, "host takes one byte");
	ok(!(fr(&s) & PL011_FR_TXFF), "TXFF clears when the host drains");
	is_num(pl011_tx_pull(&s, out + 1, sizeof(out) - 1), 31, "host takes the rest");
	is_hex(fr(&s) & 0xb8, PL011_FR_TXFE | PL011_FR_RXFE,
	       "drained: TXFE, BUSY clear");
	bool in_order = true;
	for (int i = 0; i < 32; i++)
		in_order &= out[i] == i;
	ok(in_order, "bytes come out in order, the discarded one absent");
}

static void test_tx_holding_register(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t out[4];

	uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	w32(&s, PL011_LCR_H, PL011_LCR_H_WLEN_8);	/* 8 bits, FEN 0 */
	w32(&s, PL011_CR, 0x301);	/* enabled, FEN still 0 */
	w32(&s, PL011_DR, 'a');
	ok((fr(&s) & (PL011_FR_TXFF | PL011_FR_BUSY)) ==
	   (PL011_FR_TXFF | PL011_FR_BUSY), "FEN=0: one byte fills the holding register");
	w32(&s, PL011_DR, 'b');
	is_num(pl011_tx_pull(&s, out, 4), 1, "FEN=0: only one byte held");
	is_hex(out[0], 'a', "the first byte is kept");
}

static void test_tx_disabled(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t out[4];

	uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	w32(&s, PL011_LCR_H, PL011_LCR_H_WLEN_8);
	w32(&s, PL011_DR, 'x');	/* UARTEN=0 after a TRM reset */
	ok(fr(&s) & PL011_FR_BUSY, "TX disabled: the byte waits, BUSY set (TRM)");
	is_num(pl011_tx_pending(&s), 0, "host sees nothing while disabled");
	is_num(pl011_tx_pull(&s, out, 4), 0, "pull returns nothing");
	w32(&s, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE);
	is_num(pl011_tx_pull(&s, out, 4), 1, "enabling releases the byte");
	is_hex(out[0], 'x', "...unchanged");
	w32(&s, PL011_CR, PL011_CR_UARTEN);	/* TXE off */
	w32(&s, PL011_DR, 'y');
	is_num(pl011_tx_pending(&s), 0, "TXE=0 holds bytes too");
}

static void test_tx_drop_policy(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t out[64];

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_DROP);
	for (int i = 0; i < 40; i++) {
		w32(&s, PL011_DR, (uint32_t)i);
		if ((fr(&s) & 0xa8) != PL011_FR_TXFE)
			break;
	}
	is_hex(fr(&s) & 0xa8, PL011_FR_TXFE,
	       "drop policy: always TXFE, never TXFF or BUSY");
	is_num(s.stats.tx_dropped, 8, "8 oldest bytes overwritten and counted");
	is_num(pl011_tx_pull(&s, out, sizeof(out)), 32, "the newest 32 remain");
	ok(out[0] == 8 && out[31] == 39, "...in order");
}

static void test_rx_depth_and_flags(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t in[40];

	memset(in, 'i', sizeof(in));
	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	is_num(pl011_rx_room(&s), 32, "FEN=1: room for 32");
	is_num(pl011_rx_push(&s, in, 40), 32, "push of 40 takes 32");
	is_hex(fr(&s) & (PL011_FR_RXFF | PL011_FR_RXFE), PL011_FR_RXFF, "RXFF");
	is_num(pl011_rx_push(&s, in, 1), 0, "full FIFO takes nothing");
	is_num(s.stats.rx_overruns, 0, "push never overruns");

	uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	w32(&s, PL011_LCR_H, PL011_LCR_H_WLEN_8);
	w32(&s, PL011_CR, 0x301);
	is_num(pl011_rx_push(&s, in, 2), 1, "FEN=0: one byte fits");
	is_hex(fr(&s) & (PL011_FR_RXFF | PL011_FR_RXFE), PL011_FR_RXFF,
	       "FEN=0: RXFF with one byte, RXFE clear");
	is_hex(r32(&s, PL011_DR), 'i', "read it");
	is_num(pl011_rx_push(&s, in, 1), 1, "then the next fits");
}

static void test_rx_disabled(void)
{
	struct irq_log log;
	struct pl011 s;

	uart_init(&s, &log, PL011_RESET_TRM, PL011_TX_BLOCK);
	is_num(pl011_rx_room(&s), 0, "UARTEN=0: no room");
	is_num(push_str(&s, "abc"), 0, "input held by the host, not lost");
	w32(&s, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE);	/* RXE off */
	is_num(push_str(&s, "abc"), 0, "RXE=0: nothing accepted");
	ok(!pl011_rx_char(&s, 'z', 0) && s.stats.rx_overruns == 0,
	   "a line character while RX is off is lost, not an overrun");
}

static void test_empty_dr_read(void)
{
	struct irq_log log;
	struct pl011 s;
	uint32_t fr_before, ris_before, rsr_before;

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_rx_char(&s, 'e', PL011_DR_FE);
	r32(&s, PL011_DR);
	fr_before = fr(&s);
	ris_before = r32(&s, PL011_RIS);
	rsr_before = r32(&s, PL011_RSR);
	is_hex(r32(&s, PL011_DR), 0, "empty DR reads 0");
	ok(fr(&s) == fr_before && r32(&s, PL011_RIS) == ris_before &&
	   r32(&s, PL011_RSR) == rsr_before, "...and changes nothing");
}

static void test_fen_changes(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t out[40];

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	w32(&s, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	push_str(&s, "0123456789abcdefghij");
	pl011_advance(&s, 1000000);
	ok(log.level, "data waiting: line high");
	w32(&s, PL011_DR, 'T');
	w32(&s, PL011_LCR_H, 0x60);	/* FEN 1 -> 0 */
	is_hex(fr(&s) & 0xf8, PL011_FR_RXFE | PL011_FR_TXFE,
	       "FEN cleared: both FIFOs flushed, RXFE/TXFE set, RXFF/TXFF clear");
	is_hex(r32(&s, PL011_RIS) & (PL011_INT_RX | PL011_INT_RT), 0,
	       "RX and RT cleared by the flush");
	ok(!log.level, "line dropped");
	ok(s.stats.rx_flushed == 20 && s.stats.tx_flushed == 1,
	   "flushed bytes counted");
	push_str(&s, "k");
	w32(&s, PL011_LCR_H, 0x70);	/* FEN 0 -> 1 keeps the held byte */
	is_hex(r32(&s, PL011_DR), 'k', "setting FEN keeps the held character");
	w32(&s, PL011_DR, 'z');
	is_num(pl011_tx_pull(&s, out, sizeof(out)), 1,
	       "console writes still reach the host after the FIFO flush");
}

static void test_rsr_ecr(void)
{
	struct irq_log log;
	struct pl011 s;

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_rx_break(&s);
	is_hex(r32(&s, PL011_RSR), 0, "RSR FE/PE/BE update only when DR is read");
	is_hex(r32(&s, PL011_DR), 0x400, "break reads as 0x00 with BE");
	is_hex(r32(&s, PL011_RSR), PL011_RSR_BE, "RSR shows BE after the read");
	pl011_write(&s, PL011_ECR, 1, 0);
	is_hex(r32(&s, PL011_RSR), 0, "any ECR write clears RSR");
	ok(r32(&s, PL011_RIS) & PL011_INT_BE, "RIS.BE stays until ICR");
	pl011_rx_char(&s, 'p', PL011_DR_PE);
	pl011_rx_char(&s, 'c', 0);
	r32(&s, PL011_DR);
	r32(&s, PL011_DR);
	is_hex(r32(&s, PL011_RSR), 0, "RSR describes the last character read");
}

static void test_overrun(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t in[32];

	memset(in, 'o', sizeof(in));
	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	pl011_rx_push(&s, in, 32);
	ok(!pl011_rx_char(&s, 'X', 0), "line character into a full FIFO is lost");
	is_hex(r32(&s, PL011_RSR), PL011_RSR_OE, "RSR.OE set at once");
	ok(r32(&s, PL011_RIS) & PL011_INT_OE, "RIS.OE set");
	is_num(s.stats.rx_overruns, 1, "overrun counted");
	is_hex(r32(&s, PL011_DR), 'o', "FIFO contents stay valid");
	pl011_rx_char(&s, 'Y', 0);
	for (int i = 0; i < 31; i++)
		r32(&s, PL011_DR);
	is_hex(r32(&s, PL011_DR), PL011_DR_OE | 'Y',
	       "the next stored character carries DR.OE");
	is_hex(r32(&s, PL011_RSR), PL011_RSR_OE, "RSR.OE sticky until ECR");
}

static void test_order_end_to_end(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t in[1000], got[1000];
	size_t sent = 0, recv = 0;

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 7 + 3);
	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	while (recv < sizeof(in)) {
		sent += pl011_rx_push(&s, in + sent, (sent % 13) + 1 > sizeof(in) - sent ?
				      sizeof(in) - sent : (sent % 13) + 1);
		while (!(fr(&s) & PL011_FR_RXFE) && recv % 5 != 4)
			got[recv++] = (uint8_t)r32(&s, PL011_DR);
		if (!(fr(&s) & PL011_FR_RXFE))
			got[recv++] = (uint8_t)r32(&s, PL011_DR);
	}
	ok(sent == sizeof(in) && memcmp(in, got, sizeof(in)) == 0,
	   "1000 bytes in uneven pushes and reads arrive in order");
}

/* LCR_H.WLEN: a character has 5 to 8 data bits, both ways. */
static void test_word_length(void)
{
	static const uint8_t in[] = { 0xff };
	struct irq_log log;
	struct pl011 s;
	uint8_t out[4];

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	w32(&s, PL011_LCR_H, (2u << 5) | PL011_LCR_H_FEN);	/* 7 bits */
	w32(&s, PL011_DR, 0xff);
	pl011_tx_pull(&s, out, sizeof(out));
	is_hex(out[0], 0x7f, "7-bit line: the host gets 7 bits of 0xff");
	pl011_rx_push(&s, in, 1);
	is_hex(r32(&s, PL011_DR), 0x7f, "and the guest reads 7 bits of "
	       "what arrives");
	w32(&s, PL011_LCR_H, PL011_LCR_H_FEN);			/* 5 bits */
	w32(&s, PL011_CR, r32(&s, PL011_CR) | PL011_CR_LBE);
	w32(&s, PL011_DR, 0xff);
	is_hex(r32(&s, PL011_DR), 0x1f, "5-bit loopback carries 5 bits");
}

/* CR.CTSEN and CR.RTSEN: hardware flow control on the modem lines. */
static void test_flow_control(void)
{
	struct irq_log log;
	struct pl011 s;
	uint8_t in[32] = { 0 }, out[4];
	uint32_t cr;

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	cr = r32(&s, PL011_CR);
	w32(&s, PL011_CR, cr | PL011_CR_CTSEN);
	w32(&s, PL011_DR, 'c');
	is_num(pl011_tx_pending(&s), 0, "CTSEN, CTS deasserted: the "
	       "transmitter holds the byte");
	ok(fr(&s) & PL011_FR_BUSY, "...BUSY while it waits");
	pl011_set_modem(&s, PL011_FR_CTS);
	is_num(pl011_tx_pull(&s, out, sizeof(out)), 1, "CTS asserted: it goes");
	w32(&s, PL011_CR, cr);
	pl011_set_modem(&s, 0);
	w32(&s, PL011_DR, 'd');
	is_num(pl011_tx_pending(&s), 1, "CTSEN clear: CTS does not matter");
	pl011_tx_pull(&s, out, sizeof(out));

	w32(&s, PL011_IFLS, 2u << 3);	/* RX watermark 1/2: 16 */
	w32(&s, PL011_CR, cr | PL011_CR_RTSEN);
	is_num(pl011_rx_room(&s), 16, "RTSEN: room up to the RX watermark");
	is_num(pl011_rx_push(&s, in, sizeof(in)), 16, "the host stops there");
	w32(&s, PL011_CR, cr);
	is_num(pl011_rx_room(&s), 16, "RTSEN clear: the whole FIFO");

	uart_init(&s, &log, PL011_RESET_FIRMWARE, PL011_TX_BLOCK);
	w32(&s, PL011_CR, r32(&s, PL011_CR) | PL011_CR_LBE | PL011_CR_CTSEN);
	w32(&s, PL011_DR, 'l');
	ok(fr(&s) & PL011_FR_RXFE, "loopback, CTSEN, RTS clear: held");
	w32(&s, PL011_CR, r32(&s, PL011_CR) | PL011_CR_RTS);
	is_hex(r32(&s, PL011_DR), 'l', "RTS feeds CTS in loopback: it goes");
}

/* A line connected before the guest runs: asserted, no modem interrupt. */
static void test_connected_line(void)
{
	struct pl011 s;

	pl011_init(&s, &(struct pl011_config){
		.reset_mode = PL011_RESET_FIRMWARE,
		.modem_inputs = PL011_FR_CTS | PL011_FR_DSR | PL011_FR_DCD });
	is_hex(fr(&s) & PL011_FR_MODEM, PL011_FR_CTS | PL011_FR_DSR |
	       PL011_FR_DCD, "CTS, DSR and DCD asserted from the start");
	is_hex(r32(&s, PL011_RIS) & PL011_INT_MODEM, 0, "no modem status "
	       "interrupt for it");
	pl011_reset(&s);
	is_hex(fr(&s) & PL011_FR_MODEM, PL011_FR_CTS | PL011_FR_DSR |
	       PL011_FR_DCD, "a guest reset leaves the line as it is");
}

int main(void)
{
	test_tx_fifo_backpressure();
	test_tx_holding_register();
	test_tx_disabled();
	test_tx_drop_policy();
	test_rx_depth_and_flags();
	test_rx_disabled();
	test_empty_dr_read();
	test_fen_changes();
	test_rsr_ecr();
	test_overrun();
	test_order_end_to_end();
	test_word_length();
	test_flow_control();
	test_connected_line();
	return tap_done();
}
