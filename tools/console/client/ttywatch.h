/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a console's pty is: the xenstore node into which xenconsoled
 * writes the pty's path, chosen from the command line, watched, and
 * opened again whenever it changes.  Exposes that as a small handle;
 * hides libxenstore and libxenctrl.  Knows nothing of the user's terminal
 * or of the relay.
 */
#ifndef TTYWATCH_H
#define TTYWATCH_H

#include "cmdline.h"

struct ttywatch;

/*
 * Connect to xenstored, check that the domain exists, choose the console
 * type when @cmd leaves it to us (HVM flag from xc_domain_getinfolist:
 * serial if the domain has serial/N/tty, else pv) and watch the node.
 * Returns NULL after printing a one-line reason on stderr.
 */
struct ttywatch *ttywatch_open(const struct cmdline *cmd);

/* Unwatch and disconnect; NULL is fine. */
void ttywatch_close(struct ttywatch *tw);

/* The fd to poll: readable when the node may have changed. */
int ttywatch_fd(const struct ttywatch *tw);

/* The watched node, e.g. /local/domain/5/console/tty. */
const char *ttywatch_node(const struct ttywatch *tw);

/*
 * Call when ttywatch_fd() is readable: take the pending watch events and
 * read the node again.  Returns a new pty fd, raw, blocking, that the
 * caller owns; -ENOENT when the node is gone or empty (the console went
 * away); -EAGAIN when it names something that cannot be opened as a tty
 * (warned on stderr, wait for the next change); other -errno on a
 * xenstore failure.
 */
int ttywatch_reopen(struct ttywatch *tw);

/*
 * Wait up to @timeout_ms for the node to name a pty that opens, as the
 * daemon may not have made it yet.  Returns the pty fd as above, -EINTR
 * as soon as @abort_fd is readable, -ETIMEDOUT, or -errno.
 */
int ttywatch_wait(struct ttywatch *tw, int abort_fd, int timeout_ms);

#endif
