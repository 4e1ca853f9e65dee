// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of U-Boot's drivers/serial/serial_pl01x.c (driver model, as in
 * mainline 2023-2024) on a model with TRM reset values: probe and
 * setbrg, putc through the serial uclass (-EAGAIN while FR.TXFF, '\r'
 * before '\n'), tstc/getc at the autoboot prompt and the command line,
 * and a break turned into -1 with an ECR write.  All accesses 32-bit.
 */
#include <string.h>

#include "lib/replay.h"
#include "tap.h"

static struct replay r;

/* pl01x_serial_probe(), then serial_init()'s setbrg at 115200. */
static const struct replay_row probe[] = {
	WR(4, PL011_CR, 0),		/* pl01x_generic_serial_init() */
	WR(4, PL011_IBRD, 13),		/* 24 MHz / (16 * 115200) */
	WR(4, PL011_FBRD, 1),		/* round(64 * rem / (16 * baud)) */
	WR(4, PL011_LCR_H, 0x70),	/* WLEN_8 | FEN, latches the divisor */
	WR(4, PL011_CR, 0x0b01),	/* UARTEN | TXE | RXE | RTS */
	LINE(0),
	ROWS_END
};

/* abortboot(): tstc until a key, then getc takes it. */
static const struct replay_row autoboot[] = {
	RD(4, PL011_FR, 0x90),		/* tstc: nothing typed yet */
	HOST_PUSH(" ", 1),
	RD(4, PL011_FR, 0x80),		/* tstc: a key */
	RD(4, PL011_FR, 0x80),		/* pl01x_getc(): !RXFE */
	RD(4, PL011_DR, ' '),		/* no error bits: returned as is */
	RD(4, PL011_FR, 0x90),		/* tstc: nothing more */
	ROWS_END
};

/* pl01x_getc() on a break: DR & 0xffffff00, ECR cleared, returns -1. */
static const struct replay_row break_char[] = {
	RD(4, PL011_FR, 0x80),
	RD(4, PL011_DR, PL011_DR_BE),
	WR(4, PL011_ECR, 0xffffffff),
	RD(4, PL011_FR, 0x90),
	ROWS_END
};

/* _serial_putc(): '\r' first for '\n', retry pl01x_putc() on -EAGAIN. */
static unsigned long uboot_puts(const char *s)
{
	unsigned long busy = 0;

	for (; *s; s++) {
		if (*s == '\n')
			busy += replay_putc_polled(&r, 4, 4, '\r');
		busy += replay_putc_polled(&r, 4, 4, (uint8_t)*s);
	}
	return busy;
}

static void banner(void)
{
	static const char hello[] =
		"\nU-Boot 2024.01 (Xen guest)\n\nDRAM:  1 GiB\nIn:    serial\n";
	char env[240];
	unsigned long busy;
	size_t mark = r.tx_len;

	replay_phase(&r, "u-boot putc");
	is_num(uboot_puts(hello), 0, "%s: TXFF never set for a draining host",
	       r.phase);
	replay_tx_crlf(&r, mark, hello, "u-boot putc: banner out in order");

	replay_phase(&r, "u-boot putc stalled host");
	memset(env, 'e', sizeof(env) - 2);
	env[sizeof(env) - 2] = '\n';
	env[sizeof(env) - 1] = 0;
	replay_set_sink(&r, SINK_TRICKLE, 1, 2, 300);
	mark = r.tx_len;
	busy = uboot_puts(env);
	ok(busy > 0, "%s: putc returned -EAGAIN %lu times", r.phase, busy);
	ok(replay_drain(&r), "%s: host catches up", r.phase);
	replay_tx_crlf(&r, mark, env,
		       "u-boot putc: stalled host loses nothing");
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);
}

/* serial_getc() for a command typed faster than U-Boot reads it. */
static void command_line(void)
{
	static const char cmd[] =
		"setenv bootargs console=ttyAMA0 earlycon=pl011,0x22000000 root=/dev/xvda\r";
	uint8_t got[sizeof(cmd)];
	size_t i;

	replay_phase(&r, "u-boot command line");
	replay_input_start(&r, (const uint8_t *)cmd, sizeof(cmd) - 1, 0, 0,
			   true);
	for (i = 0; i < sizeof(cmd) - 1; i++)
		got[i] = (uint8_t)replay_getc_polled(&r, 4, 4);
	replay_same_bytes(got, i, (const uint8_t *)cmd, sizeof(cmd) - 1,
			  "u-boot command line: typed bytes read in order");
}

int main(void)
{
	replay_init(&r, PL011_RESET_TRM);
	replay_phase(&r, "u-boot probe");
	replay_run(&r, probe);
	banner();
	replay_phase(&r, "u-boot autoboot");
	replay_run(&r, autoboot);
	command_line();
	replay_phase(&r, "u-boot break");
	ok(pl011_rx_break(&r.uart), "%s: host sends a break", r.phase);
	replay_run(&r, break_char);
	replay_phase(&r, "u-boot");
	replay_finish(&r);
	return tap_done();
}
