/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest domains as the daemon sees them: discovery through xenstore's
 * @introduceDomain/@releaseDomain, one watch per domain on each of its
 * console directories, and the consoles each domain owns (one per kind).
 * The table of domains is this module's alone: others walk it with
 * domains_next().  Knows the kinds only through console.h.
 */
#ifndef DOMAIN_H
#define DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

struct console;
struct console_env;

struct domain {
	uint32_t domid;
	char path[32];			/* /local/domain/N */
	char token[16];			/* watch token "domN" */
	uint8_t handle[16];		/* Xen's UUID: tells a reused domid apart */
	struct console **consoles;	/* console_nr_kinds entries */
	unsigned int seen;		/* scan generation it was last seen in */
	/* Read when its logs are named (its console keys change, SIGHUP),
	 * so that statistics need no xenstore read per domain.  NULL: none. */
	char *name;
};

struct domains {
	const struct console_env *env;	/* what their consoles are given */
	struct domain **table;		/* indexed by domid */
	uint32_t size;			/* table size */
	uint32_t next_domid;		/* where introduce scans start */
	unsigned int scan_gen;
};

void domains_init(struct domains *t, const struct console_env *env);

/* The first domain from *domid on, which *domid is left naming; NULL at
 * the end.  Walk all with: for (id = 0; (dom = domains_next(t, &id)); id++) */
struct domain *domains_next(const struct domains *t, uint32_t *domid);

/* Look for new and dead domains (on start and on every domain event). */
void domains_scan(struct domains *t, bool introduced);

/* A watch fired with token "domN": its consoles may have appeared. */
void domains_watch_fired(struct domains *t, const char *token);

/* Reopen every log (SIGHUP). */
void domains_reopen_logs(struct domains *t);

/*
 * Tear every domain down; park: the daemon is on its way out, and what a
 * successor can adopt is left for it (console_kind.detach).
 */
void domains_destroy_all(struct domains *t, bool park);

#endif
