// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of FreeBSD's sys/dev/uart/uart_dev_pl011.c (main, 2024) with
 * the uart(4) core around it (uart_core.c uart_intr(), uart_tty.c
 * uart_tty_outwakeup()) on a model with TRM reset values.  FreeBSD
 * writes whole TX batches without looking at TXFF (24 bytes when PID2
 * says revision 3, 12 with a DT periphid override to revision 2) and
 * sends the next batch only from the TX interrupt, which must come even
 * after a 1-byte batch (OpenVMM #3993).  Interrupts are read from MIS.
 * All accesses 32-bit.
 */
#include <stdio.h>

#include "lib/replay.h"
#include "tap.h"

#define UART_PIDREG_2	0xfe8
#define IMSC_RX_RT_TX	(PL011_INT_RX | PL011_INT_RT | PL011_INT_TX)
#define INTR_LOOP_LIMIT	1000u
#define BULK_SIZE	2000u

/* The uart_softc/uart_pl011_softc state the replay needs. */
struct freebsd_uart {
	struct replay *r;
	unsigned int rxfifosz, txfifosz;
	uint32_t imsc;			/* psc->imsc */
	bool txbusy;			/* sc->sc_txbusy */
	const uint8_t *out;		/* the tty's output queue */
	size_t out_len, out_pos;
	unsigned long batches, txidle;
};

/* uart_pl011_init() -> uart_pl011_param(): 115200 8N1, rclk 24 MHz. */
static const struct replay_row init[] = {
	RD(4, PL011_IMSC, 0),
	WR(4, PL011_IMSC, 0),		/* & ~IMSC_MASK_ALL */
	WR(4, PL011_CR, 0),
	WR(4, PL011_IBRD, 13),		/* rclk * 4 / baud = 833 */
	WR(4, PL011_FBRD, 1),
	RD(4, PL011_LCR_H, 0),
	WR(4, PL011_LCR_H, 0x70),	/* (LCR_H & ~0xff) | WLEN8 | FEN */
	WR(4, PL011_IFLS, 0x19),	/* RX 6/8, TX 2/8 */
	WR(4, PL011_CR, 0x0301),
	ROWS_END
};

/* uart_pl011_bus_probe() with no DT periphid: hwrev = PID2 >> 4. */
static const struct replay_row probe_pid2[] = {
	RD(4, UART_PIDREG_2, 0x34),
	ROWS_END
};

/* uart_pl011_bus_attach(). */
static const struct replay_row attach[] = {
	WR(4, PL011_IMSC, IMSC_RX_RT_TX),
	WR(4, PL011_ICR, 0x7ff),
	LINE(0),
	ROWS_END
};

static void rd_check_errors(struct freebsd_uart *sc, uint32_t mis)
{
	replay_check(sc->r, !(mis & (PL011_INT_BE | PL011_INT_OE)),
		     "MIS 0x%x has no break/overrun", mis);
}

/* uart_pl011_bus_ipend(): SER_INT_RXREADY as bit 0, TXIDLE as bit 1. */
static unsigned int bus_ipend(struct freebsd_uart *sc, uint32_t *mis)
{
	unsigned int ipend = 0;

	*mis = (uint32_t)replay_read(sc->r, PL011_MIS, 4);
	rd_check_errors(sc, *mis);
	if (*mis & (PL011_INT_RX | PL011_INT_RT))
		ipend |= 1;
	if (*mis & PL011_INT_TX) {
		if (sc->txbusy)
			ipend |= 2;
		replay_write(sc->r, PL011_IMSC, 4, sc->imsc & ~PL011_INT_TX);
	}
	return ipend;
}

/* uart_pl011_bus_receive(): FR.RXFE, then DR with FE/PE flagged. */
static void bus_receive(struct freebsd_uart *sc)
{
	uint32_t xc;

	while (!(replay_read(sc->r, PL011_FR, 4) & PL011_FR_RXFE)) {
		xc = (uint32_t)replay_read(sc->r, PL011_DR, 4);
		replay_check(sc->r, !(xc & (PL011_DR_FE | PL011_DR_PE)),
			     "DR 0x%03x has no framing/parity error", xc);
		replay_guest_rx(sc->r, (uint8_t)xc);
	}
}

/* uart_pl011_bus_transmit(): the whole batch blind, then IMSC. */
static void bus_transmit(struct freebsd_uart *sc, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		/* Oracle: txfifosz is the room FreeBSD counts on. */
		replay_check(sc->r, pl011_tx_pending(&sc->r->uart) <
				    PL011_FIFO_DEPTH,
			     "batch byte %zu of %zu finds room", i + 1, n);
		replay_write(sc->r, PL011_DR, 4, sc->out[sc->out_pos++]);
	}
	sc->txbusy = true;
	sc->batches++;
	replay_write(sc->r, PL011_IMSC, 4, sc->imsc);
}

/* uart_tty_outwakeup(): next batch unless one is in flight. */
static void outwakeup(struct freebsd_uart *sc)
{
	size_t n = sc->out_len - sc->out_pos;

	if (sc->txbusy || !n)
		return;
	bus_transmit(sc, n < sc->txfifosz ? n : sc->txfifosz);
}

/* uart_intr(), then the soft interrupt's uart_tty_intr() for TXIDLE. */
static unsigned int freebsd_intr(struct replay *r, void *driver)
{
	struct freebsd_uart *sc = driver;
	unsigned int ipend, loops = 0;
	uint32_t mis, first = 0;
	bool txidle = false;

	while ((ipend = bus_ipend(sc, &mis)) != 0) {
		if (!loops)
			first = mis;
		if (!replay_check(r, ++loops < INTR_LOOP_LIMIT,
				  "uart_intr loop ends"))
			break;
		if (ipend & 1)
			bus_receive(sc);
		if ((ipend & 2) && sc->txbusy) {
			sc->txbusy = false;
			sc->txidle++;
			txidle = true;
		}
	}
	if (txidle)
		outwakeup(sc);
	return first;
}

/* A tty write: the tty layer queues data and calls outwakeup. */
static void freebsd_queue(struct freebsd_uart *sc, const uint8_t *data,
			  size_t len)
{
	sc->out = data;
	sc->out_len = len;
	sc->out_pos = 0;
	outwakeup(sc);
}

/* Interrupts until the queue is sent and the last batch is idle. */
static bool freebsd_wait_sent(struct freebsd_uart *sc)
{
	while (sc->out_pos < sc->out_len || sc->txbusy) {
		if (replay_take_irq(sc->r))
			freebsd_intr(sc->r, sc);
		else if (!replay_idle(sc->r))
			return replay_check(sc->r, false,
					    "TX interrupt ends every batch (%zu of %zu sent)",
					    sc->out_pos, sc->out_len);
	}
	return true;
}

/* uart_pl011_putc() for the kernel console, '\r' before '\n'. */
static void cnputs(struct replay *r, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			replay_putc_polled(r, 4, 4, '\r');
		replay_putc_polled(r, 4, 4, (uint8_t)*s);
	}
}

/*
 * A 1-byte batch must still end with a TX interrupt (OpenVMM #3993).
 * With TXRIS clear (after attach's ICR) that interrupt has to wait for
 * the byte to leave: the TRM's TX interrupt is a transition, not set by
 * unmasking.  With TXRIS left set by an earlier drain it comes at once.
 */
static void one_byte_batch(struct freebsd_uart *sc, bool txris_clear)
{
	static const uint8_t echo[] = "x";
	struct replay *r = sc->r;
	size_t mark = r->tx_len;
	char what[128];
	bool sent;

	replay_set_sink(r, SINK_STALLED, 0, 0, 0);
	sc->txidle = 0;
	freebsd_queue(sc, echo, 1);
	if (txris_clear)
		ok(!r->irq_pending && !pl011_irq_level(&r->uart),
		   "%s: no TX interrupt while the byte is queued", r->phase);
	replay_set_sink(r, SINK_DRAIN, 0, 0, 0);
	sent = freebsd_wait_sent(sc);
	ok(sent && sc->txidle == 1, "%s: one TX interrupt ends the batch",
	   r->phase);
	ok(replay_drain(r), "%s: host drains the byte", r->phase);
	snprintf(what, sizeof(what), "%s: byte out", r->phase);
	replay_same_bytes(r->tx + mark, r->tx_len - mark, echo, 1, what);
}

static void bulk_output(struct freebsd_uart *sc, size_t len)
{
	static uint8_t out[BULK_SIZE];
	struct replay *r = sc->r;
	size_t mark = r->tx_len, batches = (len + sc->txfifosz - 1) /
					  sc->txfifosz;
	char what[128];

	replay_pattern(out, len, (uint32_t)sc->txfifosz);
	replay_set_sink(r, SINK_TRICKLE, 1, 3, 0);
	sc->batches = sc->txidle = 0;
	freebsd_queue(sc, out, len);
	ok(freebsd_wait_sent(sc), "%s: %zu bytes written", r->phase, len);
	is_num(sc->batches, batches, "%s: in %zu-byte batches", r->phase,
	       (size_t)sc->txfifosz);
	is_num(sc->txidle, batches, "%s: one TX interrupt per batch",
	       r->phase);
	ok(replay_drain(r), "%s: host drains the rest", r->phase);
	snprintf(what, sizeof(what), "%s: bytes out in order", r->phase);
	replay_same_bytes(r->tx + mark, r->tx_len - mark, out, len, what);
	replay_set_sink(r, SINK_DRAIN, 0, 0, 0);
}

/*
 * The same under the daemon's pacing: every batch is taken because the
 * guest showed that it waits (IMSC.TX unmasked after the batch), none
 * for want of a sign, which would cost the daemon's quiet period (20 ms)
 * per batch: 24 bytes per 20 ms.
 */
static void paced_output(struct freebsd_uart *sc, size_t len)
{
	static uint8_t out[BULK_SIZE];
	struct replay *r = sc->r;
	size_t mark = r->tx_len;
	unsigned long accesses = r->accesses;
	char what[128];

	replay_pattern(out, len, 7);
	replay_set_sink(r, SINK_WANTED, 0, 0, 0);
	r->quiet_pulls = 0;
	freebsd_queue(sc, out, len);
	ok(freebsd_wait_sent(sc), "%s: %zu bytes written", r->phase, len);
	is_num(r->quiet_pulls, 0, "%s: every batch taken at the guest's sign, "
	       "none after a quiet period", r->phase);
	diag("%s: %.2f accesses a byte", r->phase,
	     (double)(r->accesses - accesses) / (double)len);
	ok(replay_drain(r), "%s: host drains the rest", r->phase);
	snprintf(what, sizeof(what), "%s: bytes out in order", r->phase);
	replay_same_bytes(r->tx + mark, r->tx_len - mark, out, len, what);
	replay_set_sink(r, SINK_DRAIN, 0, 0, 0);
}

static void run(bool periphid_rev2, const char *name)
{
	static const char msg[] =
		"FreeBSD 14.1-RELEASE arm64\nuart0: <PrimeCell UART (PL011)> on simplebus0\n";
	static struct replay r;
	struct freebsd_uart sc = { .r = &r, .imsc = IMSC_RX_RT_TX };
	char phase[64];
	size_t mark;
	bool stray;

	replay_init(&r, PL011_RESET_TRM);
	snprintf(phase, sizeof(phase), "freebsd %s init", name);
	replay_phase(&r, phase);
	replay_run(&r, init);
	mark = r.tx_len;
	cnputs(&r, msg);
	replay_tx_crlf(&r, mark, msg,
		       "freebsd init: console putc out in order");
	snprintf(phase, sizeof(phase), "freebsd %s probe/attach", name);
	replay_phase(&r, phase);
	if (!periphid_rev2)
		replay_run(&r, probe_pid2);
	/* hwrev <= 2: 16/12, else 32/24 (uart_pl011_bus_probe()) */
	sc.rxfifosz = periphid_rev2 ? 16 : 32;
	sc.txfifosz = periphid_rev2 ? 12 : 24;
	replay_run(&r, attach);
	/* TXRIS from the console output may pulse the line before the ICR */
	stray = replay_take_irq(&r);
	is_num(stray ? freebsd_intr(&r, &sc) : 0, 0,
	       "%s: nothing pending after attach", phase);

	snprintf(phase, sizeof(phase), "freebsd %s 1-byte batch", name);
	replay_phase(&r, phase);
	one_byte_batch(&sc, true);
	snprintf(phase, sizeof(phase), "freebsd %s bulk output", name);
	replay_phase(&r, phase);
	bulk_output(&sc, BULK_SIZE);
	snprintf(phase, sizeof(phase), "freebsd %s paced output", name);
	replay_phase(&r, phase);
	paced_output(&sc, BULK_SIZE);
	snprintf(phase, sizeof(phase), "freebsd %s 1-byte batch after bulk",
		 name);
	replay_phase(&r, phase);
	one_byte_batch(&sc, false);
	snprintf(phase, sizeof(phase), "freebsd %s paste", name);
	replay_phase(&r, phase);
	/* IFLS RX 6/8: RX at 24 of 32; 100-byte reads leave tails of 4 */
	replay_paste(&r, 2048, 100, 2000000, 24, freebsd_intr, &sc);
	snprintf(phase, sizeof(phase), "freebsd %s", name);
	replay_phase(&r, phase);
	replay_finish(&r);
}

int main(void)
{
	run(false, "rev3 (PID2)");
	run(true, "periphid rev2 override");
	return tap_done();
}
