// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux amba-pl011 driver logic for the replays (see linux_pl011.h).
 * Followed: Linux 6.1-era drivers/tty/serial/amba-pl011.c (uart_circ
 * xmit, pl011_int with AMBA_ISR_PASS_LIMIT 256) and serial_core.c's
 * uart_console_write/uart_wait_until_sent.  Each function names the
 * driver function whose accesses it reproduces; values the driver relies
 * on are checked.
 */
#include <stdio.h>

#include "linux_pl011.h"
#include "tap.h"

#define AMBA_ISR_PASS_LIMIT	256u
#define FIFO_TO_TTY_LIMIT	256u

void linux_pl011_init(struct linux_pl011 *p, struct replay *r,
		      unsigned int width, bool always_enabled,
		      unsigned int fifosize)
{
	*p = (struct linux_pl011){
		.r = r,
		.width = width,
		.always_enabled = always_enabled,
		.fifosize = fifosize,
	};
}

uint32_t linux_rd(struct linux_pl011 *p, uint32_t reg)
{
	return (uint32_t)replay_read(p->r, reg, p->width);
}

void linux_wr(struct linux_pl011 *p, uint32_t reg, uint32_t value)
{
	replay_write(p->r, reg, p->width, value);
}

void linux_console_write(struct linux_pl011 *p, const char *s)
{
	uint32_t old_cr = 0;

	if (!p->always_enabled) {
		old_cr = linux_rd(p, PL011_CR);
		linux_wr(p, PL011_CR, (old_cr & ~PL011_CR_CTSEN) |
			 PL011_CR_UARTEN | PL011_CR_TXE);
	}
	/* uart_console_write(): '\r' before '\n'; pl011_console_putchar() */
	for (; *s; s++) {
		if (*s == '\n')
			p->txff_waits += replay_putc_polled(p->r, p->width,
							    p->width, '\r');
		p->txff_waits += replay_putc_polled(p->r, p->width, p->width,
						    (uint8_t)*s);
	}
	/* Atomic context: a BUSY that never clears hangs the CPU. */
	p->busy_reads = replay_spin(p->r, PL011_FR, p->width, PL011_FR_BUSY,
				    0, REPLAY_SPIN_LIMIT);
	if (!p->always_enabled)
		linux_wr(p, PL011_CR, old_cr);
}

void linux_enable_interrupts(struct linux_pl011 *p)
{
	unsigned int i;

	linux_wr(p, PL011_ICR, PL011_INT_RT | PL011_INT_RX);
	/* Stale input goes, or RXIS could stay stuck off (driver comment). */
	for (i = 0; i < p->fifosize * 2; i++) {
		if (linux_rd(p, PL011_FR) & PL011_FR_RXFE)
			break;
		linux_rd(p, PL011_DR);
		p->discarded++;
	}
	p->im = PL011_INT_RT | PL011_INT_RX;
	linux_wr(p, PL011_IMSC, p->im);
}

/* pl011_fifo_to_tty(): FR then DR until RXFE, at most 256 characters. */
static void fifo_to_tty(struct linux_pl011 *p)
{
	unsigned int taken;
	uint32_t ch;

	for (taken = 0; taken != FIFO_TO_TTY_LIMIT; taken++) {
		if (linux_rd(p, PL011_FR) & PL011_FR_RXFE)
			break;
		ch = linux_rd(p, PL011_DR);
		/* Error bits become TTY_BREAK/PARITY/FRAME/OVERRUN records. */
		replay_check(p->r, !(ch & PL011_DR_ERRORS),
			     "DR 0x%03x carries no error bits", ch);
		replay_guest_rx(p->r, (uint8_t)ch);
	}
}

static void stop_tx(struct linux_pl011 *p)
{
	p->im &= ~PL011_INT_TX;
	linux_wr(p, PL011_IMSC, p->im);
}

/* pl011_tx_char(): only the non-interrupt path looks at TXFF. */
static bool tx_char(struct linux_pl011 *p, uint8_t c, bool from_irq)
{
	if (!from_irq && (linux_rd(p, PL011_FR) & PL011_FR_TXFF)) {
		p->txff_waits++;
		return false;
	}
	/* Oracle: a blind write from the TX interrupt must find room. */
	if (from_irq)
		replay_check(p->r, pl011_tx_pending(&p->r->uart) <
				   PL011_FIFO_DEPTH,
			     "TX interrupt write finds room in the FIFO");
	linux_wr(p, PL011_DR, c);
	return true;
}

/* pl011_tx_chars(): true while TX interrupts must stay enabled. */
static bool tx_chars(struct linux_pl011 *p, bool from_irq)
{
	unsigned int count = p->fifosize >> 1;

	if (p->xmit_tail == p->xmit_len) {
		stop_tx(p);
		return false;
	}
	do {
		if (from_irq && count-- == 0)
			break;
		if (!tx_char(p, p->xmit[p->xmit_tail], from_irq))
			break;
		p->xmit_tail++;
	} while (p->xmit_tail < p->xmit_len);
	if (p->xmit_tail == p->xmit_len) {
		stop_tx(p);
		return false;
	}
	return true;
}

unsigned int linux_isr(struct replay *r, void *driver)
{
	struct linux_pl011 *p = driver;
	unsigned int pass_counter = AMBA_ISR_PASS_LIMIT;
	unsigned int status, first;

	first = status = linux_rd(p, PL011_RIS) & p->im;
	if (!status)
		return 0;	/* IRQ_NONE */
	do {
		/* RX, RT and TX are cleared by the work, not by ICR. */
		linux_wr(p, PL011_ICR, status & ~(PL011_INT_TX | PL011_INT_RT |
						  PL011_INT_RX));
		if (status & (PL011_INT_RT | PL011_INT_RX))
			fifo_to_tty(p);
		if (status & PL011_INT_MODEM)
			linux_rd(p, PL011_FR);	/* pl011_modem_status() */
		if (status & PL011_INT_TX) {
			p->tx_irq_bursts++;
			tx_chars(p, true);
		}
		if (!replay_check(r, pass_counter-- != 0,
				  "pl011_int ends within %u passes",
				  AMBA_ISR_PASS_LIMIT))
			break;
		status = linux_rd(p, PL011_RIS) & p->im;
	} while (status);
	return first;
}

bool linux_tty_write(struct linux_pl011 *p, const uint8_t *data, size_t len)
{
	p->xmit = data;
	p->xmit_len = len;
	p->xmit_tail = 0;
	/* pl011_start_tx_pio(), called with the port lock held. */
	if (tx_chars(p, false)) {
		p->im |= PL011_INT_TX;
		linux_wr(p, PL011_IMSC, p->im);
	}
	while (p->xmit_tail < p->xmit_len) {
		if (replay_take_irq(p->r)) {
			linux_isr(p->r, p);
			continue;
		}
		if (!replay_idle(p->r))
			return replay_check(p->r, false,
					    "tty output flows: %zu of %zu bytes written",
					    p->xmit_tail, len);
	}
	return true;
}

unsigned long linux_wait_until_sent(struct linux_pl011 *p)
{
	unsigned long reads = 0;

	/* pl011_tx_empty(): TIOCSER_TEMT iff !(FR & (BUSY | TXFF)). */
	while (linux_rd(p, PL011_FR) & (PL011_FR_BUSY | PL011_FR_TXFF)) {
		reads++;
		if (replay_take_irq(p->r))
			linux_isr(p->r, p);
		else if (!replay_idle(p->r))
			return replay_check(p->r, false,
					    "transmitter empties (tx_empty)");
	}
	return reads + 1;
}

/* Earlycon pl011_putc(): false if a spin did not end in max_spin reads. */
static bool earlycon_putc(struct replay *r, unsigned int dr_width, uint8_t c,
			  unsigned long max_spin)
{
	if (!replay_poll(r, PL011_FR, 4, PL011_FR_TXFF, 0, max_spin))
		return false;
	replay_write(r, PL011_DR, dr_width, c);
	return replay_poll(r, PL011_FR, 4, PL011_FR_BUSY, 0, max_spin) != 0;
}

void linux_check_tty_write(struct linux_pl011 *p, size_t len)
{
	static uint8_t out[REPLAY_BUF_SIZE / 2];
	struct replay *r = p->r;
	size_t mark = r->tx_len;
	char what[128];

	if (!replay_check(r, len <= sizeof(out), "tty write fits the buffer"))
		return;
	replay_pattern(out, len, (uint32_t)len);
	/* One byte every four accesses: the guest outruns the host. */
	replay_set_sink(r, SINK_TRICKLE, 1, 4, 0);
	p->tx_irq_bursts = 0;
	ok(linux_tty_write(p, out, len), "%s: all %zu bytes taken", r->phase,
	   len);
	ok(p->tx_irq_bursts > 0, "%s: %lu TX interrupt bursts", r->phase,
	   p->tx_irq_bursts);
	ok(linux_wait_until_sent(p) > 0, "%s: tx_empty reached", r->phase);
	snprintf(what, sizeof(what), "%s: %zu bytes out, in order", r->phase,
		 len);
	replay_same_bytes(r->tx + mark, r->tx_len - mark, out, len, what);
	replay_set_sink(r, SINK_DRAIN, 0, 0, 0);
}

size_t linux_earlycon_write(struct replay *r, unsigned int dr_width,
			    const char *s, unsigned long max_spin)
{
	size_t sent;

	for (sent = 0; s[sent]; sent++) {
		if (s[sent] == '\n' &&
		    !earlycon_putc(r, dr_width, '\r', max_spin))
			break;
		if (!earlycon_putc(r, dr_width, (uint8_t)s[sent], max_spin))
			break;
	}
	return sent;
}

int linux_earlycon_getc(struct replay *r, unsigned int dr_width)
{
	if (replay_read(r, PL011_FR, 4) & PL011_FR_RXFE)
		return -1;
	return (int)replay_read(r, PL011_DR, dr_width);
}
