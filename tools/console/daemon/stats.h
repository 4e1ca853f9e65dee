/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's counters as JSON, and the read-only control socket that
 * serves them: connect, read one JSON document, done.  Reading never
 * stops or slows the daemon beyond building the document.
 */
#ifndef STATS_H
#define STATS_H

struct bytebuf;
struct daemon;
struct control;

/* Append the whole document to out. */
void stats_json(struct daemon *d, struct bytebuf *out);

/* Listen on path (replacing a stale socket); 0 or -errno. */
int control_open(struct daemon *d, const char *path, struct control **out);
void control_close(struct control *c);

#endif
