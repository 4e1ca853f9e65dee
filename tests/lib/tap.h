/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Minimal TAP producer for the C tests: each check prints "ok N - name" or
 * "not ok N - name" plus a diagnostic, and tap_done() prints the plan and
 * returns the exit status.  prove(1) reads the output.
 */
#ifndef TAP_H
#define TAP_H

#include <stdbool.h>
#include <stdint.h>

__attribute__((format(printf, 2, 3)))
bool ok(bool cond, const char *fmt, ...);

/* Pass when got == want; on failure prints both in hex. */
__attribute__((format(printf, 3, 4)))
bool is_hex(uint64_t got, uint64_t want, const char *fmt, ...);

/* Pass when got == want; on failure prints both in decimal. */
__attribute__((format(printf, 3, 4)))
bool is_num(uint64_t got, uint64_t want, const char *fmt, ...);

/* Print a "# ..." diagnostic line. */
__attribute__((format(printf, 1, 2)))
void diag(const char *fmt, ...);

/* Print the plan; returns the process exit status (0 if all passed). */
int tap_done(void);

#endif
