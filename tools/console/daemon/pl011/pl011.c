// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 r1p5 UART model: registers, FIFOs and interrupts, after the TRM
 * (ARM DDI 0183G) and what real drivers rely on (Linux amba-pl011.c,
 * U-Boot serial_pl01x.c, EDK2 PL011UartLib.c, Zephyr uart_pl011.c,
 * FreeBSD uart_dev_pl011.c).
 *
 * Knows nothing of Xen, files or clocks (see pl011.h for the contract).
 * Every public entry point that can change the interrupt status ends in
 * update_irq(), the only caller of the host's irq callback.  Versioned
 * save/restore and the invariant checker live in pl011_state.c.
 */
#include <string.h>

#include "pl011_internal.h"

static const uint8_t pl011_id_bytes[8] = {
	PL011_PERIPHID & 0xff, (PL011_PERIPHID >> 8) & 0xff,
	(PL011_PERIPHID >> 16) & 0xff, PL011_PERIPHID >> 24,
	PL011_PCELLID & 0xff, (PL011_PCELLID >> 8) & 0xff,
	(PL011_PCELLID >> 16) & 0xff, PL011_PCELLID >> 24,
};

/* IFLS codes b000..b100 in eighths of the FIFO; reserved codes act as 1/2. */
static const uint8_t ifls_eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };

static bool fifo_enabled(const struct pl011 *s)
{
	return s->regs.lcr_h & PL011_LCR_H_FEN;
}

/* With FEN clear both FIFOs are one-character holding registers. */
unsigned int pl011_fifo_depth(const struct pl011 *s)
{
	return fifo_enabled(s) ? PL011_FIFO_DEPTH : 1;
}

unsigned int pl011_tx_capacity(const struct pl011 *s)
{
	return s->config.tx_policy == PL011_TX_DROP ? PL011_FIFO_DEPTH :
						      pl011_fifo_depth(s);
}

/* RX interrupt when the level becomes >= this; FEN=0: any character. */
static unsigned int rx_trigger(const struct pl011 *s)
{
	if (!fifo_enabled(s))
		return 1;
	return PL011_FIFO_DEPTH * ifls_eighths[PL011_IFLS_RX(s->regs.ifls)] / 8;
}

/* TX interrupt when the level drops to <= this; FEN=0: holding reg empty. */
static unsigned int tx_trigger(const struct pl011 *s)
{
	if (!fifo_enabled(s))
		return 0;
	return PL011_FIFO_DEPTH * ifls_eighths[PL011_IFLS_TX(s->regs.ifls)] / 8;
}

static bool cr_has(const struct pl011 *s, unsigned int bits)
{
	return (s->regs.cr & bits) == bits;
}

static bool tx_enabled(const struct pl011 *s)
{
	return cr_has(s, PL011_CR_UARTEN | PL011_CR_TXE);
}

static bool rx_enabled(const struct pl011 *s)
{
	return cr_has(s, PL011_CR_UARTEN | PL011_CR_RXE);
}

static bool loopback(const struct pl011 *s)
{
	return s->regs.cr & PL011_CR_LBE;
}

/* Divisor for PL011_DEFAULT_BAUD, rounded as Linux computes it. */
static uint32_t default_divisor(const struct pl011 *s)
{
	uint64_t clk4 = (uint64_t)s->config.clock_hz * 4;

	return (uint32_t)((clk4 + PL011_DEFAULT_BAUD / 2) / PL011_DEFAULT_BAUD);
}

/* IBRD = 0 is invalid (TRM): such a divisor is reported as 0 baud. */
static bool divisor_valid(uint32_t divisor)
{
	return divisor >= 64;
}

uint32_t pl011_baud(const struct pl011 *s)
{
	if (!divisor_valid(s->divisor))
		return 0;
	return (uint32_t)((uint64_t)s->config.clock_hz * 4 / s->divisor);
}

/*
 * RT fires after 32 bit periods without received data.  A bit period is
 * 16 * (divisor / 64) UARTCLK cycles, so 32 of them are 8 * divisor
 * cycles.  With no valid divisor, time as at the default baud rate.
 */
static uint64_t rt_timeout_ns(const struct pl011 *s)
{
	uint32_t divisor = s->divisor;

	if (!divisor_valid(divisor))
		divisor = default_divisor(s);
	return (uint64_t)divisor * 8 * 1000000000u / s->config.clock_hz;
}

static void rt_arm(struct pl011 *s)
{
	s->rt_deadline = s->now + rt_timeout_ns(s);
}

static void rt_cancel(struct pl011 *s)
{
	s->rt_deadline = PL011_NO_DEADLINE;
	s->regs.ris &= ~PL011_INT_RT;
}

/*
 * The one place the interrupt line is computed.  The host hears about a
 * change of level, and about new MIS bits while the line stays high.
 */
static void update_irq(struct pl011 *s)
{
	uint16_t mis = s->regs.ris & s->regs.imsc;
	bool new_bits = mis & ~s->irq_mis;
	bool was_high = s->irq_mis != 0;

	s->irq_mis = mis;
	if ((mis != 0) == was_high && !new_bits)
		return;
	s->stats.irq_events++;
	if (s->config.irq)
		s->config.irq(s->config.ctx, mis != 0, new_bits);
}

bool pl011_irq_level(const struct pl011 *s)
{
	return (s->regs.ris & s->regs.imsc) != 0;
}

/*
 * Modem inputs as FR bits.  In loopback the outputs feed the inputs:
 * RTS->CTS, DTR->DSR, Out1->DCD, Out2->RI (TRM loopback description).
 */
static uint16_t modem_inputs(const struct pl011 *s)
{
	uint16_t cr = s->regs.cr;

	if (!loopback(s))
		return s->regs.modem;
	return ((cr & PL011_CR_RTS) ? PL011_FR_CTS : 0) |
	       ((cr & PL011_CR_DTR) ? PL011_FR_DSR : 0) |
	       ((cr & PL011_CR_OUT1) ? PL011_FR_DCD : 0) |
	       ((cr & PL011_CR_OUT2) ? PL011_FR_RI : 0);
}

/*
 * CTS flow control (CR.CTSEN): the transmitter sends only while CTS is
 * asserted; what it holds stays queued, TXFF and BUSY as they are.
 */
static bool tx_flow_stopped(const struct pl011 *s)
{
	return (s->regs.cr & PL011_CR_CTSEN) &&
	       !(modem_inputs(s) & PL011_FR_CTS);
}

/* The data bits a character has on the line: LCR_H.WLEN, 5 to 8. */
static uint8_t word_mask(const struct pl011 *s)
{
	static const uint8_t masks[4] = { 0x1f, 0x3f, 0x7f, 0xff };

	return masks[PL011_LCR_H_WLEN(s->regs.lcr_h)];
}

/* Each modem input that changed raises its own status bit. */
static void modem_changed(struct pl011 *s, uint16_t before)
{
	uint16_t changed = before ^ modem_inputs(s);

	if (changed & PL011_FR_CTS)
		s->regs.ris |= PL011_INT_CTS;
	if (changed & PL011_FR_DSR)
		s->regs.ris |= PL011_INT_DSR;
	if (changed & PL011_FR_DCD)
		s->regs.ris |= PL011_INT_DCD;
	if (changed & PL011_FR_RI)
		s->regs.ris |= PL011_INT_RI;
}

bool pl011_tx_full(const struct pl011 *s)
{
	return s->config.tx_policy == PL011_TX_BLOCK &&
	       s->tx.count >= pl011_fifo_depth(s);
}

static uint32_t read_fr(const struct pl011 *s)
{
	unsigned int depth = pl011_fifo_depth(s);
	uint32_t fr = modem_inputs(s);

	if (s->config.tx_policy == PL011_TX_DROP || s->tx.count == 0)
		fr |= PL011_FR_TXFE;
	else
		fr |= PL011_FR_BUSY;
	if (pl011_tx_full(s))
		fr |= PL011_FR_TXFF;
	if (s->rx.count == 0)
		fr |= PL011_FR_RXFE;
	if (s->rx.count >= depth)
		fr |= PL011_FR_RXFF;
	return fr;
}

/* ---- receiver ---------------------------------------------------------- */

/* A character lost to a full FIFO: RSR.OE now, DR.OE on the next one. */
static void rx_overrun(struct pl011 *s)
{
	s->regs.rsr |= PL011_RSR_OE;
	s->regs.ris |= PL011_INT_OE;
	s->overrun_pending = true;
	s->stats.rx_overruns++;
}

/* Store one received entry (data | FE/PE/BE); false on overrun. */
static bool rx_store(struct pl011 *s, uint16_t entry)
{
	struct pl011_fifo_rx *f = &s->rx;

	if (f->count >= pl011_fifo_depth(s)) {
		rx_overrun(s);
		return false;
	}
	if (s->overrun_pending) {
		entry |= PL011_DR_OE;
		s->overrun_pending = false;
	}
	entry &= (uint16_t)(~0xffu | word_mask(s));
	f->slot[(f->head + f->count) % PL011_FIFO_DEPTH] = entry;
	f->count++;
	s->stats.rx_bytes++;
	/* RX is a crossing of the level (Linux pl011_enable_interrupts). */
	if (f->count == rx_trigger(s))
		s->regs.ris |= PL011_INT_RX;
	/* DR bits FE/PE/BE (8..10) map to RIS bits 7..9. */
	s->regs.ris |= (entry & (PL011_DR_FE | PL011_DR_PE | PL011_DR_BE)) >> 1;
	rt_arm(s);
	return true;
}

/* A character from the line; lost (not overrun) while RX is off. */
static bool rx_from_line(struct pl011 *s, uint16_t entry)
{
	if (!rx_enabled(s))
		return false;
	return rx_store(s, entry);
}

static uint32_t read_dr(struct pl011 *s)
{
	struct pl011_fifo_rx *f = &s->rx;
	uint16_t entry;

	/* Empty: 0 and no side effects (QEMU's pl011_read() does the same). */
	if (f->count == 0)
		return 0;
	entry = f->slot[f->head];
	f->head = (f->head + 1) % PL011_FIFO_DEPTH;
	f->count--;
	/* RSR FE/PE/BE describe the character just read; OE is sticky. */
	s->regs.rsr = (s->regs.rsr & PL011_RSR_OE) |
		      ((entry >> 8) & (PL011_RSR_FE | PL011_RSR_PE |
				       PL011_RSR_BE));
	if (f->count < rx_trigger(s))
		s->regs.ris &= ~PL011_INT_RX;
	if (f->count == 0)
		rt_cancel(s);
	return entry;
}

static void rx_flush(struct pl011 *s)
{
	s->stats.rx_flushed += s->rx.count;
	s->rx.head = 0;
	s->rx.count = 0;
	s->overrun_pending = false;
	s->regs.ris &= ~PL011_INT_RX;
	rt_cancel(s);
}

/* ---- transmitter ------------------------------------------------------- */

/*
 * Bytes left the TX FIFO (sent or flushed).  TX is raised by the level
 * falling to the trigger, never by enabling or unmasking: the TRM's
 * "transition" note, which Linux (pl011_tx_chars()) and FreeBSD
 * (uart_dev_pl011.c) rely on: they write a burst on a TX interrupt
 * without reading FR.
 */
static void tx_left(struct pl011 *s, size_t n)
{
	if (!n)
		return;
	if (s->tx.count <= tx_trigger(s))
		s->regs.ris |= PL011_INT_TX;
}

static uint8_t tx_pop(struct pl011 *s)
{
	struct pl011_fifo_tx *f = &s->tx;
	uint8_t c = f->slot[f->head];

	f->head = (f->head + 1) % PL011_FIFO_DEPTH;
	f->count--;
	return c;
}

/*
 * Loopback sends the transmitter into the receiver at once.  Looped bytes
 * do not reach the host: a self-test's traffic is not console output
 * (QEMU also sends them to its backend; OpenVMM does not).
 */
static void tx_loop(struct pl011 *s)
{
	size_t n = 0;

	if (!loopback(s) || !tx_enabled(s) || tx_flow_stopped(s))
		return;
	while (s->tx.count) {
		rx_from_line(s, tx_pop(s));
		n++;
	}
	tx_left(s, n);
}

static void write_dr(struct pl011 *s, uint8_t c)
{
	struct pl011_fifo_tx *f = &s->tx;
	bool drop = s->config.tx_policy == PL011_TX_DROP;

	if (f->count >= pl011_tx_capacity(s)) {
		s->stats.tx_dropped++;
		if (!drop)
			return;		/* hardware discards the new byte */
		tx_pop(s);		/* drop mode keeps the newest */
	}
	f->slot[(f->head + f->count) % PL011_FIFO_DEPTH] = c & word_mask(s);
	f->count++;
	if (drop)
		s->regs.ris |= PL011_INT_TX;	/* the transmitter looks idle */
	else if (f->count > tx_trigger(s))
		s->regs.ris &= ~PL011_INT_TX;
	if (loopback(s))
		tx_loop(s);
}

static void tx_flush(struct pl011 *s)
{
	size_t n = s->tx.count;

	s->stats.tx_flushed += n;
	s->tx.head = 0;
	s->tx.count = 0;
	tx_left(s, n);
}

/* ---- control registers ------------------------------------------------- */

/*
 * LCR_H is also the strobe that latches IBRD/FBRD (TRM: the three form
 * one register updated on the LCR_H write).  Clearing FEN flushes both
 * FIFOs (TRM programming note for TX; RX as QEMU and OpenVMM, the TRM is
 * silent); setting it keeps the held character.
 */
static void write_lcr_h(struct pl011 *s, uint32_t value)
{
	uint16_t old = s->regs.lcr_h;

	s->regs.lcr_h = value & PL011_LCR_H_MASK;
	s->divisor = (uint32_t)s->regs.ibrd * 64 + s->regs.fbrd;
	if ((old & PL011_LCR_H_FEN) && !fifo_enabled(s)) {
		tx_flush(s);
		rx_flush(s);
	}
	if (!(old & PL011_LCR_H_BRK) && (value & PL011_LCR_H_BRK) &&
	    loopback(s) && tx_enabled(s))
		rx_from_line(s, PL011_DR_BE);
}

static void write_cr(struct pl011 *s, uint32_t value)
{
	uint16_t modem_before = modem_inputs(s);

	s->regs.cr = value & PL011_CR_MASK;
	modem_changed(s, modem_before);
	tx_loop(s);
}

/*
 * ICR is write-one-to-clear.  Clearing RT while characters remain restarts
 * the timeout, so input can never be stranded below the RX level (as it
 * can on QEMU's pl011, which has no receive timeout).
 */
static void write_icr(struct pl011 *s, uint32_t value)
{
	s->regs.ris &= ~(value & PL011_INT_MASK);
	if ((value & PL011_INT_RT) && s->rx.count)
		rt_arm(s);
}

/* Registers that read back a stored value, or NULL. */
static const uint16_t *stored_reg(const struct pl011 *s, uint32_t reg)
{
	switch (reg) {
	case PL011_RSR:		return &s->regs.rsr;
	case PL011_ILPR:	return &s->regs.ilpr;
	case PL011_IBRD:	return &s->regs.ibrd;
	case PL011_FBRD:	return &s->regs.fbrd;
	case PL011_LCR_H:	return &s->regs.lcr_h;
	case PL011_CR:		return &s->regs.cr;
	case PL011_IFLS:	return &s->regs.ifls;
	case PL011_IMSC:	return &s->regs.imsc;
	case PL011_RIS:		return &s->regs.ris;
	case PL011_DMACR:	return &s->regs.dmacr;
	}
	return NULL;
}

static uint32_t read_reg(struct pl011 *s, uint32_t reg)
{
	const uint16_t *stored;

	switch (reg) {
	case PL011_DR:		return read_dr(s);
	case PL011_FR:		return read_fr(s);
	case PL011_MIS:		return s->regs.ris & s->regs.imsc;
	case PL011_ICR:		return 0;	/* write-only */
	}
	stored = stored_reg(s, reg);
	if (stored)
		return *stored;
	if (reg >= PL011_PERIPHID0)
		return pl011_id_bytes[(reg - PL011_PERIPHID0) / 4];
	s->stats.bad_accesses++;	/* reserved and test registers */
	return 0;
}

static void write_reg(struct pl011 *s, uint32_t reg, uint32_t value)
{
	switch (reg) {
	case PL011_DR:		write_dr(s, value & 0xff); return;
	case PL011_ECR:		s->regs.rsr = 0; return;	/* any value */
	case PL011_ILPR:	s->regs.ilpr = value & PL011_ILPR_MASK; return;
	case PL011_IBRD:	s->regs.ibrd = value & PL011_IBRD_MASK; return;
	case PL011_FBRD:	s->regs.fbrd = value & PL011_FBRD_MASK; return;
	case PL011_LCR_H:	write_lcr_h(s, value); return;
	case PL011_CR:		write_cr(s, value); return;
	case PL011_IFLS:	s->regs.ifls = value & PL011_IFLS_MASK; return;
	case PL011_IMSC:	s->regs.imsc = value & PL011_INT_MASK; return;
	case PL011_ICR:		write_icr(s, value); return;
	case PL011_DMACR:	s->regs.dmacr = value & PL011_DMACR_MASK; return;
	case PL011_FR:
	case PL011_RIS:
	case PL011_MIS:
		return;		/* read-only: ignored (BSA-ACS writes them) */
	}
	if (reg < PL011_PERIPHID0)
		s->stats.bad_accesses++;	/* reserved and test registers */
}

/* Naturally aligned, 1/2/4/8 bytes, inside the page. */
static bool access_valid(uint32_t offset, unsigned int size)
{
	static const bool sizes[9] = { [1] = true, [2] = true, [4] = true,
				       [8] = true };

	/* A power of two, so size - 1 masks the misalignment. */
	return size <= 8 && sizes[size] && (offset & (size - 1)) == 0 &&
	       offset <= PL011_MMIO_SIZE - size;
}

static uint32_t lane_mask(unsigned int size)
{
	return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint64_t pl011_read(struct pl011 *s, uint32_t offset, unsigned int size)
{
	uint64_t value;

	if (!access_valid(offset, size)) {
		s->stats.bad_accesses++;
		return 0;
	}
	if (size == 8) {
		value = read_reg(s, offset);
		value |= (uint64_t)read_reg(s, offset + 4) << 32;
	} else {
		value = read_reg(s, offset & ~3u) >> (8 * (offset & 3));
		value &= lane_mask(size);
	}
	update_irq(s);
	return value;
}

/* A write of some byte lanes of one 32-bit register. */
static void write_lanes(struct pl011 *s, uint32_t offset, unsigned int size,
			uint32_t value)
{
	uint32_t reg = offset & ~3u;
	unsigned int shift = 8 * (offset & 3);
	uint32_t mask = lane_mask(size) << shift;

	value = (value << shift) & mask;
	/* Every register fits in 16 bits: only narrower writes merge. */
	if ((mask & 0xffff) != 0xffff) {
		if (reg == PL011_DR && !(mask & 0xff)) {
			s->stats.bad_accesses++;	/* no data lane */
			return;
		}
		const uint16_t *stored = stored_reg(s, reg);

		value |= stored ? *stored & ~mask : 0;
	}
	write_reg(s, reg, value);
}

void pl011_write(struct pl011 *s, uint32_t offset, unsigned int size,
		 uint64_t value)
{
	if (!access_valid(offset, size)) {
		s->stats.bad_accesses++;
		return;
	}
	if (size == 8) {
		write_reg(s, offset, (uint32_t)value);
		write_reg(s, offset + 4, (uint32_t)(value >> 32));
	} else if (size >= 2 && !(offset & 3)) {
		/* Lanes 0 and 1 hold every register's bits: no merge. */
		write_reg(s, offset, (uint32_t)value & 0xffff);
	} else {
		write_lanes(s, offset, size, (uint32_t)value);
	}
	update_irq(s);
}

/* ---- host side --------------------------------------------------------- */

size_t pl011_tx_pending(const struct pl011 *s)
{
	if (!tx_enabled(s) || loopback(s) || tx_flow_stopped(s))
		return 0;
	return s->tx.count;
}

bool pl011_tx_irq_enabled(const struct pl011 *s)
{
	return s->regs.imsc & PL011_INT_TX;
}

size_t pl011_tx_pull(struct pl011 *s, uint8_t *buf, size_t max)
{
	size_t n = pl011_tx_pending(s);

	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		buf[i] = tx_pop(s);
	s->stats.tx_bytes += n;
	tx_left(s, n);
	update_irq(s);
	return n;
}

size_t pl011_rx_room(const struct pl011 *s)
{
	/* RTS flow control (CR.RTSEN): RTS falls at the RX watermark. */
	size_t limit = s->regs.cr & PL011_CR_RTSEN ? rx_trigger(s) :
						      pl011_fifo_depth(s);

	if (!rx_enabled(s) || loopback(s) || s->rx.count >= limit)
		return 0;
	return limit - s->rx.count;
}

size_t pl011_rx_push(struct pl011 *s, const uint8_t *buf, size_t n)
{
	size_t room = pl011_rx_room(s);

	if (n > room)
		n = room;
	for (size_t i = 0; i < n; i++)
		rx_store(s, buf[i]);
	update_irq(s);
	return n;
}

bool pl011_rx_char(struct pl011 *s, uint8_t c, unsigned int errors)
{
	bool stored = false;

	errors &= PL011_DR_FE | PL011_DR_PE | PL011_DR_BE;
	if (!loopback(s))	/* the line is disconnected in loopback */
		stored = rx_from_line(s, c | (uint16_t)errors);
	update_irq(s);
	return stored;
}

bool pl011_rx_break(struct pl011 *s)
{
	return pl011_rx_char(s, 0, PL011_DR_BE);
}

void pl011_set_modem(struct pl011 *s, unsigned int fr_modem_bits)
{
	uint16_t before = modem_inputs(s);

	s->regs.modem = fr_modem_bits & PL011_FR_MODEM;
	modem_changed(s, before);
	tx_loop(s);		/* CTS may let loopback data go */
	update_irq(s);
}

void pl011_advance(struct pl011 *s, uint64_t now_ns)
{
	if (now_ns > s->now)
		s->now = now_ns;
	if (s->now < s->rt_deadline)
		return;
	s->rt_deadline = PL011_NO_DEADLINE;
	if (s->rx.count)
		s->regs.ris |= PL011_INT_RT;
	update_irq(s);
}

uint64_t pl011_next_deadline(const struct pl011 *s)
{
	return s->rt_deadline;
}

/* ---- lifecycle --------------------------------------------------------- */

void pl011_reset(struct pl011 *s)
{
	uint16_t modem = s->regs.modem;	/* inputs come from outside */

	memset(&s->regs, 0, sizeof(s->regs));
	memset(&s->rx, 0, sizeof(s->rx));
	memset(&s->tx, 0, sizeof(s->tx));
	s->regs.modem = modem;
	s->regs.cr = PL011_CR_RXE | PL011_CR_TXE;
	s->regs.ifls = 0x12;
	if (s->config.reset_mode == PL011_RESET_FIRMWARE) {
		uint32_t divisor = default_divisor(s);

		s->regs.cr |= PL011_CR_UARTEN;
		s->regs.lcr_h = PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN;
		s->regs.ibrd = (divisor >> 6) & PL011_IBRD_MASK;
		s->regs.fbrd = divisor & PL011_FBRD_MASK;
	}
	s->divisor = (uint32_t)s->regs.ibrd * 64 + s->regs.fbrd;
	s->overrun_pending = false;
	s->rt_deadline = PL011_NO_DEADLINE;
	update_irq(s);
}

void pl011_init(struct pl011 *s, const struct pl011_config *config)
{
	memset(s, 0, sizeof(*s));
	s->config = *config;
	if (!s->config.clock_hz)
		s->config.clock_hz = PL011_DEFAULT_CLOCK_HZ;
	s->regs.modem = config->modem_inputs & PL011_FR_MODEM;
	pl011_reset(s);
}
