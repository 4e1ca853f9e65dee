/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest domains as the daemon sees them: discovery through xenstore's
 * @introduceDomain/@releaseDomain, one watch per domain on each of its
 * console directories, and the consoles each domain owns (one per kind).
 * Knows the kinds only through console.h.
 */
#ifndef DOMAIN_H
#define DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

struct console;
struct daemon;

struct domain {
	struct daemon *daemon;
	uint32_t domid;
	char path[32];			/* /local/domain/N */
	char token[16];			/* watch token "domN" */
	uint8_t handle[16];		/* Xen's UUID: tells a reused domid apart */
	struct console **consoles;	/* console_nr_kinds entries */
	unsigned int seen;		/* scan generation it was last seen in */
};

/* The domain's name from xenstore (caller frees), or NULL. */
char *domain_read_name(const struct domain *dom);

/* Look for new and dead domains (on start and on every domain event). */
void domains_scan(struct daemon *d, bool introduced);

/* A watch fired with token "domN": its consoles may have appeared. */
void domains_watch_fired(struct daemon *d, const char *token);

/* Reopen every log (SIGHUP). */
void domains_reopen_logs(struct daemon *d);

/* Tear every domain down (shutdown). */
void domains_destroy_all(struct daemon *d);

#endif
