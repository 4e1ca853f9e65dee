/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PL011 r1p5 UART device model: the whole public contract.
 *
 * Pure C: no Xen, no system calls, no globals, no allocation.  The host
 * (xenconsoled, a test, a fuzzer) feeds it guest register accesses, bytes
 * and the current time, and is told about the interrupt line through one
 * callback.  Everything the guest can observe is in here; everything about
 * where bytes go is the host's business.
 *
 * Data flow, from the model's point of view:
 *   guest  --pl011_write(DR)-->  TX FIFO  --pl011_tx_pull()-->  host
 *   host   --pl011_rx_push()-->  RX FIFO  --pl011_read(DR)-->   guest
 * TX bytes stay in the FIFO until the host pulls them, so TXFF and BUSY
 * are real: a host that cannot take more output backs the guest up
 * instead of losing bytes (unless the console uses PL011_TX_DROP).
 *
 * Time: the model never reads a clock.  The host calls pl011_advance()
 * with a monotonic time in nanoseconds before using the model and
 * whenever pl011_next_deadline() passes; that is how the receive-timeout
 * (RT) interrupt fires.
 */
#ifndef PL011_H
#define PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pl011_regs.h"

#define PL011_MMIO_SIZE		0x1000u
#define PL011_FIFO_DEPTH	32u
#define PL011_DEFAULT_CLOCK_HZ	24000000u	/* libxl/QEMU "apb_pclk" */
#define PL011_DEFAULT_BAUD	115200u
#define PL011_NO_DEADLINE	UINT64_MAX

enum pl011_reset_mode {
	/* TRM reset values: UARTEN=0, FIFOs off, divisors 0. */
	PL011_RESET_TRM,
	/*
	 * What firmware leaves behind (Arm BSA B.4, the SBSA UART contract):
	 * UARTEN|TXE|RXE, 8N1 with FIFOs on, and a divisor for
	 * PL011_DEFAULT_BAUD at the configured clock, so guests booted
	 * without firmware (Linux earlycon, the sbsa-uart driver,
	 * console=ttyAMA0 with no options) work from the first access.
	 */
	PL011_RESET_FIRMWARE,
};

enum pl011_tx_policy {
	/* Bytes wait in the TX FIFO for the host; TXFF/BUSY back up the guest. */
	PL011_TX_BLOCK,
	/*
	 * The guest never waits: the transmitter always looks idle (TXFE=1,
	 * TXFF=BUSY=0, TX interrupt after every write) and, if the host does
	 * not pull in time, the oldest queued byte is overwritten and
	 * counted in stats.tx_dropped.  For consoles nobody may stall.
	 */
	PL011_TX_DROP,
};

struct pl011_config {
	uint32_t clock_hz;		/* UARTCLK; 0 means the default */
	enum pl011_reset_mode reset_mode;
	enum pl011_tx_policy tx_policy;
	/*
	 * Called when the interrupt line (MIS != 0) changes level, and when
	 * new bits appear in MIS while it stays high.  Xen's default vGIC
	 * treats an injection as an edge (vgic_inject_irq() in
	 * xen/arch/arm/vgic.c ignores a falling level), so a host on it
	 * injects on new_bits as well as on a rising level, as Xen's own
	 * vpl011_update_interrupt_status() does.
	 */
	void (*irq)(void *ctx, bool level, bool new_bits);
	void *ctx;
	/*
	 * Modem inputs asserted from the start, as FR bits (PL011_FR_CTS,
	 * DSR, DCD, RI): a line connected before the guest runs raises no
	 * modem interrupt.  pl011_set_modem() changes them later.
	 */
	unsigned int modem_inputs;
};

/* Counters for the host; not guest visible. */
struct pl011_stats {
	uint64_t tx_bytes;		/* pulled by the host */
	uint64_t rx_bytes;		/* stored in the RX FIFO */
	uint64_t tx_dropped;		/* TX_DROP overwrite, or DR write to a full FIFO */
	uint64_t tx_flushed;		/* discarded by the guest clearing FEN */
	uint64_t rx_flushed;
	uint64_t rx_overruns;		/* characters lost to a full RX FIFO */
	uint64_t irq_events;		/* irq callback invocations */
	uint64_t bad_accesses;		/* reserved offset, bad size or alignment */
};

/*
 * The state.  Defined here so hosts can embed it without allocation; the
 * fields are private to pl011.c and the accessors below are the contract.
 * Guest-visible registers are kept apart from the model's bookkeeping.
 */
struct pl011_regs {
	uint16_t rsr, ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
	uint16_t modem;			/* FR modem input bits (CTS/DSR/DCD/RI) */
};

struct pl011_fifo_rx {
	uint16_t slot[PL011_FIFO_DEPTH];	/* data | DR error bits */
	uint8_t head, count;
};

struct pl011_fifo_tx {
	uint8_t slot[PL011_FIFO_DEPTH];
	uint8_t head, count;
};

struct pl011 {
	struct pl011_regs regs;
	struct pl011_fifo_rx rx;
	struct pl011_fifo_tx tx;
	uint32_t divisor;		/* 64*IBRD+FBRD latched by the LCR_H write */
	bool overrun_pending;		/* next stored character carries DR.OE */

	struct pl011_config config;
	uint64_t now;			/* last time given to pl011_advance() */
	uint64_t rt_deadline;		/* PL011_NO_DEADLINE when not armed */
	uint16_t irq_mis;		/* MIS last reported through config.irq */
	struct pl011_stats stats;
};

/* Set up with the given config and reset. */
void pl011_init(struct pl011 *s, const struct pl011_config *config);

/* Guest reset: every register to the configured reset mode, FIFOs empty. */
void pl011_reset(struct pl011 *s);

/*
 * Guest register access at offset (0..PL011_MMIO_SIZE-1) of size 1, 2, 4
 * or 8 bytes.  Never fails: reserved space reads as zero and ignores
 * writes.  A size-aligned access inside one 32-bit register reads or
 * writes those byte lanes of it (APB registers are 32 bits wide: a read
 * of any lane has the register's read side effects; a write merges into
 * the register's current value, and a DR write must include lane 0).  An
 * aligned 8-byte access is two 32-bit accesses, low word first.
 * Misaligned or odd-sized accesses read zero, write nothing and are
 * counted in stats.bad_accesses.
 */
uint64_t pl011_read(struct pl011 *s, uint32_t offset, unsigned int size);
void pl011_write(struct pl011 *s, uint32_t offset, unsigned int size,
		 uint64_t value);

/*
 * Host side of the transmitter: copy up to max bytes out of the TX FIFO.
 * Returns the number copied; zero when empty or when the guest has
 * disabled the transmitter (UARTEN or TXE clear) or looped it back.
 */
size_t pl011_tx_pull(struct pl011 *s, uint8_t *buf, size_t max);

/* Bytes pl011_tx_pull() would return now. */
size_t pl011_tx_pending(const struct pl011 *s);

/*
 * FR.TXFF as the guest would read it now: a DR write would find no room
 * and be lost, as on hardware (never in drop mode, which never fills).
 */
bool pl011_tx_full(const struct pl011 *s);

/* IMSC.TXIM: the guest takes TX interrupts. */
bool pl011_tx_irq_enabled(const struct pl011 *s);

/*
 * Host side of the receiver: store up to n bytes in the RX FIFO and
 * return how many fit.  The host keeps the rest and offers them again
 * later, so input is never lost to an overrun.  Returns zero while the
 * receiver is disabled (UARTEN or RXE clear) or in loopback.
 */
size_t pl011_rx_push(struct pl011 *s, const uint8_t *buf, size_t n);

/* Bytes pl011_rx_push() would accept now. */
size_t pl011_rx_room(const struct pl011 *s);

/*
 * A character arriving on the line, as from a wire that cannot wait:
 * errors is a mask of PL011_DR_FE/PE/BE.  If the RX FIFO is full the
 * character is lost and an overrun is recorded (RSR.OE, RIS.OE, and DR.OE
 * on the next stored character).  Returns true if it was stored.
 */
bool pl011_rx_char(struct pl011 *s, uint8_t c, unsigned int errors);

/* A break condition on the line: one 0x00 character with DR.BE. */
bool pl011_rx_break(struct pl011 *s);

/* Modem inputs as FR bits (PL011_FR_CTS/DSR/DCD/RI); changes raise RIS. */
void pl011_set_modem(struct pl011 *s, unsigned int fr_modem_bits);

/* Move time forward (never backward); fires the RT interrupt when due. */
void pl011_advance(struct pl011 *s, uint64_t now_ns);

/* When pl011_advance() must next be called, or PL011_NO_DEADLINE. */
uint64_t pl011_next_deadline(const struct pl011 *s);

/* Current interrupt line level: (RIS & IMSC) != 0. */
bool pl011_irq_level(const struct pl011 *s);

/* Baud rate in effect (latched divisor); 0 while the divisor is invalid. */
uint32_t pl011_baud(const struct pl011 *s);

/*
 * Versioned, endian-fixed snapshot of everything but config: registers,
 * FIFOs, pending overrun, RT timer state and stats.  pl011_save() returns
 * the size needed (PL011_STATE_SIZE) and writes only if len is enough.
 * pl011_restore() keeps s untouched on error: -EBADMSG for a truncated
 * blob or bad magic, -EPROTONOSUPPORT for another version, -EINVAL for
 * inconsistent contents.  Restore never calls the irq callback: the host
 * takes the line level from pl011_irq_level().  An RT timer that was
 * armed fires at the next pl011_advance().
 */
#define PL011_STATE_VERSION	1u
#define PL011_STATE_SIZE	200u
size_t pl011_save(const struct pl011 *s, uint8_t *buf, size_t len);
int pl011_restore(struct pl011 *s, const uint8_t *buf, size_t len);

/*
 * Check every internal invariant (FIFO bounds, registers within their
 * masks, reported line == MIS != 0).  0 or -EINVAL.  Used after restore
 * and by the fuzzer after every step.
 */
int pl011_validate(const struct pl011 *s);

#endif
