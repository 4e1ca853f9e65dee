/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest UART drivers replayed through MMIO on the simulated Xen: the
 * register sequences of Linux amba-pl011 (AMBA and SBSA paths), Linux
 * earlycon (writeb and mmio32), U-Boot serial_pl01x and EDK2
 * PL011UartLib, as their sources do and tests/pl011/replay_*.c replay
 * them, performed by a guest vCPU (uart.h) against the daemon's PL011.
 * Values the drivers rely on are checked with uart_check().
 */
#ifndef PL011_XEN_DRIVERS_H
#define PL011_XEN_DRIVERS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uart.h"

struct port;

struct driver {
	const char *name;
	unsigned int width;	/* register access width */
	unsigned int dr_width;	/* DR access width */
	bool always_enabled;	/* Linux SBSA: console write leaves CR */
	/* Probe and bring-up, ready for output and input. */
	void (*init)(struct port *p);
	/* Console output of one line (up to and with its '\n'). */
	void (*write_line)(struct port *p, const uint8_t *s, size_t len);
	/* Input into p->rx until full or @quiet_ms without any. */
	void (*read)(struct port *p, int quiet_ms);
};

/* One driver instance: the driver's private state for its port. */
struct port {
	struct uart *u;
	const struct driver *drv;
	unsigned int fifosize;
	uint32_t im;		/* Linux: uap->im, the IMSC it keeps */
	pthread_mutex_t *lock;	/* Linux: the port lock, for all vCPUs */
	uint8_t *rx;		/* received bytes go here */
	size_t rx_len, rx_max;
	unsigned long missed_irqs;	/* input found waiting, no SPI came */
	const uint8_t *tx;		/* Linux: the tty's xmit buffer */
	size_t tx_len, tx_pos;
	unsigned long tx_irqs;		/* TX interrupts handled */
};

/* The driver named @name ("linux-amba", ...), or NULL. */
const struct driver *driver_find(const char *name);

/* Every driver name, comma separated, for usage messages. */
const char *driver_names(void);

/* A port of driver @drv on @u, sharing @lock (may be NULL). */
void port_init(struct port *p, struct uart *u, const struct driver *drv,
	       pthread_mutex_t *lock);

/* Console output of @len bytes, line by line (drivers add '\r'). */
void port_write(struct port *p, const uint8_t *buf, size_t len);

/*
 * Linux only: a tty write(2) of @len bytes through pl011_start_tx_pio()
 * and the TX interrupt (the path `cat file >/dev/ttyAMA0` takes), with
 * the TX interrupt unmasked only while bytes remain.
 */
void linux_tty_write(struct port *p, const uint8_t *buf, size_t len);

/* Receive exactly @want bytes into @buf; returns how many came. */
size_t port_read(struct port *p, uint8_t *buf, size_t want, int quiet_ms);

#endif
