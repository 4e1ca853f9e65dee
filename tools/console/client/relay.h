/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The attached client's one loop: console output to stdout, stdin to the
 * console until the escape character, and the pty followed through
 * xenstore when xenconsoled replaces it.  Exposes relay_run(); does not
 * touch terminal modes, signals or the lock (main.c owns those).
 */
#ifndef RELAY_H
#define RELAY_H

#include <stdbool.h>

#include "ttywatch.h"

struct relay {
	struct ttywatch *tw;
	int pty;		/* the console; -1 while it is down */
	int signal_fd;		/* readable: stop */
	bool forward_input;	/* read stdin (else output only) */
	unsigned char escape;	/* ends the session; never forwarded */
};

/*
 * Relay until the escape character is read, stdin ends (or its terminal
 * hangs up), the tty node disappears or empties, or @signal_fd becomes
 * readable: then returns 0.
 * While the pty is down (read error or EOF), input other than the escape
 * character is dropped and the loop waits for the node to change.
 * Returns -errno after a message on stderr if stdin, stdout or xenstore
 * fail.  r->pty is closed or replaced as needed; the caller closes the
 * final one.
 */
int relay_run(struct relay *r);

#endif
