/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What a PL011 console keeps so that a daemon restart, even kill -9,
 * loses nothing: the ioreq server's id and place, the UART's state, the
 * input the guest has not taken, and the last batch of output taken from
 * the UART until it is known to be in the log.  A fixed-size file in the
 * state directory (persist.h), updated as things change, with two slots
 * so that a kill in the middle of an update leaves the previous one whole.
 *
 * Output is delivered exactly once: a batch is recorded with the log's
 * mark before it is logged, so a successor can tell from the log whether
 * it got there (logfile_written_after()); when it cannot tell, the batch
 * is delivered again: better twice than lost.
 */
#ifndef PL011_RESTART_H
#define PL011_RESTART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytebuf.h"
#include "logfile.h"
#include "pl011.h"

struct pl011_saved;

/* Where the server was, for a successor to adopt it. */
struct pl011_server_place {
	uint64_t base;
	uint32_t spi;
	uint32_t id;
};

struct pl011_restart {
	struct pl011_saved *file;	/* NULL: nothing kept */
	const struct pl011 *uart;	/* what is saved */
	const struct bytebuf *in;
	/* The batch taken from the UART and not known to be logged. */
	uint32_t staged_len;
	struct logfile_mark staged_mark;
	uint8_t staged[PL011_FIFO_DEPTH];
	bool checking;			/* adopted with a batch staged */
	/*
	 * With the UART in an emulator (pl011_proxy.h): the output bytes
	 * delivered or staged, and the input bytes the UART took, ever.
	 */
	uint64_t out_seq, in_seq;
};

/* What a previous daemon left for this domain instance. */
enum pl011_left {
	PL011_LEFT_NOTHING,
	PL011_LEFT_SERVER,		/* a server to adopt, at *left */
	PL011_LEFT_STALE,		/* one it cannot adopt (another file
					   layout): left->id to destroy */
};

/*
 * Map the domain instance's file in dirfd (-1: keep nothing).  A file
 * that cannot be had is reported once: the console then works without
 * restart safety.
 */
enum pl011_left pl011_restart_open(struct pl011_restart *r, int dirfd, uint32_t domid,
		       const uint8_t handle[16], const struct pl011 *uart,
		       const struct bytebuf *in, struct pl011_server_place *left);

/* Back into a UART and an input buffer what the file holds; 0 or -errno. */
int pl011_restart_restore(struct pl011_restart *r, struct pl011 *uart,
			  struct bytebuf *in);

/* A new server: the file describes it from now on. */
void pl011_restart_server(struct pl011_restart *r, uint32_t domid,
			  const uint8_t handle[16],
			  const struct pl011_server_place *place);

/* The UART or the input changed. */
void pl011_restart_save(struct pl011_restart *r);

/* Output taken from the UART, about to be logged at mark. */
void pl011_restart_stage(struct pl011_restart *r, const uint8_t *buf,
			 size_t n, struct logfile_mark mark);

/* Staged output was delivered. */
void pl011_restart_delivered(struct pl011_restart *r);

/*
 * After an adoption (while checking): the batch the previous daemon
 * staged and log shows no sign of, copied to buf; 0 when there is none,
 * and also, checking still, when it does not fit in max bytes (the
 * caller takes nothing else from the UART before it: order is kept).
 */
size_t pl011_restart_undelivered(struct pl011_restart *r,
				 const struct logfile *log, uint8_t *buf,
				 size_t max);

/* Unmap; and remove the file unless a successor is to adopt the server. */
void pl011_restart_close(struct pl011_restart *r, int dirfd, uint32_t domid,
			 bool keep);

#endif
