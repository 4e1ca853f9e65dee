// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of Linux 6.1 amba-pl011 bound through the AMBA bus ("arm,pl011",
 * "arm,primecell") on a model with TRM reset values: ID probe
 * (drivers/amba/bus.c), console 115200n8, console writes (TXFF then BUSY
 * polling, with a host that keeps up and one that stalls), tty open,
 * interrupt-driven TX, 4 KiB pastes through the RX/RT interrupts, close.
 * Widths as the driver uses them: readw/writew for every register
 * (UPIO_MEM), readl for the eight ID reads.
 */
#include <stdlib.h>
#include <string.h>

#include "lib/linux_pl011.h"
#include "tap.h"

#define PASTE_SIZE	4096u
#define PTY_READ	100u		/* a tail of 4 below the RX level */
#define PTY_GAP_NS	2000000u

static struct replay r;
static struct linux_pl011 uap;

/* r1p5 ID bytes (TRM): PeriphID 0x00341011, PCellID 0xb105f00d. */
static const uint8_t id_bytes[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1,
};

/* serial_core uart_configure_port(): modem lines off before the console. */
static const struct replay_row register_port[] = {
	/* pl011_register_port(): mask and clear everything */
	WR(2, PL011_IMSC, 0),
	WR(2, PL011_ICR, 0xffff),
	/* pl011_set_mctrl(mctrl & TIOCM_DTR = 0) */
	RD(2, PL011_CR, 0x0300),	/* TRM reset: TXE|RXE */
	WR(2, PL011_CR, 0x0300),
	LINE(0),
	ROWS_END
};

/* console=ttyAMA0,115200n8: uart_set_options() -> pl011_set_termios(). */
static const struct replay_row console_setup[] = {
	RD(2, PL011_CR, 0x0300),
	WR(2, PL011_FBRD, 1),		/* quot = round(24 MHz * 4 / 115200) */
	WR(2, PL011_IBRD, 13),		/* = 833 = 13 * 64 + 1 */
	WR(2, PL011_LCR_H, 0x70),	/* WLEN_8 | FEN, after the divisors */
	WR(2, PL011_CR, 0x0300),	/* CTSEN|RTSEN cleared */
	ROWS_END
};

/* pl011_startup(): hwinit, allocate_irq, IFLS, CR, modem status. */
static const struct replay_row startup[] = {
	WR(2, PL011_ICR, 0x07d0),	/* OE|BE|PE|FE|RT|RX */
	RD(2, PL011_IMSC, 0),		/* uap->im */
	WR(2, PL011_IMSC, 0x50),	/* RTIM|RXIM "for NMI entry" */
	WR(2, PL011_IMSC, 0),		/* pl011_allocate_irq(): uap->im */
	WR(2, PL011_IFLS, 0x12),	/* vendor_arm: RX4_8 | TX4_8 */
	RD(2, PL011_CR, 0x0300),
	WR(2, PL011_CR, 0x0301),	/* (CR & (RTS|DTR)) | UARTEN|RXE|TXE */
	RD(2, PL011_FR, 0x90),		/* old_status: TXFE|RXFE, no modem */
	ROWS_END
};

/* uart_port_startup() after pl011_startup(): termios, then DTR/RTS. */
static const struct replay_row open_termios[] = {
	RD(2, PL011_CR, 0x0301),
	WR(2, PL011_FBRD, 1),
	WR(2, PL011_IBRD, 13),
	WR(2, PL011_LCR_H, 0x70),
	WR(2, PL011_CR, 0x0301),
	/* uart_port_dtr_rts(1): pl011_set_mctrl(TIOCM_DTR | TIOCM_RTS) */
	RD(2, PL011_CR, 0x0301),
	WR(2, PL011_CR, 0x0f01),	/* | RTS | DTR */
	LINE(0),
	ROWS_END
};

/*
 * Reference §6 vector 10: "hello" stays below the RX level (16), so only
 * the receive timeout reports it, 32 bit periods after the last
 * character (277.7 us at 115246 baud), not before.
 */
static const struct replay_row rt_hello[] = {
	HOST_PUSH("hello", 5),
	LINE(0),
	ADVANCE_NS(250000),
	LINE(0),
	ADVANCE_NS(50000),
	LINE(1),
	ROWS_END
};

/* uart_shutdown(): HUPCL drops DTR/RTS, then pl011_shutdown(). */
static const struct replay_row shutdown[] = {
	RD(2, PL011_CR, 0x0f01),
	WR(2, PL011_CR, 0x0301),
	/* pl011_disable_interrupts() */
	WR(2, PL011_IMSC, 0),
	WR(2, PL011_ICR, 0xffff),
	/* pl011_disable_uart(): UARTEN|TXE stay for the console */
	RD(2, PL011_CR, 0x0301),
	WR(2, PL011_CR, 0x0101),
	/* pl011_shutdown_channel(): BRK and FEN off, FIFOs flushed */
	RD(2, PL011_LCR_H, 0x70),
	WR(2, PL011_LCR_H, 0x60),
	LINE(0),
	ROWS_END
};

/*
 * Firmware reset mode with console=ttyAMA0 and no options: the driver
 * derives the settings from an enabled UART (pl011_console_get_options())
 * and divides by 64 * IBRD + FBRD, which must not be 0.
 */
static const struct replay_row fw_console_setup[] = {
	/* pl011_register_port(), uart_configure_port() */
	WR(2, PL011_IMSC, 0),
	WR(2, PL011_ICR, 0xffff),
	RD(2, PL011_CR, 0x0301),
	WR(2, PL011_CR, 0x0301),
	/* pl011_console_get_options() */
	RD(2, PL011_CR, 0x0301),	/* UARTEN: read the settings */
	RD(2, PL011_LCR_H, 0x70),	/* 'n', 8 bits */
	RD(2, PL011_IBRD, 13),		/* 24 MHz * 4 / (64 * 13 + 1) */
	RD(2, PL011_FBRD, 1),		/* = 115246: B115200 */
	/* uart_set_options() -> pl011_set_termios() */
	RD(2, PL011_CR, 0x0301),
	WR(2, PL011_FBRD, 1),
	WR(2, PL011_IBRD, 13),
	WR(2, PL011_LCR_H, 0x70),
	WR(2, PL011_CR, 0x0301),
	LINE(0),
	ROWS_END
};

/* amba_read_periphid() and pl011_probe()'s choice of FIFO size. */
static void amba_probe(struct replay *rp, struct linux_pl011 *p)
{
	uint32_t pid = 0, cid = 0, v;
	unsigned int i;

	for (i = 0; i < 8; i++) {
		v = (uint32_t)replay_read(rp, PL011_PERIPHID0 + 4 * i, 4);
		is_hex(v, id_bytes[i], "%s: readl 0x%03x", rp->phase,
		       PL011_PERIPHID0 + 4 * i);
		if (i < 4)
			pid |= (v & 255) << (8 * i);
		else
			cid |= (v & 255) << (8 * (i - 4));
	}
	is_hex(cid, 0xb105f00d, "%s: cid == AMBA_CID", rp->phase);
	ok((pid & 0x000fffff) == 0x00041011,
	   "%s: periphid 0x%08x matches vendor_arm", rp->phase, pid);
	/* get_fifosize_arm(): amba_rev() < 3 ? 16 : 32 */
	linux_pl011_init(p, rp, 2, false, ((pid >> 20) & 0xf) < 3 ? 16 : 32);
	is_num(p->fifosize, PL011_FIFO_DEPTH,
	       "%s: revision gives the model's FIFO depth", rp->phase);
}

static void firmware_console_without_options(void)
{
	static const char log[] = "Linux version 6.1.0 (xen guest)\n";
	static struct replay fw;
	static struct linux_pl011 fw_uap;

	replay_init(&fw, PL011_RESET_FIRMWARE);
	replay_phase(&fw, "linux-amba firmware console=ttyAMA0");
	amba_probe(&fw, &fw_uap);
	replay_run(&fw, fw_console_setup);
	linux_console_write(&fw_uap, log);
	replay_tx_crlf(&fw, 0, log, "linux-amba firmware console: log out");
	replay_finish(&fw);
}

static void console(void)
{
	static const char boot_log[] =
		"Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n"
		"Linux version 6.1.0 (xen guest)\n"
		"Machine model: XENVM-4.17\n";
	char line[160];
	size_t mark;
	uint32_t baud;

	replay_phase(&r, "linux-amba console setup");
	replay_run(&r, console_setup);
	baud = pl011_baud(&r.uart);
	ok(abs((int)baud - 115200) <= 115, "%s: baud %u within 0.1%% of 115200",
	   r.phase, baud);

	replay_phase(&r, "linux-amba console write");
	mark = r.tx_len;
	linux_console_write(&uap, boot_log);
	replay_tx_crlf(&r, mark, boot_log,
		       "linux-amba console: log out in order");
	is_num(uap.busy_reads, 1,
	       "linux-amba console: BUSY clear at the first poll once the host drained");
	is_hex(replay_read(&r, PL011_CR, 2), 0x0300,
	       "linux-amba console: CR restored");

	replay_phase(&r, "linux-amba console backpressure");
	memset(line, 'x', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = 0;
	/* Host stalls for 200 steps, then takes one byte every 3 accesses. */
	replay_set_sink(&r, SINK_TRICKLE, 1, 3, 200);
	mark = r.tx_len;
	uap.txff_waits = 0;
	linux_console_write(&uap, line);
	ok(uap.txff_waits > 0, "%s: TXFF seen set (%lu polls)", r.phase,
	   uap.txff_waits);
	ok(uap.busy_reads > 1 && uap.busy_reads <= 3 * PL011_FIFO_DEPTH + 1,
	   "%s: BUSY poll took %lu reads, bounded by the host's pace",
	   r.phase, uap.busy_reads);
	replay_tx_crlf(&r, mark, line,
		       "linux-amba console: stalled host loses nothing");
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);
}

static void open_port(void)
{
	replay_phase(&r, "linux-amba startup");
	replay_run(&r, startup);
	linux_enable_interrupts(&uap);
	is_num(uap.discarded, 0, "%s: no stale input to drain", r.phase);
	replay_phase(&r, "linux-amba open termios");
	replay_run(&r, open_termios);
}

/* pl011_int() for the RT interrupt: RIS & im = RT, then drain. */
static void receive_timeout(void)
{
	size_t mark = r.rx_len;

	replay_phase(&r, "linux-amba receive timeout");
	replay_run(&r, rt_hello);
	ok(replay_take_irq(&r), "%s: interrupt injected", r.phase);
	is_hex(linux_isr(&r, &uap), PL011_INT_RT, "%s: handler sees RT only",
	       r.phase);
	replay_same_bytes(r.rx + mark, r.rx_len - mark,
			  (const uint8_t *)"hello", 5,
			  "linux-amba receive timeout: 5 bytes in");
	ok(!pl011_irq_level(&r.uart), "%s: line low after the handler",
	   r.phase);
}

static void tty_io(void)
{
	replay_phase(&r, "linux-amba tty write");
	linux_check_tty_write(&uap, 3000);
	replay_phase(&r, "linux-amba paste in pty reads");
	replay_paste(&r, PASTE_SIZE, PTY_READ, PTY_GAP_NS,
		     PL011_FIFO_DEPTH / 2, linux_isr, &uap);
	replay_phase(&r, "linux-amba paste as room appears");
	replay_paste(&r, PASTE_SIZE, 0, 0, 0, linux_isr, &uap);
}

/*
 * A 4 KiB tty write under the daemon's pacing (SINK_WANTED) against a
 * host that drains after every access: paced, the driver fills the FIFO,
 * finds TXFF and goes interrupt-driven (16 bytes per TX interrupt, no FR
 * reads); drained at once, it never sees TXFF and reads FR before every
 * byte from the start_tx path, with interrupts off.
 */
static unsigned long tty_write_accesses(enum replay_sink sink, size_t len)
{
	static uint8_t out[4096];
	unsigned long before = r.accesses;
	size_t mark = r.tx_len;

	replay_pattern(out, len, (uint32_t)sink);
	replay_set_sink(&r, sink, 0, 0, 0);
	uap.tx_irq_bursts = 0;
	ok(linux_tty_write(&uap, out, len), "%s: all %zu bytes taken", r.phase,
	   len);
	ok(linux_wait_until_sent(&uap) > 0, "%s: tx_empty reached", r.phase);
	replay_same_bytes(r.tx + mark, r.tx_len - mark, out, len, r.phase);
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);
	return r.accesses - before;
}

static void tty_write_pacing(void)
{
	const size_t len = 4096;
	unsigned long paced, drained;

	replay_phase(&r, "linux-amba tty write, host pulls when wanted");
	r.quiet_pulls = 0;
	paced = tty_write_accesses(SINK_WANTED, len);
	diag("%s: %lu pulls after a quiet period", r.phase, r.quiet_pulls);
	ok(uap.tx_irq_bursts >= len / 16 - 2, "%s: %lu TX interrupt bursts",
	   r.phase, uap.tx_irq_bursts);
	ok(paced * 4 <= len * 5, "%s: %lu accesses for %zu bytes (<= 1.25 per byte)",
	   r.phase, paced, len);
	replay_phase(&r, "linux-amba tty write, host drains every access");
	drained = tty_write_accesses(SINK_DRAIN, len);
	is_num(uap.tx_irq_bursts, 0, "%s: no TX interrupt: TXFF never seen",
	       r.phase);
	ok(drained >= 2 * len, "%s: %lu accesses for %zu bytes (FR + DR each)",
	   r.phase, drained, len);
}

static void console_write_paced(void)
{
	static const char text[] = "a kernel message long enough to fill the "
		"FIFO more than once over, then wait for BUSY to clear\n";
	size_t mark = r.tx_len;

	replay_phase(&r, "linux-amba console write, host pulls when wanted");
	replay_set_sink(&r, SINK_WANTED, 0, 0, 0);
	uap.txff_waits = 0;
	linux_console_write(&uap, text);
	replay_tx_crlf(&r, mark, text, r.phase);
	is_num(uap.txff_waits, 2, "%s: TXFF seen once per full FIFO", r.phase);
	ok(uap.busy_reads >= 2 && uap.busy_reads <= 3,
	   "%s: BUSY seen, then clear by the third poll (%lu reads)", r.phase,
	   uap.busy_reads);
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);
}

static void close_port(void)
{
	static const char bye[] = "reboot: Restarting system\n";
	size_t mark;

	replay_phase(&r, "linux-amba shutdown");
	replay_run(&r, shutdown);
	is_num(pl011_rx_room(&r.uart), 0,
	       "%s: receiver off, host keeps its input", r.phase);

	replay_phase(&r, "linux-amba console after close");
	mark = r.tx_len;
	linux_console_write(&uap, bye);
	replay_tx_crlf(&r, mark, bye, "linux-amba console after close: out");
	is_num(uap.busy_reads, 1, "%s: BUSY clear at the first poll", r.phase);
}

int main(void)
{
	replay_init(&r, PL011_RESET_TRM);
	replay_phase(&r, "linux-amba probe");
	amba_probe(&r, &uap);
	replay_run(&r, register_port);
	console();
	console_write_paced();
	open_port();
	receive_timeout();
	tty_io();
	tty_write_pacing();
	close_port();
	replay_phase(&r, "linux-amba");
	replay_finish(&r);
	firmware_console_without_options();
	return tap_done();
}
