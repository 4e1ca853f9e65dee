// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest vCPU's view of its PL011 on the simulated Xen (see uart.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "guest.h"
#include "uart.h"

static unsigned long failures;

int64_t uart_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void uart_die(const char *fmt, ...)
{
	va_list ap;

	fputs("guest: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

bool uart_check(bool cond, const char *fmt, ...)
{
	va_list ap;

	if (cond)
		return true;
	__atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
	fputs("guest: check failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return false;
}

unsigned long uart_failures(void)
{
	return __atomic_load_n(&failures, __ATOMIC_RELAXED);
}

int uart_open(struct uart *u, uint32_t domid, uint64_t base,
	      unsigned int spi, unsigned int vcpu)
{
	int64_t count;

	*u = (struct uart){ .base = base, .spi = spi, .vcpu = vcpu };
	u->g = guest_attach(domid);
	if (!u->g)
		return -errno;
	count = guest_spi_count(u->g, spi);
	if (count < 0) {
		guest_detach(u->g);
		return (int)count;
	}
	u->spi_seen = (uint32_t)count;
	guest_spi_ack(u->g, spi);	/* -ENOENT: nothing was pending */
	return 0;
}

void uart_close(struct uart *u)
{
	guest_detach(u->g);
	u->g = NULL;
}

uint64_t uart_rd(struct uart *u, uint32_t off, unsigned int size)
{
	uint64_t val;
	int ret = guest_mmio_read(u->g, u->vcpu, u->base + off, size, &val);

	if (ret < 0)
		uart_die("vCPU %u: %u-byte load at +0x%03x: %s", u->vcpu, size,
			 off, strerror(-ret));
	u->accesses++;
	return val;
}

void uart_wr(struct uart *u, uint32_t off, unsigned int size, uint64_t val)
{
	int ret = guest_mmio_write(u->g, u->vcpu, u->base + off, size, val);

	if (ret < 0)
		uart_die("vCPU %u: %u-byte store of 0x%" PRIx64
			 " at +0x%03x: %s", u->vcpu, size, val, off,
			 strerror(-ret));
	u->accesses++;
}

bool uart_spin(struct uart *u, uint32_t off, unsigned int size,
	       uint32_t mask, uint32_t want, int timeout_ms)
{
	int64_t deadline = uart_now_us() + (int64_t)timeout_ms * 1000;

	while ((uart_rd(u, off, size) & mask) != want)
		if (uart_now_us() > deadline)
			return false;
	return true;
}

int uart_take_irq(struct uart *u, int timeout_ms)
{
	int64_t count = guest_spi_wait(u->g, u->spi, u->spi_seen, timeout_ms);

	if (count == -ETIMEDOUT)
		return 0;
	if (count < 0)
		uart_die("waiting for SPI %u: %s", u->spi,
			 strerror((int)-count));
	u->spi_seen = (uint32_t)count;
	guest_spi_ack(u->g, u->spi);
	return 1;
}
