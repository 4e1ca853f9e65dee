/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * When a host that lets a PL011's output collect must take it.  Host
 * policy, not UART behaviour (a real PL011 sends at the line rate whatever
 * the driver does), so it wraps the model: it sees every guest access and
 * asks the model only what a driver could see (TXFF, what is queued, the
 * TX interrupt mask).
 *
 * Why collect at all: output the guest is not waiting for fills the FIFO,
 * the guest finds TXFF and turns to the TX interrupt (Linux then writes
 * half a FIFO per interrupt without reading FR, where a FIFO that never
 * fills costs an FR read and a DR write per byte), and the host makes one
 * output pass per FIFO rather than per byte.  So output is taken when the
 * guest waits for it, and otherwise once the guest has gone quiet or the
 * output has waited too long: slow for a wait nobody recognised, never
 * stuck.
 *
 * A driver waits when it
 *  - reads FR and finds TXFF, or reads FR, RIS or MIS twice running with
 *    output queued (a drain loop: BUSY, or the TX interrupt by polling);
 *  - fills the FIFO with the TX interrupt unmasked;
 *  - unmasks the TX interrupt with output queued (FreeBSD's
 *    uart_pl011_bus_transmit() writes a batch blind, then sets IMSC.TX
 *    and waits for the interrupt);
 *  - polls FR after each byte (Linux earlycon waits for BUSY to clear
 *    after every character: taken at once, its first poll finds the line
 *    idle), judged anew at every byte.
 * In drop mode any output is taken at once (only that saves bytes).
 */
#ifndef PL011_PACING_H
#define PL011_PACING_H

#include <stdbool.h>
#include <stdint.h>

#include "pl011.h"

/*
 * Quiet: long enough that a vCPU in the middle of a burst never looks
 * quiet, even under emulation (Xen under QEMU TCG: 1-7 ms between two
 * accesses), short enough that nobody typing sees the echo wait.  Hold:
 * longer than filling the FIFO takes under emulation (32 bytes at two
 * accesses each), so Linux still finds TXFF there.
 */
#define PL011_PACING_QUIET_NS		20000000ull
#define PL011_PACING_HOLD_MAX_NS	500000000ull

struct pl011_pacing {
	uint16_t polled;		/* status register last read + 1, or 0 */
	bool waited_on;			/* a wait seen since output was taken */
	uint8_t fr_since_dr;		/* FR reads since the last DR write */
	bool txff_since_dr;		/* one of them found TXFF */
	bool waits_after_write;		/* the guest polls BUSY after each byte */
	uint64_t last_access_ns;
	uint64_t held_since_ns;		/* output queued since; 0: none */
	bool drop;			/* the UART's PL011_TX_DROP */
};

/* policy: the UART's, as configured. */
void pl011_pacing_init(struct pl011_pacing *pc, enum pl011_tx_policy policy);

/* A guest access at offset, done (the model already changed), at now. */
void pl011_pacing_access(struct pl011_pacing *pc, const struct pl011 *uart,
			 uint32_t offset, bool read, uint64_t now_ns);

/* The host took output: the wait it answered is over. */
void pl011_pacing_taken(struct pl011_pacing *pc, const struct pl011 *uart);

/* The guest waits for its output: take it now. */
bool pl011_pacing_wanted(const struct pl011_pacing *pc,
			 const struct pl011 *uart);

/*
 * When output nobody asked for is to be taken (the guest quiet, or the
 * output held long enough); PL011_NO_DEADLINE when none is queued.
 */
uint64_t pl011_pacing_due(const struct pl011_pacing *pc,
			  const struct pl011 *uart);

#endif
