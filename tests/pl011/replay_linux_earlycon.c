// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay of Linux 6.1 earlycon for "arm,pl011"/"arm,sbsa-uart"
 * (pl011_early_write/pl011_putc and pl011_getc in amba-pl011.c):
 * readl FR until !TXFF, writeb DR (earlycon=pl011,<addr>) or writel DR
 * (pl011,mmio32,<addr>), readl FR until !BUSY.  Earlycon never programs
 * the UART, so it runs on the firmware reset mode; with TRM reset values
 * (UARTEN=0) it must wait, as on hardware: that is the case for the
 * firmware mode.
 */
#include "lib/linux_pl011.h"
#include "tap.h"

#define SPIN_BOUND	1000ul

static struct replay r;

static const char boot_log[] =
	"Booting Linux on physical CPU 0x0000000000 [0x410fd083]\n"
	"earlycon: pl11 at MMIO 0x0000000022000000 (options '')\n"
	"printk: bootconsole [pl11] enabled\n";

/* kgdb over earlycon (CONFIG_CONSOLE_POLL): readl FR, then readb DR. */
static const struct replay_row getc_mem[] = {
	HOST_PUSH("$?#3f", 5),
	RD(4, PL011_FR, 0x80),		/* TXFE, RX not empty */
	RD(1, PL011_DR, '$'),
	RD(4, PL011_FR, 0x80),
	RD(1, PL011_DR, '?'),
	RD(4, PL011_FR, 0x80),
	RD(1, PL011_DR, '#'),
	RD(4, PL011_FR, 0x80),
	RD(1, PL011_DR, '3'),
	RD(4, PL011_FR, 0x80),
	RD(1, PL011_DR, 'f'),
	RD(4, PL011_FR, 0x90),		/* RXFE: NO_POLL_CHAR */
	ROWS_END
};

/* The same with mmio32: readl DR, error bits 11:8 clear. */
static const struct replay_row getc_mem32[] = {
	HOST_PUSH("+", 1),
	RD(4, PL011_FR, 0x80),
	RD(4, PL011_DR, '+'),
	RD(4, PL011_FR, 0x90),
	ROWS_END
};

/*
 * Each earlycon character costs FR, DR, FR when the host keeps up: a
 * host that drains after every access, or one that pulls when the model
 * says the guest waits (SINK_WANTED: the daemon), once the model has seen
 * the BUSY wait after the first character.
 */
static void write_log(unsigned int dr_width, enum replay_sink sink,
		      const char *phase)
{
	uint8_t wire[sizeof(boot_log) * 2];
	size_t mark = r.tx_len, len = replay_crlf(boot_log, wire, sizeof(wire));
	unsigned long accesses = r.accesses;
	/* SINK_WANTED: the first BUSY wait may take two more polls. */
	unsigned long learning = sink == SINK_WANTED ? 2 : 0;
	unsigned long used;

	replay_phase(&r, phase);
	replay_set_sink(&r, sink, 0, 0, 0);
	is_num(linux_earlycon_write(&r, dr_width, boot_log, SPIN_BOUND),
	       sizeof(boot_log) - 1, "%s: every character sent", phase);
	replay_same_bytes(r.tx + mark, r.tx_len - mark, wire, len, phase);
	used = r.accesses - accesses;
	ok(used >= 3 * len && used <= 3 * len + learning,
	   "%s: 3 accesses a character, no extra BUSY polling (%lu for %zu)",
	   phase, used, len);
	replay_set_sink(&r, SINK_DRAIN, 0, 0, 0);
}

/* A host that stops reading for a while: BUSY holds the guest, no loss. */
static void write_stalled(void)
{
	static const char line[] = "Memory: 1024MB available\n";
	size_t mark = r.tx_len;
	unsigned long accesses = r.accesses;

	replay_phase(&r, "linux-earlycon stalled host");
	replay_set_sink(&r, SINK_DRAIN, 0, 0, SPIN_BOUND / 2);
	is_num(linux_earlycon_write(&r, 1, line, SPIN_BOUND), sizeof(line) - 1,
	       "%s: BUSY waits end once the host drains", r.phase);
	ok(r.accesses - accesses > SPIN_BOUND / 2,
	   "%s: BUSY held the guest while the host stalled", r.phase);
	replay_tx_crlf(&r, mark, line, "linux-earlycon stalled host: out");
}

/*
 * TRM reset: UARTEN=0, FEN=0.  The first byte sits in the holding
 * register with BUSY set and nothing leaves (TRM 1.4/1.7: BUSY is set
 * regardless of UARTEN), until the guest enables the UART.
 */
static void trm_reset_waits(void)
{
	static const struct replay_row enable_later[] = {
		RD(4, PL011_FR, 0x38),	/* BUSY | RXFE | TXFF (1-deep) */
		WR(4, PL011_CR, 0x0301),
		HOST_PULL("\r"),
		RD(4, PL011_FR, 0x90),
		ROWS_END
	};
	static struct replay trm;

	replay_init(&trm, PL011_RESET_TRM);
	replay_phase(&trm, "linux-earlycon on TRM reset");
	replay_set_sink(&trm, SINK_STALLED, 0, 0, 0);
	is_num(linux_earlycon_write(&trm, 1, "\nBooting", SPIN_BOUND), 0,
	       "%s: first putc still waits on BUSY after %lu polls",
	       trm.phase, SPIN_BOUND);
	is_num(pl011_tx_pull(&trm.uart, trm.tx, 1), 0,
	       "%s: host gets nothing while UARTEN=0", trm.phase);
	replay_run(&trm, enable_later);
	replay_finish(&trm);
}

int main(void)
{
	replay_init(&r, PL011_RESET_FIRMWARE);
	write_log(1, SINK_DRAIN, "linux-earlycon pl011,<addr> (writeb)");
	write_log(4, SINK_DRAIN, "linux-earlycon pl011,mmio32,<addr> (writel)");
	write_log(4, SINK_WANTED, "linux-earlycon mmio32, host pulls when wanted");
	write_stalled();
	replay_phase(&r, "linux-earlycon getc");
	replay_run(&r, getc_mem);
	replay_phase(&r, "linux-earlycon getc mmio32");
	replay_run(&r, getc_mem32);
	replay_phase(&r, "linux-earlycon");
	replay_finish(&r);
	trm_reset_waits();
	return tap_done();
}
