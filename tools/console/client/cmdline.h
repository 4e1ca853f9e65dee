/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The xenconsole command line: what `xl console` and users pass, parsed
 * into a struct with every value checked.  Exposes the parser, the escape
 * parser and the usage text.  Knows nothing of Xen, xenstore or terminals,
 * so it is unit-tested alone.
 */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "xenconsoled_control.h"

/* ^] as in telnet: the stock client's default. */
#define CMDLINE_DEFAULT_ESCAPE	0x1d

/* Where xenconsoled serves its statistics unless told otherwise. */
#define CMDLINE_STATS_SOCKET	XENCONSOLED_CONTROL_SOCKET

enum console_type {
	CONSOLE_DEFAULT,	/* serial for HVM (and Arm) guests, else pv */
	CONSOLE_PV,
	CONSOLE_SERIAL,
	CONSOLE_VUART,
};

struct cmdline {
	unsigned int domid;
	unsigned int num;		/* --num; ignored for vuart */
	enum console_type type;
	unsigned char escape;
	int notify_fd;			/* --start-notify-fd, or -1 */
	bool interactive;		/* --interactive */
	bool help;			/* -h: print usage, nothing else */
	/* --stats: print the daemon's statistics (domid 0: every guest). */
	bool stats;
	bool json;			/* --json: the document unchanged */
	const char *stats_socket;	/* --stats-socket, or NULL: default */
};

/*
 * Parse @argv into @cmd.  Options and DOMID may come in any order, as xl
 * passes DOMID first.  DOMID is optional with --stats; --json and
 * --stats-socket need --stats, and --json takes no DOMID.  Returns 0,
 * or -EINVAL after writing a one-line reason (no program name, no
 * newline) into @why.  Uses getopt_long and resets it first, so it may be
 * called more than once.
 */
int cmdline_parse(int argc, char *argv[], struct cmdline *cmd,
		  char *why, size_t why_len);

/*
 * Parse an --escape argument: one character, or '^' and a character for
 * that control character (^] is 0x1d, ^a is 0x01).  Returns the byte, or
 * -EINVAL.
 */
int cmdline_parse_escape(const char *arg);

/* Print the --help text. */
void cmdline_usage(FILE *out, const char *prog);

/* Describe a refusal in why (up to why_len bytes); returns -EINVAL. */
__attribute__((format(printf, 3, 4)))
int cmdline_invalid(char *why, size_t why_len, const char *fmt, ...);

#endif
