/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The loops of Linux 6.1 drivers/tty/serial/amba-pl011.c, rewritten as
 * register accesses through the replay engine: console write, the
 * interrupt handler pl011_int() with pl011_fifo_to_tty() and
 * pl011_tx_chars(), start_tx, tx_empty, the startup RX drain and the
 * earlycon putc/getc.  Shared by the AMBA, SBSA and earlycon replays;
 * straight-line sequences (probe, set_termios, shutdown) stay as tables
 * in those tests.  Knows nothing of the model beyond its registers,
 * except the oracle checks marked as such.
 */
#ifndef LINUX_PL011_H
#define LINUX_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "replay.h"

/* The driver's struct uart_amba_port, as far as the replays need it. */
struct linux_pl011 {
	struct replay *r;
	unsigned int width;	/* 2: readw/writew (UPIO_MEM), 4: UPIO_MEM32 */
	bool always_enabled;	/* vendor_sbsa: console write leaves CR alone */
	unsigned int fifosize;
	unsigned int im;	/* uap->im, the driver's copy of IMSC */

	const uint8_t *xmit;	/* the tty's circular buffer, flattened */
	size_t xmit_len, xmit_tail;

	size_t discarded;	/* stale input thrown away at startup */
	unsigned long tx_irq_bursts;
	unsigned long busy_reads;	/* FR reads of the last BUSY wait */
	unsigned long txff_waits;	/* FR reads that found TXFF set */
};

void linux_pl011_init(struct linux_pl011 *p, struct replay *r,
		      unsigned int width, bool always_enabled,
		      unsigned int fifosize);

/* pl011_read()/pl011_write(): readw/writew or readl/writel. */
uint32_t linux_rd(struct linux_pl011 *p, uint32_t reg);
void linux_wr(struct linux_pl011 *p, uint32_t reg, uint32_t value);

/*
 * pl011_console_write(): uart_console_write() of s ('\n' sent as
 * "\r\n"), TXFF poll before each character, BUSY poll at the end, CR
 * saved and restored unless always_enabled.  busy_reads counts the
 * BUSY poll.
 */
void linux_console_write(struct linux_pl011 *p, const char *s);

/* pl011_enable_interrupts(): ICR, drain up to 2 x fifosize, IMSC. */
void linux_enable_interrupts(struct linux_pl011 *p);

/* pl011_int(): returns the first RIS & im it read (replay_isr). */
unsigned int linux_isr(struct replay *r, void *driver);

/*
 * A tty write: start_tx then interrupts until the buffer is empty.
 * False (after a failed check) if output stalls.
 */
bool linux_tty_write(struct linux_pl011 *p, const uint8_t *data, size_t len);

/*
 * TAP scenario: a tty write of len pattern bytes to a host slower than
 * the guest, so the FIFO fills and TX interrupts carry the rest; then
 * tcdrain.  Checks the bytes come out in order.
 */
void linux_check_tty_write(struct linux_pl011 *p, size_t len);

/*
 * uart_wait_until_sent(): tx_empty polled with sleeps in between.
 * Returns the FR reads taken; 0 after a failed check on a stall.
 */
unsigned long linux_wait_until_sent(struct linux_pl011 *p);

/*
 * Earlycon pl011_putc() for each character of s ('\n' as "\r\n"):
 * readl FR until !TXFF, writeb (dr_width 1) or writel DR, readl FR
 * until !BUSY, each spin bounded by max_spin reads.  Returns the
 * characters fully sent: fewer when a spin did not end.
 */
size_t linux_earlycon_write(struct replay *r, unsigned int dr_width,
			    const char *s, unsigned long max_spin);

/* Earlycon pl011_getc(): -1 (NO_POLL_CHAR) when FR.RXFE. */
int linux_earlycon_getc(struct replay *r, unsigned int dr_width);

#endif
