// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of EDK2 ArmPlatformPkg/Library/PL011UartLib/PL011UartLib.c
 * (edk2 master, 2020+ layout) on a model with TRM reset values:
 * PL011UartInitializePort() reading PID2 for the FIFO depth, then the
 * early return of a second call with the same settings, PL011UartWrite()
 * and PL011UartRead() (8-bit DR, 32-bit FR), PL011UartPoll() and
 * PL011UartGetControl().  PcdUartDefaultReceiveFifoDepth = 0 (default),
 * UartClkInHz = 24 MHz, 115200 8N1.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/replay.h"
#include "tap.h"

#define UARTPID2	0xfe8

static struct replay r;

static const struct replay_row init_port[] = {
	RD(4, UARTPID2, 0x34),		/* revision 3 > r1p4: 32 deep, FEN */
	RD(4, PL011_CR, 0x0300),	/* UARTEN clear: not initialised */
	RD(4, PL011_FR, 0x90),		/* TXFE: end of transmission */
	WR(4, PL011_CR, 0),		/* disable before LCR_H/IBRD/FBRD */
	WR(4, PL011_IBRD, 13),		/* (24 MHz * 4 / 115200) >> 6 */
	WR(4, PL011_FBRD, 1),		/* ... & 63 */
	WR(4, PL011_LCR_H, 0x70),	/* FEN | WLEN_8 */
	WR(4, PL011_ECR, 0),
	WR(4, PL011_CR, 0x0301),	/* RXE | TXE | UARTEN */
	ROWS_END
};

/* Same settings again (SerialDxe after SEC/PEI): read back, no writes. */
static const struct replay_row init_again[] = {
	RD(4, UARTPID2, 0x34),
	RD(4, PL011_CR, 0x0301),
	RD(4, PL011_LCR_H, 0x70),
	RD(4, PL011_IBRD, 13),		/* latched by the LCR_H write */
	RD(4, PL011_FBRD, 1),
	ROWS_END
};

/* PL011UartPoll() and PL011UartGetControl() with nothing pending. */
static const struct replay_row idle_status[] = {
	RD(4, PL011_FR, 0x90),		/* Poll: RXFE, no input */
	RD(4, PL011_FR, 0x90),		/* GetControl: both buffers empty */
	RD(4, PL011_CR, 0x0301),	/* no RTS/DTR/LBE/flow control */
	ROWS_END
};

/* PL011UartWrite(): spin while FR.TXFF, MmioWrite8 DR; bytes are raw. */
static unsigned long edk2_write(const char *s)
{
	unsigned long busy = 0;

	for (; *s; s++)
		busy += replay_putc_polled(&r, 4, 1, (uint8_t)*s);
	return busy;
}

static void write_output(void)
{
	static const char banner[] =
		"UEFI firmware (version edk2-stable202311 built at 00:00:00)\r\n";
	char setup[200];
	size_t mark = r.tx_len;

	replay_phase(&r, "edk2 write");
	is_num(edk2_write(banner), 0, "%s: TXFF never set for a draining host",
	       r.phase);
	replay_same_bytes(r.tx + mark, r.tx_len - mark,
			  (const uint8_t *)banner, strlen(banner),
			  "edk2 write: banner out in order");

	replay_phase(&r, "edk2 write stalled host");
	memset(setup, '=', sizeof(setup) - 1);
	setup[sizeof(setup) - 1] = 0;
	replay_set_sink(&r, SINK_TRICKLE, 2, 5, 100);
	mark = r.tx_len;
	ok(edk2_write(setup) > 0, "%s: TXFF held the writer back", r.phase);
	ok(replay_drain(&r), "%s: host catches up", r.phase);
	replay_same_bytes(r.tx + mark, r.tx_len - mark,
			  (const uint8_t *)setup, strlen(setup),
			  "edk2 write stalled host: nothing lost");
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);
}

/* PL011UartRead(): spin while FR.RXFE, MmioRead8 DR, per byte. */
static void read_input(void)
{
	static const char keys[] = "\x1b[24~ boot Xen guest from disk 0\r";
	uint8_t got[sizeof(keys)];
	size_t i;

	replay_phase(&r, "edk2 read");
	replay_input_start(&r, (const uint8_t *)keys, sizeof(keys) - 1, 0, 0,
			   true);
	for (i = 0; i < sizeof(keys) - 1; i++)
		got[i] = (uint8_t)replay_getc_polled(&r, 4, 1);
	replay_same_bytes(got, i, (const uint8_t *)keys, sizeof(keys) - 1,
			  "edk2 read: keys read in order");
}

int main(void)
{
	replay_init(&r, PL011_RESET_TRM);
	replay_phase(&r, "edk2 init");
	replay_run(&r, init_port);
	ok(abs((int)pl011_baud(&r.uart) - 115200) <= 115,
	   "%s: 115200 baud in effect (within 0.1%%)", r.phase);
	replay_phase(&r, "edk2 init again");
	replay_run(&r, init_again);
	write_output();
	read_input();
	replay_phase(&r, "edk2 poll/getcontrol");
	replay_run(&r, idle_status);
	replay_phase(&r, "edk2");
	replay_finish(&r);
	return tap_done();
}
