// SPDX-License-Identifier: GPL-2.0-only
/*
 * Round-trip timestamps of the PL011_STAMPS test build (see stamps.h).
 * Kept in memory and written in batches, so that the measurement adds one
 * write(2) per 256 round trips; a batch not full at exit is written then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "stamps.h"

#define BATCH	256u

struct stamp {
	uint64_t wake, notify, addr;
	unsigned int dir;
};

static struct stamp batch[BATCH];
static unsigned int used;
static uint64_t last_wake;
static int registered;

static uint64_t counter(void)
{
#if defined(__aarch64__)
	uint64_t v;

	/* The isb keeps the read from being taken early (Arm ARM D11.2.2). */
	__asm__ __volatile__("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
#else
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

static void flush(void)
{
	static char text[BATCH * 64];
	size_t len = 0;

	for (unsigned int i = 0; i < used; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					"pl011-stamp %llx %llx %llx %u\n",
					(unsigned long long)batch[i].wake,
					(unsigned long long)batch[i].notify,
					(unsigned long long)batch[i].addr,
					batch[i].dir);
	used = 0;
	for (size_t done = 0; done < len;) {
		ssize_t n = write(STDERR_FILENO, text + done, len - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
}

void stamp_wake(void)
{
	last_wake = counter();
}

void stamp_notify(uint64_t addr, unsigned int dir)
{
	if (!registered) {
		registered = 1;
		atexit(flush);
	}
	batch[used++] = (struct stamp){ last_wake, counter(), addr, dir };
	if (used == BATCH)
		flush();
}
