// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 model benchmark driver: a Linux-like console workload (16-bit FR
 * poll + DR write per character, host pulling as it goes) and an RX
 * workload (FR poll + DR read per character).  Each guest access goes
 * through one noinline wrapper so callgrind can count instructions per
 * access kind (--toggle-collect=guest_*); run natively it reports
 * accesses per second.  Usage: pl011_bench [iterations]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "pl011.h"

#define NOINLINE __attribute__((noinline))

NOINLINE uint64_t guest_fr_read(struct pl011 *s);
NOINLINE uint64_t guest_dr_read(struct pl011 *s);
NOINLINE void guest_dr_write(struct pl011 *s, uint8_t c);

uint64_t guest_fr_read(struct pl011 *s)
{
	return pl011_read(s, PL011_FR, 2);
}

uint64_t guest_dr_read(struct pl011 *s)
{
	return pl011_read(s, PL011_DR, 2);
}

void guest_dr_write(struct pl011 *s, uint8_t c)
{
	pl011_write(s, PL011_DR, 2, c);
}

static void on_irq(void *ctx, bool level, bool new_bits)
{
	(void)level;
	*(unsigned long *)ctx += new_bits;
}

struct calls {
	unsigned long fr_reads, dr_reads, dr_writes;
};

static uint64_t sink;

/* Console output: poll TXFF, write, host drains every 16 characters. */
static void run_tx(struct pl011 *s, unsigned long n, struct calls *c)
{
	uint8_t out[32];

	for (unsigned long i = 0; i < n; i++) {
		c->fr_reads++;
		while (guest_fr_read(s) & PL011_FR_TXFF) {
			pl011_tx_pull(s, out, sizeof(out));
			c->fr_reads++;
		}
		guest_dr_write(s, (uint8_t)i);
		c->dr_writes++;
		if (i % 16 == 15)
			pl011_tx_pull(s, out, sizeof(out));
	}
}

/* Input: host fills the FIFO, guest drains it polling RXFE. */
static void run_rx(struct pl011 *s, unsigned long n, struct calls *c)
{
	uint8_t in[32];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)i;
	while (c->dr_reads < n) {
		pl011_rx_push(s, in, sizeof(in));
		c->fr_reads++;
		while (!(guest_fr_read(s) & PL011_FR_RXFE)) {
			sink += guest_dr_read(s);
			c->dr_reads++;
			c->fr_reads++;
		}
	}
}

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000000;
	unsigned long injections = 0, accesses;
	struct calls c = { 0, 0, 0 };
	struct pl011_config config = {
		.reset_mode = PL011_RESET_FIRMWARE,
		.irq = on_irq,
		.ctx = &injections,
	};
	struct pl011 s;
	double t0, t1;

	pl011_init(&s, &config);
	pl011_write(&s, PL011_IMSC, 2, PL011_INT_RX | PL011_INT_RT);
	t0 = seconds();
	run_tx(&s, n, &c);
	run_rx(&s, n, &c);
	t1 = seconds();
	accesses = c.fr_reads + c.dr_reads + c.dr_writes;
	printf("calls guest_fr_read %lu\n", c.fr_reads);
	printf("calls guest_dr_read %lu\n", c.dr_reads);
	printf("calls guest_dr_write %lu\n", c.dr_writes);
	printf("accesses_per_second %.0f\n", accesses / (t1 - t0));
	printf("tx_bytes %llu rx_bytes %llu\n",
	       (unsigned long long)s.stats.tx_bytes,
	       (unsigned long long)s.stats.rx_bytes);
	return s.stats.tx_bytes == n && s.stats.rx_bytes >= n ? 0 : 1;
}
