/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A guest's PL011 as a host runs it: the model (pl011.h) behind an ioreq
 * server (its registers as MMIO ops, its interrupt as an SPI), its
 * receive timeout on the loop, and when to take its output
 * (pl011_pacing.h).  Two hosts run it: the PL011 console kind inside the
 * daemon (--pl011-isolation=none) and the per-guest emulator process
 * (pl011_emulator.c).  What differs between them (where output goes,
 * where state is kept, who hears of guest errors) is in the ops.
 */
#ifndef PL011_HOST_H
#define PL011_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "console.h"
#include "ioreq_server.h"
#include "pl011.h"
#include "pl011_pacing.h"

/*
 * The console is a line that is always connected: CTS, DSR and DCD
 * asserted, so a driver that turns on hardware flow control (EDK2's
 * PL011UartLib can) or waits for carrier keeps working.
 */
#define PL011_CONNECTED_LINE	(PL011_FR_CTS | PL011_FR_DSR | PL011_FR_DCD)

struct pl011_host;

struct pl011_host_ops {
	/* The guest waits for its output, or input waits and there is room. */
	void (*kick)(struct pl011_host *h);
	/*
	 * A DR write finds the FIFO full.  On hardware the byte is lost, so
	 * a guest that never looks at TXFF (Arm's BSA compliance suite
	 * prints that way) loses bytes; a virtual UART need not: take
	 * output now, where the host can.
	 */
	void (*make_room)(struct pl011_host *h);
	/* Input waits for the guest (then room in the FIFO is a kick). */
	bool (*input_waiting)(struct pl011_host *h);
	/*
	 * Keep what must survive a crash; called before each answer (a
	 * crash then repeats the access, never loses it) and when time
	 * changed the UART.
	 */
	void (*persist)(struct pl011_host *h);
	/* A guest-caused problem, to be counted and logged rate-limited. */
	void (*guest_error)(struct pl011_host *h, const char *msg);
};

/* The struct of type that holds h as its member host. */
#define PL011_HOST_OWNER(h, type) \
	((type *)(void *)((char *)(h) - offsetof(type, host)))

struct pl011_host_config {
	uint32_t domid;
	uint64_t base;
	unsigned int spi;
	bool trm_reset;
	bool tx_drop;
	bool fast_path;			/* where the hypervisor has it */
	struct ioreq_env ioreq;		/* the Xen handles and the loop */
	const struct pl011_host_ops *ops;
	struct console_stats *stats;	/* where the counters go */
};

struct pl011_host {
	const struct pl011_host_ops *ops;
	struct console_stats *stats;
	uint32_t domid;
	uint64_t base;
	unsigned int spi;
	bool fast_path;
	struct pl011 uart;
	struct ioreq_env ioreq_env;
	struct ioreq_server server;
	bool line_due, line_raised;	/* the line, until Xen hears of it */
	struct loop_timer irq_retry;	/* the line again after a refusal */
	struct loop_timer rt_timer;
	struct loop_timer output_timer;	/* pl011_pacing_due() */
	struct pl011_pacing pacing;
	bool ready;			/* init succeeded: close undoes it */
};

/* The UART at reset, its timers made; nothing in Xen yet.  0 or -ENOMEM. */
int pl011_host_init(struct pl011_host *h, const struct pl011_host_config *c);

/* A new ioreq server claiming the page.  0 or -errno (then close). */
int pl011_host_open(struct pl011_host *h);

/*
 * The server a previous host left (enabled, page claimed), at base and
 * spi, with the UART already restored: mapped and bound, nothing
 * answered yet (pl011_host_resume() does).  0 or -errno (then close).
 */
int pl011_host_adopt(struct pl011_host *h, ioservid_t id);

/*
 * After an adoption: answer what the previous host left in flight, and
 * the interrupt line again (it may have been lost with that host).
 */
void pl011_host_resume(struct pl011_host *h);

/* Answer what waits and let go of Xen; park: see ioreq_server_close(). */
void pl011_host_close(struct pl011_host *h, bool park);

/* Take up to max (at most a FIFO) bytes of output; 0 when none. */
size_t pl011_host_take(struct pl011_host *h, uint8_t *buf, size_t max);

/* Give the guest what fits of n input bytes; returns how many. */
size_t pl011_host_give(struct pl011_host *h, const uint8_t *buf, size_t n);

/* The model's own losses and the server's failures into the counters. */
void pl011_host_counters(struct pl011_host *h);

#endif
