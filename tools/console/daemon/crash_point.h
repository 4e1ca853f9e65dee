/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Named places in the output path where a test build of the daemon can be
 * made to die as kill -9 would kill it, to prove the restart guarantees
 * at each step rather than wherever a signal happens to land.  In such a
 * build (XENCONSOLED_CRASH_POINTS defined, never installed) the variable
 * XENCONSOLED_CRASH_AT=NAME[:N] kills the process the Nth time (default
 * the first) it passes NAME.  In every other build a crash point is
 * nothing at all.
 */
#ifndef CRASH_POINT_H
#define CRASH_POINT_H

#ifdef XENCONSOLED_CRASH_POINTS
void crash_point(const char *name);
#else
static inline void crash_point(const char *name)
{
	(void)name;
}
#endif

#endif
