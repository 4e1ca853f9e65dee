// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of Zephyr's drivers/serial/uart_pl011.c (main, 2024-2025) in
 * both of its modes.  "arm,pl011" on TRM reset values: pl011_init() with
 * its read-modify-writes (IFLS 0x10, the LCR_H self-write that latches
 * the divisor), poll_out through the console ('\r' before '\n') and
 * poll_in (CR checked first, then FR, DR, RSR).  "arm,sbsa-uart" on the
 * firmware reset mode: IMSC/ICR only, then the same polling without CR.
 * All accesses 32-bit (volatile struct pl011_regs).
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "lib/replay.h"
#include "tap.h"

static const struct replay_row init_pl011[] = {
	/* pl011_disable(), pl011_disable_fifo() */
	RD(4, PL011_CR, 0x0300), WR(4, PL011_CR, 0x0300),
	RD(4, PL011_LCR_H, 0), WR(4, PL011_LCR_H, 0),
	/* pl011_runtime_configure_internal(disable = false): 115200 8N1 */
	RD(4, PL011_LCR_H, 0),
	RD(4, PL011_CR, 0x0300), WR(4, PL011_CR, 0x0300),	/* RTSEn off */
	RD(4, PL011_CR, 0x0300), WR(4, PL011_CR, 0x0300),	/* CTSEn off */
	WR(4, PL011_IBRD, 13),	/* (24 MHz << 6) / (16 * 115200) = 833 */
	WR(4, PL011_FBRD, 1),
	RD(4, PL011_LCR_H, 0), WR(4, PL011_LCR_H, 0),	/* latch divisor */
	WR(4, PL011_LCR_H, 0x60),			/* WLEN 8 */
	WR(4, PL011_IFLS, 0x10),			/* TX 1/8, RX 1/2 */
	RD(4, PL011_LCR_H, 0x60), WR(4, PL011_LCR_H, 0x70),	/* FEN */
	WR(4, PL011_IMSC, 0),
	WR(4, PL011_ICR, 0x7ff),
	WR(4, PL011_DMACR, 0),
	RD(4, PL011_CR, 0x0300), WR(4, PL011_CR, 0x0300),	/* SIREN off */
	RD(4, PL011_CR, 0x0300), WR(4, PL011_CR, 0x0300),	/* RXE | TXE */
	RD(4, PL011_CR, 0x0300), WR(4, PL011_CR, 0x0301),	/* UARTEN */
	LINE(0),
	ROWS_END
};

/* SBSA mode: the UART is assumed configured; only mask and clear. */
static const struct replay_row init_sbsa[] = {
	WR(4, PL011_IMSC, 0),
	WR(4, PL011_ICR, 0x7ff),
	LINE(0),
	ROWS_END
};

/* poll_in() with nothing typed: -1 after CR (non-SBSA) and FR. */
static const struct replay_row poll_in_empty_pl011[] = {
	RD(4, PL011_CR, 0x0301),	/* UARTEN */
	RD(4, PL011_CR, 0x0301),	/* RXE */
	RD(4, PL011_FR, 0x90),
	ROWS_END
};

static const struct replay_row poll_in_empty_sbsa[] = {
	RD(4, PL011_FR, 0x90),
	ROWS_END
};

/* pl011_poll_in(): -1, or the RSR error bits with *c from DR. */
static int zephyr_poll_in(struct replay *r, bool sbsa, uint8_t *c)
{
	uint64_t cr;

	if (!sbsa) {
		cr = replay_read(r, PL011_CR, 4);
		if (!(cr & PL011_CR_UARTEN) ||
		    !(replay_read(r, PL011_CR, 4) & PL011_CR_RXE))
			return -1;
	}
	if (replay_read(r, PL011_FR, 4) & PL011_FR_RXFE)
		return -1;
	*c = (uint8_t)replay_read(r, PL011_DR, 4);
	return (int)(replay_read(r, PL011_RSR, 4) & 0xf);
}

/* The shell reads a typed line with poll_in until every byte came. */
static void shell_line(struct replay *r, bool sbsa, const char *line,
		       const char *what)
{
	uint8_t got[128];
	size_t n = 0, len = strlen(line);
	unsigned long polls = 0;
	int err;

	replay_input_start(r, (const uint8_t *)line, len, 0, 0, true);
	while (n < len && n < sizeof(got) && polls++ < REPLAY_SPIN_LIMIT) {
		err = zephyr_poll_in(r, sbsa, &got[n]);
		if (err < 0)
			continue;
		replay_check(r, err == 0, "poll_in: RSR error bits 0x%x", err);
		n++;
	}
	replay_same_bytes(got, n, (const uint8_t *)line, len, what);
}

/* console_out(): '\r' before '\n', pl011_poll_out() per character. */
static unsigned long zephyr_puts(struct replay *r, const char *s)
{
	unsigned long busy = 0;

	for (; *s; s++) {
		if (*s == '\n')
			busy += replay_putc_polled(r, 4, 4, '\r');
		busy += replay_putc_polled(r, 4, 4, (uint8_t)*s);
	}
	return busy;
}

static void run_mode(enum pl011_reset_mode mode, bool sbsa, const char *name)
{
	static const char banner[] =
		"*** Booting Zephyr OS build v3.7.0 ***\nHello World! xenvm\n";
	static struct replay r;
	char phase[64], what[128], log[300];
	size_t mark;

	replay_init(&r, mode);
	snprintf(phase, sizeof(phase), "zephyr %s init", name);
	replay_phase(&r, phase);
	replay_run(&r, sbsa ? init_sbsa : init_pl011);
	ok(abs((int)pl011_baud(&r.uart) - 115200) <= 115,
	   "%s: 115200 baud in effect (within 0.1%%)", phase);

	snprintf(phase, sizeof(phase), "zephyr %s poll_out", name);
	replay_phase(&r, phase);
	mark = r.tx_len;
	is_num(zephyr_puts(&r, banner), 0, "%s: TXFF never set", phase);
	snprintf(what, sizeof(what), "%s: banner out in order", phase);
	replay_tx_crlf(&r, mark, banner, what);

	memset(log, '-', sizeof(log) - 2);
	log[sizeof(log) - 2] = '\n';
	log[sizeof(log) - 1] = 0;
	replay_set_sink(&r, SINK_TRICKLE, 1, 3, 200);
	mark = r.tx_len;
	ok(zephyr_puts(&r, log) > 0, "%s: stalled host: TXFF waited on",
	   phase);
	ok(replay_drain(&r), "%s: host catches up", phase);
	snprintf(what, sizeof(what), "%s: stalled host loses nothing", phase);
	replay_tx_crlf(&r, mark, log, what);
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);

	snprintf(phase, sizeof(phase), "zephyr %s poll_in", name);
	replay_phase(&r, phase);
	replay_run(&r, sbsa ? poll_in_empty_sbsa : poll_in_empty_pl011);
	snprintf(what, sizeof(what), "%s: short line read in order", phase);
	shell_line(&r, sbsa, "kernel version\r", what);
	snprintf(what, sizeof(what),
		 "%s: line longer than the FIFO read in order", phase);
	shell_line(&r, sbsa,
		   "log enable dbg uart_pl011 && device list && kernel uptime\r",
		   what);

	snprintf(phase, sizeof(phase), "zephyr %s", name);
	replay_phase(&r, phase);
	replay_finish(&r);
}

int main(void)
{
	run_mode(PL011_RESET_TRM, false, "arm,pl011");
	run_mode(PL011_RESET_FIRMWARE, true, "arm,sbsa-uart");
	return tap_done();
}
