// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of Linux 6.1 amba-pl011's SBSA path ("arm,sbsa-uart", ACPI
 * ARMH0011/ARMHB000, what Xen's libxl describes) on a model in firmware
 * reset mode, since the driver never programs CR, LCR_H, IBRD/FBRD or
 * IFLS (Arm BSA B.4).  All accesses 32-bit (UPIO_MEM32), FIFO size fixed
 * at 32, TX trigger assumed at 1/2.  Covers probe, console write, open
 * with stale input pending, interrupt-driven TX, a 4 KiB paste, close.
 */
#include <stdlib.h>

#include "lib/linux_pl011.h"
#include "tap.h"

#define STALE_INPUT	100u

static struct replay r;
static struct linux_pl011 uap;

/* pl011_register_port(); sbsa_uart_set_mctrl() touches nothing. */
static const struct replay_row register_port[] = {
	WR(4, PL011_IMSC, 0),
	WR(4, PL011_ICR, 0xffff),
	LINE(0),
	ROWS_END
};

/* sbsa_uart_startup(): pl011_hwinit() and pl011_allocate_irq(). */
static const struct replay_row startup[] = {
	WR(4, PL011_ICR, 0x07d0),
	RD(4, PL011_IMSC, 0),
	WR(4, PL011_IMSC, 0x50),
	WR(4, PL011_IMSC, 0),
	ROWS_END
};

/* sbsa_uart_shutdown(): pl011_disable_interrupts() only. */
static const struct replay_row shutdown[] = {
	WR(4, PL011_IMSC, 0),
	WR(4, PL011_ICR, 0xffff),
	LINE(0),
	ROWS_END
};

static void probe_and_console(void)
{
	static const char boot_log[] =
		"Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n"
		"ARMH0011:00: ttyAMA0 at MMIO 0x22000000 (irq = 14) is a SBSA\n";
	size_t mark;

	replay_phase(&r, "linux-sbsa probe");
	linux_pl011_init(&uap, &r, 4, true, 32);
	replay_run(&r, register_port);
	/* sbsa_uart_set_termios() only records the fixed current-speed. */
	ok(abs((int)pl011_baud(&r.uart) - 115200) <= 115,
	   "%s: firmware left 115200 baud (within 0.1%%)", r.phase);

	replay_phase(&r, "linux-sbsa console write");
	mark = r.tx_len;
	linux_console_write(&uap, boot_log);
	replay_tx_crlf(&r, mark, boot_log,
		       "linux-sbsa console: log out in order");
	is_num(uap.busy_reads, 1, "%s: BUSY clear at the first poll",
	       r.phase);
}

/*
 * Input typed before the port is opened: pl011_enable_interrupts()
 * throws away up to 2 x fifosize characters, and what is left must
 * still raise RX/RT once RXIM|RTIM are set (reference §6 vector 9).
 */
static void open_with_stale_input(void)
{
	static uint8_t stale[STALE_INPUT];
	struct replay_rx_report rep = { 0 };
	size_t mark = r.rx_len;
	size_t keep = STALE_INPUT - 2 * uap.fifosize;

	replay_phase(&r, "linux-sbsa open with stale input");
	replay_pattern(stale, sizeof(stale), 7);
	replay_input_start(&r, stale, sizeof(stale), 0, 0, true);
	replay_run(&r, startup);
	linux_enable_interrupts(&uap);
	is_num(uap.discarded, 2 * uap.fifosize,
	       "%s: startup drain stops after 2 x fifosize", r.phase);
	replay_rx_until(&r, mark + keep, linux_isr, &uap, &rep);
	replay_same_bytes(r.rx + mark, r.rx_len - mark,
			  stale + 2 * uap.fifosize, keep,
			  "linux-sbsa open: input after the drained part arrives");
}

int main(void)
{
	static const char bye[] = "reboot: Power down\n";
	size_t mark;

	replay_init(&r, PL011_RESET_FIRMWARE);
	probe_and_console();
	open_with_stale_input();

	replay_phase(&r, "linux-sbsa tty write");
	linux_check_tty_write(&uap, 3000);
	replay_phase(&r, "linux-sbsa paste in pty reads");
	replay_paste(&r, 4096, 100, 2000000, PL011_FIFO_DEPTH / 2, linux_isr,
		     &uap);
	replay_phase(&r, "linux-sbsa paste as room appears");
	replay_paste(&r, 4096, 0, 0, 0, linux_isr, &uap);

	replay_phase(&r, "linux-sbsa shutdown");
	replay_run(&r, shutdown);
	mark = r.tx_len;
	linux_console_write(&uap, bye);
	replay_tx_crlf(&r, mark, bye, "linux-sbsa console after close: out");

	replay_phase(&r, "linux-sbsa");
	replay_finish(&r);
	return tap_done();
}
