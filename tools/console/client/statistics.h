/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenconsole --stats: fetch xenconsoled's statistics document from its
 * control socket, decode it into per-console figures, and print each
 * guest's consoles side by side (PV, vuart, PL011).  Knows the document's
 * fields (xenconsoled_control.h lists the counters), not how the daemon
 * counts; knows nothing of xenstore or terminals.
 */
#ifndef STATISTICS_H
#define STATISTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "xenconsoled_control.h"

struct cmdline;

/* The console kinds shown, in column order. */
enum stats_kind { STATS_PV, STATS_VUART, STATS_PL011, STATS_NR_KINDS };

struct stats_console {
	unsigned int domid;
	enum stats_kind kind;
	char *name, *tty, *log;
	struct xenconsoled_counters counters;
};

/* Every counter of xenconsoled_control.h's table, in document order. */
struct stats_counter {
	const char *name;
	size_t offset;		/* in struct xenconsoled_counters */
};
extern const struct stats_counter stats_counters[];
extern const size_t stats_nr_counters;

struct stats_doc {
	uint64_t pid, uptime_s, domains;
	struct stats_console *consoles;	/* in document order */
	size_t nr_consoles;
	size_t nr_unknown;		/* consoles of kinds not shown */
};

/*
 * Decode the daemon's document, @len bytes of @text followed by a NUL
 * (as stats_fetch reads it): strictly valid JSON (no NUL bytes, nested
 * at most 32 deep), every field this client shows present with the right
 * type; unknown fields are ignored.
 * 0, or -EINVAL/-ENOMEM with a one-line reason in @why.  Free with
 * stats_doc_free (also after a failure).
 */
int stats_decode(const char *text, size_t len, struct stats_doc *doc,
		 char *why, size_t why_len);
void stats_doc_free(struct stats_doc *doc);

/*
 * Print the table of guest @domid (0: every guest) to @out.  Returns how
 * many guests were printed; prints nothing for a @domid without consoles.
 */
size_t stats_print(FILE *out, const struct stats_doc *doc, unsigned int domid);

/*
 * Read one whole document from the unix socket @path into a malloc'd,
 * NUL-terminated buffer.  0, or -errno with a reason in @why.
 */
int stats_fetch(const char *path, char **text, size_t *len,
		char *why, size_t why_len);

/* The whole --stats command; returns the exit status (0 or 1). */
int stats_run(const struct cmdline *cmd);

#endif
