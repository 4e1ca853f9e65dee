/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Replay engine for guest-driver register sequences against the PL011
 * model, in the spirit of QEMU's qtest: a test plays one side (the guest
 * driver: register accesses as table rows or as small C functions that
 * reproduce the driver's logic) and this engine plays the other (the host:
 * draining TX, pushing input as room appears, moving time, recording the
 * interrupt line as the old Xen vGIC would see it).
 *
 * Exposes struct replay, the row table format and the host-side helpers.
 * Knows nothing of any particular driver.
 */
#ifndef REPLAY_H
#define REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pl011.h"
#include "pl011_pacing.h"

#define REPLAY_BUF_SIZE		65536u
/* A driver spin that has not ended after this many reads is a hang. */
#define REPLAY_SPIN_LIMIT	100000ul

struct replay;

enum replay_op {
	REPLAY_END,
	REPLAY_READ,		/* guest read; must return value */
	REPLAY_WRITE,		/* guest write of value */
	REPLAY_PUSH,		/* host offers bytes; value = how many fit */
	REPLAY_PULL,		/* host drains TX; must get exactly bytes */
	REPLAY_ADVANCE,		/* time moves on by value ns */
	REPLAY_LINE,		/* the interrupt line must be at level value */
};

struct replay_row {
	enum replay_op op;
	uint32_t offset;
	unsigned int size;
	uint64_t value;
	const char *bytes;
};

/* Row constructors: access width first, as in a bus trace. */
#define RD(sz, off, want)	{ REPLAY_READ, (off), (sz), (want), NULL }
#define WR(sz, off, val)	{ REPLAY_WRITE, (off), (sz), (val), NULL }
#define HOST_PUSH(str, fit)	{ REPLAY_PUSH, 0, 0, (fit), (str) }
#define HOST_PULL(str)		{ REPLAY_PULL, 0, 0, 0, (str) }
#define ADVANCE_NS(ns)		{ REPLAY_ADVANCE, 0, 0, (ns), NULL }
#define LINE(level)		{ REPLAY_LINE, 0, 0, (level), NULL }
#define ROWS_END		{ REPLAY_END, 0, 0, 0, NULL }

/* How the host takes bytes out of the TX FIFO. */
enum replay_sink {
	SINK_DRAIN,		/* everything, after every guest access */
	SINK_TRICKLE,		/* rate bytes per period accesses or idle */
	SINK_STALLED,		/* nothing until replay_set_sink() again */
	SINK_WANTED,		/* xenconsoled: pl011_pacing_wanted(), or idle */
};

/* Input waiting on the host side (a pty being pasted into). */
struct replay_input {
	const uint8_t *data;
	size_t len;
	size_t arrived;		/* bytes the pty has delivered so far */
	size_t pushed;		/* bytes the model accepted */
	size_t chunk;		/* pty read size */
	uint64_t gap_ns;	/* time between pty reads */
	uint64_t next_arrival;
	bool during_access;	/* also push between two guest accesses */
};

/* What a guest interrupt handler saw and did, for replay_rx_until(). */
struct replay_rx_report {
	unsigned long handler_runs;
	unsigned long rx_runs;		/* status had RX */
	unsigned long rt_only_runs;	/* status had RT but not RX */
	size_t rt_only_max;		/* most bytes read in one RT-only run */
};

/* Guest interrupt handler: returns the first status it read. */
typedef unsigned int (*replay_isr)(struct replay *r, void *driver);

struct replay {
	struct pl011 uart;
	struct pl011_pacing pacing;	/* the daemon's policy, for SINK_WANTED */
	const char *phase;		/* prefix of every check name */
	uint64_t now;

	enum replay_sink sink;
	unsigned int sink_rate, sink_period, sink_tick;
	unsigned long sink_stall;	/* host steps left before draining */
	/* SINK_WANTED pulls for a guest sitting idle, waiting unseen */
	unsigned long quiet_pulls;
	uint8_t tx[REPLAY_BUF_SIZE];	/* everything the host pulled */
	size_t tx_len;

	uint8_t rx[REPLAY_BUF_SIZE];	/* everything the guest kept */
	size_t rx_len;
	struct replay_input in;

	bool line;			/* last level the model reported */
	bool irq_pending;		/* injected, not yet taken by guest */
	unsigned long irq_injections;

	uint64_t last;			/* value of the latest guest read */
	unsigned long accesses, checks, failures;
};

/* Initialise with the 24 MHz default clock, TX_BLOCK and a draining host. */
void replay_init(struct replay *r, enum pl011_reset_mode mode);

/* Name the following checks ("linux-amba startup", ...). */
void replay_phase(struct replay *r, const char *phase);

/*
 * One guest access, then one host step (sink, input, invariants).
 * Reads return the value the guest sees.
 */
uint64_t replay_read(struct replay *r, uint32_t offset, unsigned int size);
void replay_write(struct replay *r, uint32_t offset, unsigned int size,
		  uint64_t value);

/*
 * Counted check that prints nothing on success and a "not ok" TAP line
 * on failure; for values read inside driver loops.
 */
__attribute__((format(printf, 3, 4)))
bool replay_check(struct replay *r, bool cond, const char *fmt, ...);

/*
 * A driver's busy-wait: read until (value & mask) == want, the host
 * stepping between reads.  Returns the number of reads taken, or 0 if
 * max_reads pass first.  replay_spin() also fails a check then, since
 * the guest would hang there; replay_poll() leaves that to the caller.
 */
unsigned long replay_poll(struct replay *r, uint32_t offset,
			  unsigned int size, uint64_t mask, uint64_t want,
			  unsigned long max_reads);
unsigned long replay_spin(struct replay *r, uint32_t offset,
			  unsigned int size, uint64_t mask, uint64_t want,
			  unsigned long max_reads);

/*
 * The polled console loops most drivers share: spin on FR.TXFF then
 * write DR (returns the FR reads that found TXFF set), and spin on
 * FR.RXFE then read DR (returns what DR gave).  Widths are the driver's.
 */
unsigned long replay_putc_polled(struct replay *r, unsigned int fr_width,
				 unsigned int dr_width, uint8_t c);
uint64_t replay_getc_polled(struct replay *r, unsigned int fr_width,
			    unsigned int dr_width);

/* Play a table; every read, push, pull and line row is one TAP test. */
void replay_run(struct replay *r, const struct replay_row *rows);

/* Host TX policy; stall_steps host steps of SINK_STALLED come first. */
void replay_set_sink(struct replay *r, enum replay_sink sink,
		     unsigned int rate, unsigned int period,
		     unsigned long stall_steps);

/* Start feeding data: chunk bytes every gap_ns (chunk 0: all at once). */
void replay_input_start(struct replay *r, const uint8_t *data, size_t len,
			size_t chunk, uint64_t gap_ns, bool during_access);

/* Guest side: take a pending interrupt (true once per injection). */
bool replay_take_irq(struct replay *r);

/*
 * The guest waits: the host feeds input, drains TX per its sink, and
 * time moves to the next deadline or pty arrival.  False when nothing
 * can ever happen again (a hang on real hardware).
 */
bool replay_idle(struct replay *r);

/* The guest waits until the host has pulled all output; false if never. */
bool replay_drain(struct replay *r);

/* The guest driver kept one received byte. */
void replay_guest_rx(struct replay *r, uint8_t c);

/*
 * Run the guest's handler on every interrupt until the guest has kept
 * want bytes in total; false (and a failed check) if input stalls.
 */
bool replay_rx_until(struct replay *r, size_t want, replay_isr isr,
		     void *driver, struct replay_rx_report *report);

/*
 * A paste of len pattern bytes, as pty reads of chunk bytes every gap_ns
 * (chunk 0: everything at once, pushed between guest accesses as room
 * appears), taken by the guest's interrupt handler.  TAP: all bytes
 * arrive in order, no overrun, some RX interrupts; with rt_tail_below
 * set, some RT-only interrupts, each delivering fewer bytes than that
 * (the RX trigger level).
 */
void replay_paste(struct replay *r, size_t len, size_t chunk,
		  uint64_t gap_ns, unsigned int rt_tail_below,
		  replay_isr isr, void *driver);

/* TAP: got[0..got_len) equals want[0..want_len). */
bool replay_same_bytes(const uint8_t *got, size_t got_len,
		       const uint8_t *want, size_t want_len, const char *what);

/*
 * What a console that sends "\r\n" for '\n' puts on the wire for s;
 * returns the length written to out (at most max).
 */
size_t replay_crlf(const char *s, uint8_t *out, size_t max);

/* TAP: the host pulled exactly replay_crlf(s) since r->tx[mark]. */
bool replay_tx_crlf(const struct replay *r, size_t mark, const char *s,
		    const char *what);

/* Fill buf with a reproducible byte pattern using all 256 values. */
void replay_pattern(uint8_t *buf, size_t len, uint32_t seed);

/*
 * TAP summary of one replay: its silent checks, and what must hold at
 * the end of every replay (no overrun, no dropped byte, a valid model).
 */
void replay_finish(struct replay *r);

#endif
