/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's side of a guest's PL011 emulator process
 * (--pl011-isolation=process, the default; the emulator is
 * pl011_emulator.c, the messages emulator_wire.h).  The daemon keeps the
 * console (pty, log, the bytes in between), the state file and a mirror
 * of the UART as the emulator last reported it; the emulator keeps the
 * guest.  An emulator that dies is replaced by one that adopts its ioreq
 * server and the mirror, and a daemon that restarts finds the running
 * emulators through their listening sockets in the state directory.
 */
#ifndef PL011_PROXY_H
#define PL011_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bytebuf.h"
#include "confine.h"
#include "loop.h"
#include "pl011.h"

struct emu_snapshot;
struct pl011_console;

/* Every emulator the daemon runs, and how it runs them. */
struct pl011_emulators {
	struct pl011_proxy *head;
	const char *program;		/* the emulator's path */
	const char *state_dir;		/* its sockets and empty root */
	struct confine_range uids;
};

struct pl011_proxy {
	struct pl011_console *owner;
	struct pl011_proxy *next;	/* on the daemon's list */
	pid_t pid;			/* 0: not our child (a successor's) */
	int sock;			/* -1: none running */
	struct loop_watch watch;
	struct loop_timer respawn;	/* after a death, with back-off */
	uint64_t started_ns;
	uint64_t backoff_ns;
	struct pl011 mirror;		/* the UART as last reported */
	struct emu_snapshot *snapshot;	/* its snapshot, NULL: none */
	uint32_t server_id;
	/* Output by number: [delivered, received) is in pending. */
	uint64_t out_received, out_delivered;
	struct bytebuf pending;
	/* Input by number: con->in starts at in_base; [in_base, in_sent) sent. */
	uint64_t in_base, in_sent;
	uint32_t rx_room;
};

/*
 * The console's UART in an emulator: one that a previous daemon left
 * running, else a new one adopting what the state file holds, else a
 * new one with a new server.  Returns once the page is claimed (0) or
 * with -errno.
 */
int pl011_proxy_attach(struct pl011_console *p);
/* park: leave the emulator running for the next daemon, else stop it. */
void pl011_proxy_detach(struct pl011_console *p, bool park);
/* Output the emulator sent, at most a FIFO of it; 0 when none. */
size_t pl011_proxy_pull(struct pl011_console *p, uint8_t *buf, size_t max);
/* Input: sent when the UART has room; taken (consumed) once it says so. */
size_t pl011_proxy_push(struct pl011_console *p, const uint8_t *buf, size_t n);
/* What pull gave is delivered: the emulator may let go of it. */
void pl011_proxy_delivered(struct pl011_console *p);

/* SIGCHLD: collect exited emulators, counting seccomp kills. */
void pl011_emulators_exited(struct pl011_emulators *list);

#endif
