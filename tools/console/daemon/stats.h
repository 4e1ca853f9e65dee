/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's counters as JSON, and the read-only control socket that
 * serves them: connect, read one JSON document, done.  Reading never
 * stops or slows the daemon beyond building the document.
 */
#ifndef STATS_H
#define STATS_H

#include <stdint.h>

struct bytebuf;
struct control;
struct domains;
struct loop;

/* Append the whole document to out; started_ns: the daemon's start. */
void stats_json(const struct domains *domains, uint64_t started_ns,
		struct bytebuf *out);

/* Listen on path (replacing a stale socket); 0 or -errno. */
int control_open(struct loop *loop, const struct domains *domains,
		 uint64_t started_ns, const char *path, struct control **out);
void control_close(struct control *c);

#endif
