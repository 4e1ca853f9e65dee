/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the daemon and a guest's PL011 emulator (pl011_emulator.c) say to
 * each other over their SOCK_SEQPACKET socket: one message per packet,
 * fixed layouts in host byte order (both ends are this host's, built
 * together: a version in START says so).
 *
 * The emulator is as trusted as the guest it serves (a guest that owns
 * it speaks for it), so the daemon checks every message it reads with
 * emu_wire_check() and believes nothing in it beyond that console.
 *
 * Nothing is lost when either side dies, by sequence numbers:
 *  - output: every byte the emulator takes from the UART has a number;
 *    the emulator keeps what the daemon has not acknowledged (DELIVERED,
 *    sent once the bytes are in the log and the pty buffer) and sends it
 *    again to the next daemon, which drops what it already has;
 *  - input: INPUT carries the number of its first byte; UPDATE says how
 *    many the guest's UART has taken and which INPUT was seen last, and
 *    the daemon keeps every byte until it is taken;
 *  - state: every UPDATE carries the whole UART state (PL011_STATE_SIZE)
 *    with the output taken so far, and is queued before the emulator
 *    answers the request that changed it, so a new emulator started from
 *    the daemon's last UPDATE repeats at most the request in flight.
 */
#ifndef EMULATOR_WIRE_H
#define EMULATOR_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pl011.h"

#define EMU_WIRE_VERSION	2u
/* Output the emulator holds unacknowledged, at most (then TXFF holds). */
#define EMU_OUTBOX_MAX		4096u
#define EMU_TEXT_MAX		200u
#define EMU_DIR_MAX		256u

enum emu_type {
	/* daemon -> emulator */
	EMU_START = 1,		/* first, once: the guest and the UART */
	EMU_INPUT,		/* bytes for the guest */
	EMU_DELIVERED,		/* output up to a number is delivered */
	EMU_STOP,		/* close the server for good and exit */
	/* emulator -> daemon */
	EMU_READY,		/* the page is claimed (first to a new daemon) */
	EMU_UPDATE,		/* state, output, input taken, counters */
	EMU_LOG,		/* a message of the emulator's own */
	EMU_GUEST_ERROR,	/* a guest-caused problem */
	EMU_FAILED,		/* could not start; the reason in text */
	EMU_TYPES
};

struct emu_header {
	uint32_t type;
	uint32_t len;			/* the whole message */
};

struct emu_start {
	struct emu_header h;
	uint32_t version;
	uint32_t domid;
	uint8_t handle[16];		/* the domain instance */
	uint64_t base;
	uint32_t spi;
	int32_t adopt_id;		/* -1: open a new server */
	uint8_t trm_reset, tx_drop, fast_path;
	uint8_t has_state;		/* state below, else reset */
	uint8_t has_snapshot;		/* EMU_SNAPSHOT_FD is the snapshot */
	uint8_t pad[3];
	uint32_t uid, gid;		/* the emulator's own */
	uint64_t out_seq;		/* the number of the next output byte */
	uint64_t in_seq;		/* input bytes taken before */
	uint8_t state[PL011_STATE_SIZE];
	char empty_dir[EMU_DIR_MAX];	/* the root it confines itself to */
};

struct emu_input {
	struct emu_header h;
	uint64_t seq;			/* of data[0] */
	uint8_t data[PL011_FIFO_DEPTH];	/* h.len says how many */
};

struct emu_delivered {
	struct emu_header h;
	uint64_t seq;			/* every byte before it is out */
};

struct emu_ready {
	struct emu_header h;
	uint32_t domid;
	uint8_t handle[16];
	uint32_t server_id;
	uint32_t nr_vcpus;
	uint64_t base;
	uint32_t spi;
	uint32_t adopted;		/* a server left by an earlier one */
};

/*
 * The counters of xenconsoled_control.h that the emulator keeps for its
 * console, one list for both ends; and its request timing.
 */
#define EMU_COUNTERS(X)							\
	X(events) X(irqs) X(irq_refusals) X(notify_failures)		\
	X(uart_dropped) X(uart_overruns) X(uart_flushed)		\
	X(fast_path) X(posted_writes)
struct emu_counters {
#define EMU_COUNTER_(name)	uint64_t name;
	EMU_COUNTERS(EMU_COUNTER_)
#undef EMU_COUNTER_
	uint64_t request_count, request_total_ns, request_max_ns;
};

struct emu_update {
	struct emu_header h;
	uint64_t out_first;		/* the number of out[0] */
	uint64_t in_taken;		/* input bytes the UART took, ever */
	uint64_t in_seen;		/* the end of the last INPUT read */
	uint32_t rx_room;		/* what the receive FIFO can take */
	uint32_t out_len;
	struct emu_counters counters;
	uint8_t state[PL011_STATE_SIZE];/* after out[] was taken */
	uint8_t out[EMU_OUTBOX_MAX];	/* out_len used; the rest not sent */
};

struct emu_text {
	struct emu_header h;
	int32_t priority;		/* syslog's, for EMU_LOG */
	int32_t error;			/* errno, for EMU_FAILED */
	char text[EMU_TEXT_MAX];	/* NUL-terminated within h.len */
};

/*
 * The UART as of the last request answered, in a file of the state
 * directory that the daemon maps and hands the emulator as
 * EMU_SNAPSHOT_FD: written before each answer without a system call
 * (two slots, then the index of the one completed, as pl011_restart's
 * file), and again before anything is sent, so that it always holds
 * what the daemon was told; with the output not acknowledged yet.  Read
 * by the daemon once that emulator is dead, to start the next from it.
 * UPDATE messages then go only when output or input moves.  As
 * untrusted as a message: checked the same way.
 */
#define EMU_SNAPSHOT_FD		5
struct emu_snapshot {
	uint32_t current;
	uint32_t pad;
	struct emu_snapshot_slot {
		uint64_t out_pulled;	/* output taken from the UART, ever */
		uint64_t in_taken;	/* input the UART took, ever */
		uint8_t state[PL011_STATE_SIZE];
	} slot[2];
	/* Output byte N at outbox[N % EMU_OUTBOX_MAX], until acknowledged. */
	uint8_t outbox[EMU_OUTBOX_MAX];
};

/* Room for, and the alignment of, any message either side reads. */
union emu_msg {
	struct emu_header h;
	struct emu_start start;
	struct emu_update update;
	struct emu_text text;
};

/*
 * The type of the message in buf (n bytes, as read), or -EBADMSG when it
 * is not one the reader may receive (from_emulator: the daemon reading)
 * or its length does not fit its type.
 */
int emu_wire_check(const void *buf, size_t n, int from_emulator);

/*
 * One message from fd, without waiting: its length, 0 when none is there
 * yet, -1 and errno when the socket broke or the other side closed it
 * (ECONNRESET).
 */
ssize_t emu_recv(int fd, union emu_msg *msg);

#endif
