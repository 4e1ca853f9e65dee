/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A PL011 as one vCPU of a simulated Xen guest sees it: register loads and
 * stores through the hypervisor (and so through the daemon's ioreq server),
 * bounded busy-waits, and the SPI taken as a GIC handler takes it.  The
 * driver replays (drivers.h) are written against this and nothing else.
 * Knows the guest API (tests/xensim/guest.h), not the daemon or the model.
 */
#ifndef PL011_XEN_UART_H
#define PL011_XEN_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pl011_regs.h"

/* No busy-wait of a guest here may last longer than this. */
#define UART_SPIN_MS	5000

struct uart {
	struct xensim_guest *g;
	uint64_t base;
	unsigned int spi;
	unsigned int vcpu;
	uint32_t spi_seen;	/* injections taken so far */
	unsigned long accesses;
};

/*
 * Attach to domain @domid as vCPU @vcpu of a guest whose PL011 is at @base
 * with SPI @spi; a stale pending SPI is taken.  0 or -errno.
 */
int uart_open(struct uart *u, uint32_t domid, uint64_t base,
	      unsigned int spi, unsigned int vcpu);
void uart_close(struct uart *u);

/*
 * Loads and stores of @size bytes at register offset @off.  A failed
 * access (data abort, dead domain) ends the program with status 2, as it
 * would end the guest.
 */
uint64_t uart_rd(struct uart *u, uint32_t off, unsigned int size);
void uart_wr(struct uart *u, uint32_t off, unsigned int size, uint64_t val);

/*
 * Read @off until (value & @mask) == @want; true when it did within
 * @timeout_ms (a hang on hardware otherwise).
 */
bool uart_spin(struct uart *u, uint32_t off, unsigned int size,
	       uint32_t mask, uint32_t want, int timeout_ms);

/*
 * Wait up to @timeout_ms for a new injection of the UART's SPI, then take
 * it.  The guest API's acknowledge is IAR and EOI in one, so it comes
 * before the handler runs: input that arrives while the handler runs then
 * latches a new injection, as it would with EOI after a real handler.
 * 1 when one came, 0 on timeout.
 */
int uart_take_irq(struct uart *u, int timeout_ms);

/* Counted check: a failure prints on stderr; see uart_failures(). */
__attribute__((format(printf, 2, 3)))
bool uart_check(bool cond, const char *fmt, ...);
unsigned long uart_failures(void);

/* Fatal error of the test guest itself: message, exit status 2. */
__attribute__((noreturn, format(printf, 1, 2)))
void uart_die(const char *fmt, ...);

/* CLOCK_MONOTONIC in microseconds. */
int64_t uart_now_us(void);

#endif
