/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to the PL011 console: what console_pl011.c (the console kind:
 * configuration, the ioreq server's life cycle, bytes to and from the
 * console) and pl011_uart.c (the UART as the host runs it: MMIO ops,
 * interrupt, timers, output pacing) share.
 */
#ifndef PL011_CONSOLE_H
#define PL011_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "ioreq_server.h"
#include "pl011.h"
#include "pl011_pacing.h"
#include "pl011_restart.h"

/*
 * The console is a line that is always connected: CTS, DSR and DCD
 * asserted, so a driver that turns on hardware flow control (EDK2's
 * PL011UartLib can) or waits for carrier keeps working.
 */
#define CONNECTED_LINE		(PL011_FR_CTS | PL011_FR_DSR | PL011_FR_DCD)

struct pl011_console {
	struct console *con;
	struct pl011 uart;
	uint64_t base;
	unsigned int spi;
	struct ioreq_env ioreq_env;
	struct ioreq_server server;
	struct loop_timer irq_retry;	/* the line again after a refusal */
	struct loop_timer rt_timer;
	struct loop_timer output_timer;	/* pl011_pacing_due() */
	struct pl011_pacing pacing;
	struct pl011_restart restart;
};

static inline const struct console_env *env_of(const struct pl011_console *p)
{
	return p->con->env;
}

static inline uint32_t domid_of(const struct pl011_console *p)
{
	return p->con->domid;
}

/* ---- pl011_uart.c -------------------------------------------------------- */

/* The region's ops (the UART's registers) and what follows each request. */
extern const struct mmio_ops pl011_mmio_ops;
void pl011_served(void *ctx, const struct mmio_served *req, uint64_t ns);

/* The model's irq callback: the SPI, set again a while after a refusal. */
void pl011_inject(void *ctx, bool level, bool new_bits);

/* The receive-timeout timer to the model's next deadline. */
void pl011_update_timer(struct pl011_console *p);

/* The model's own losses into the console's statistics. */
void pl011_uart_counters(struct pl011_console *p);

/* The UART's timers, made (0 or -ENOMEM) and given back. */
int pl011_timers_init(struct pl011_console *p, struct loop *loop);
void pl011_timers_release(struct pl011_console *p, struct loop *loop);

#endif
