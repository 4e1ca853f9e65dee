/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The pty a console is served on: raw mode (no echo, no line editing),
 * master non-blocking and close-on-exec.  The slave stays open for the
 * pty's life, as stock xenconsoled does, so a client that detaches does
 * not hang the pty up.  Knows nothing of Xen.
 */
#ifndef PTY_H
#define PTY_H

#include <stddef.h>

struct pty {
	int master;		/* -1 when closed */
	int slave;
	char path[64];		/* /dev/pts/N, what xenstore's tty key gets */
};

/* 0 or -errno. */
int pty_open(struct pty *pty);
void pty_close(struct pty *pty);

#endif
