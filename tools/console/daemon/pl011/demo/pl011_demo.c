// SPDX-License-Identifier: GPL-2.0-only
/*
 * pl011-demo: the PL011 model with a toy guest and a terminal as host,
 * to show the model before the daemon exists.  The "guest" probes the
 * IDs, programs 115200n8 as Linux does, prints a banner by polling TXFF
 * and BUSY, then echoes every line typed on stdin in upper case, reading
 * it in its interrupt handler (RX and RT interrupts).  The host pulls TX
 * bytes to stdout, pushes stdin bytes only as the RX FIFO has room, and
 * drives the RT timer from CLOCK_MONOTONIC.  Ends at EOF with counters.
 */
#include <ctype.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pl011.h"

struct demo {
	struct pl011 uart;
	bool line;			/* interrupt line as last reported */
	unsigned long interrupts;
	uint8_t pending[4096];		/* host input not yet accepted */
	size_t pending_len;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void on_irq(void *ctx, bool level, bool new_bits)
{
	struct demo *d = ctx;

	d->interrupts += level && (new_bits || !d->line);
	d->line = level;
}

/* Host side: everything the transmitter holds goes to stdout. */
static void host_drain(struct demo *d)
{
	uint8_t buf[64];
	size_t n;

	while ((n = pl011_tx_pull(&d->uart, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	fflush(stdout);
}

static void host_offer_input(struct demo *d)
{
	size_t n = pl011_rx_push(&d->uart, d->pending, d->pending_len);

	memmove(d->pending, d->pending + n, d->pending_len - n);
	d->pending_len -= n;
}

/* Guest accesses are 16-bit, as Linux's amba-pl011 makes them. */
static uint32_t guest_read(struct demo *d, uint32_t off)
{
	uint32_t v = (uint32_t)pl011_read(&d->uart, off, 2);

	host_drain(d);
	return v;
}

static void guest_write(struct demo *d, uint32_t off, uint32_t v)
{
	pl011_write(&d->uart, off, 2, v);
	host_drain(d);
}

static void guest_puts(struct demo *d, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			guest_puts(d, "\r");
		while (guest_read(d, PL011_FR) & PL011_FR_TXFF)
			;
		guest_write(d, PL011_DR, (uint8_t)*s);
	}
	while (guest_read(d, PL011_FR) & PL011_FR_BUSY)
		;
}

static void guest_probe(struct demo *d)
{
	uint32_t pid = 0, cid = 0;
	char msg[256];

	for (unsigned int i = 0; i < 4; i++) {
		pid |= ((uint32_t)pl011_read(&d->uart, 0xfe0 + 4 * i, 4) & 0xff) << (8 * i);
		cid |= ((uint32_t)pl011_read(&d->uart, 0xff0 + 4 * i, 4) & 0xff) << (8 * i);
	}
	guest_write(d, PL011_IMSC, 0);
	guest_write(d, PL011_ICR, 0xffff);
	guest_write(d, PL011_FBRD, 1);		/* 115200 at 24 MHz */
	guest_write(d, PL011_IBRD, 13);
	guest_write(d, PL011_LCR_H, PL011_LCR_H_WLEN_8 | PL011_LCR_H_FEN);
	guest_write(d, PL011_IFLS, 0x12);
	guest_write(d, PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
	guest_write(d, PL011_IMSC, PL011_INT_RX | PL011_INT_RT);
	snprintf(msg, sizeof(msg),
		 "demo guest: uart0 periphid %#010x cellid %#010x, %u baud\n"
		 "type lines; the guest echoes them in upper case (EOF ends)\n",
		 pid, cid, pl011_baud(&d->uart));
	guest_puts(d, msg);
}

/* Linux's pl011_int() shape: drain RX while RX/RT are raised. */
static void guest_interrupt(struct demo *d)
{
	char echo[2] = { 0, 0 };

	while (guest_read(d, PL011_MIS) & (PL011_INT_RX | PL011_INT_RT)) {
		while (!(guest_read(d, PL011_FR) & PL011_FR_RXFE)) {
			echo[0] = (char)toupper(guest_read(d, PL011_DR) & 0xff);
			guest_puts(d, echo);
		}
		host_offer_input(d);
	}
}

static int wait_ms(const struct demo *d)
{
	uint64_t deadline = pl011_next_deadline(&d->uart), now = now_ns();

	if (deadline == PL011_NO_DEADLINE)
		return d->pending_len ? 0 : -1;
	return deadline <= now ? 0 : (int)((deadline - now) / 1000000 + 1);
}

int main(void)
{
	struct demo d = { .line = false };
	struct pl011_config config = { .irq = on_irq, .ctx = &d };
	bool eof = false;

	pl011_init(&d.uart, &config);
	pl011_advance(&d.uart, now_ns());
	guest_probe(&d);
	while (!eof || d.pending_len || pl011_next_deadline(&d.uart) != PL011_NO_DEADLINE) {
		struct pollfd pfd = { .fd = eof ? -1 : 0, .events = POLLIN };

		if (poll(&pfd, 1, wait_ms(&d)) > 0 && d.pending_len < sizeof(d.pending)) {
			ssize_t n = read(0, d.pending + d.pending_len,
					 sizeof(d.pending) - d.pending_len);
			eof = n <= 0;
			d.pending_len += n > 0 ? (size_t)n : 0;
		}
		pl011_advance(&d.uart, now_ns());
		host_offer_input(&d);
		if (d.line)
			guest_interrupt(&d);
	}
	fprintf(stderr, "demo: tx %llu bytes, rx %llu bytes, %lu interrupts, "
		"%llu overruns\n", (unsigned long long)d.uart.stats.tx_bytes,
		(unsigned long long)d.uart.stats.rx_bytes, d.interrupts,
		(unsigned long long)d.uart.stats.rx_overruns);
	return 0;
}
