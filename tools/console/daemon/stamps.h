/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Round-trip timestamps: a test build of pl011-emulator (PL011_STAMPS
 * defined, never installed; tests/xen-arm64's ioreq-trace scenarios) notes
 * the Arm virtual counter (CNTVCT_EL0, the hypervisor's CNTPCT minus dom0's
 * CNTVOFF) when epoll_wait returns and just before each ioreq's notify,
 * and writes them to standard error 256 at a time as lines
 *   pl011-stamp WAKE NOTIFY ADDR DIR
 * (counter values and the request's address in hex, DIR 1 for a read).
 * Standard error must be a pipe or a terminal: the confined emulator may
 * not grow a file (RLIMIT_FSIZE 0, confine.c).
 * In every other build these are nothing.
 */
#ifndef STAMPS_H
#define STAMPS_H

#include <stdint.h>

#ifdef PL011_STAMPS
void stamp_wake(void);
void stamp_notify(uint64_t addr, unsigned int dir);
#else
static inline void stamp_wake(void)
{
}

static inline void stamp_notify(uint64_t addr, unsigned int dir)
{
	(void)addr; (void)dir;
}
#endif

#endif
