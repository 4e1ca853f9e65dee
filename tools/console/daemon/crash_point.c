// SPDX-License-Identifier: GPL-2.0-only
/* Crash points of the test build (see crash_point.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crash_point.h"

void crash_point(const char *name)
{
	static unsigned long passes;
	const char *at = getenv("XENCONSOLED_CRASH_AT");
	size_t len = strlen(name);
	unsigned long nth;

	if (!at || strncmp(at, name, len) || (at[len] && at[len] != ':'))
		return;
	nth = at[len] ? strtoul(at + len + 1, NULL, 10) : 1;
	if (++passes < nth)
		return;
	/* Said first, so a test knows it was this and not another kill. */
	dprintf(STDERR_FILENO, "xenconsoled: crash point %s\n", at);
	raise(SIGKILL);
}
