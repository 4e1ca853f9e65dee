// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domain discovery and the domain table (see domain.h).
 *
 * The table is indexed by domid, so a watch or an event finds its domain
 * in O(1).  A new domain is looked for only above the highest domid seen
 * (Xen hands domids out in increasing order), with a full scan only when
 * that finds nothing (wrap-around, or a toolstack picking domids);
 * @releaseDomain needs the full scan to see who died.  One hypercall
 * covers 256 domains, where stock 4.17 makes one per domain and then
 * searches a list for each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "domain.h"
#include "log.h"
#include "xen.h"

#define SCAN_BATCH	256u
#define DOMID_LIMIT	DOMID_FIRST_RESERVED

void domains_init(struct domains *t, const struct console_env *env)
{
	*t = (struct domains){ .env = env };
}

static void read_name(struct domains *t, struct domain *dom)
{
	free(dom->name);
	dom->name = xen_read(t->env->xen, dom->path, "name");
}

static struct domain *lookup(const struct domains *t, uint32_t domid)
{
	return domid < t->size ? t->table[domid] : NULL;
}

struct domain *domains_next(const struct domains *t, uint32_t *domid)
{
	for (; *domid < t->size; ++*domid)
		if (t->table[*domid])
			return t->table[*domid];
	return NULL;
}

static int table_reserve(struct domains *t, uint32_t domid)
{
	uint32_t n = t->size ? t->size : 64;
	struct domain **table;

	if (domid < t->size)
		return 0;
	while (n <= domid)
		n *= 2;
	if (n > DOMID_LIMIT)
		n = DOMID_LIMIT;
	table = realloc(t->table, n * sizeof(*table));
	if (!table)
		return -ENOMEM;
	memset(table + t->size, 0, (n - t->size) * sizeof(*table));
	t->table = table;
	t->size = n;
	return 0;
}

/* Attach whatever consoles the toolstack has set up so far. */
static void refresh(struct domains *t, struct domain *dom)
{
	read_name(t, dom);
	for (size_t i = 0; i < console_nr_kinds; i++) {
		struct console *con = dom->consoles[i];
		int rc = console_attach(con);

		if (rc == -ENOENT)
			continue;	/* not set up by the toolstack yet */
		/* What the guest's keys say is the guest's; the rest ours. */
		if (rc == -EINVAL || rc == -EADDRINUSE)
			console_guest_error(con, "cannot connect: %s",
					    strerror(-rc));
		else if (rc)
			console_daemon_error(con, "cannot connect: %s",
					     strerror(-rc));
	}
}

static void destroy(struct domains *t, struct domain *dom, bool park)
{
	for (size_t i = 0; i < console_nr_kinds && dom->consoles[i]; i++) {
		xs_unwatch(t->env->xen->xs, dom->consoles[i]->xs_dir,
			   dom->token);
		console_destroy(dom->consoles[i], park);
	}
	t->table[dom->domid] = NULL;
	free(dom->consoles);
	free(dom->name);
	free(dom);
}

static struct domain *create(struct domains *t, uint32_t domid,
			     const uint8_t handle[16])
{
	struct domain *dom;

	if (table_reserve(t, domid))
		return NULL;
	dom = calloc(1, sizeof(*dom));
	if (!dom)
		return NULL;
	dom->consoles = calloc(console_nr_kinds, sizeof(*dom->consoles));
	if (!dom->consoles) {
		free(dom);
		return NULL;
	}
	dom->domid = domid;
	memcpy(dom->handle, handle, sizeof(dom->handle));
	snprintf(dom->path, sizeof(dom->path), "/local/domain/%u", domid);
	snprintf(dom->token, sizeof(dom->token), "dom%u", domid);
	t->table[domid] = dom;
	for (size_t i = 0; i < console_nr_kinds; i++) {
		dom->consoles[i] = console_create(t->env, domid, handle,
						  console_kinds[i]);
		if (!dom->consoles[i] ||
		    !xs_watch(t->env->xen->xs, dom->consoles[i]->xs_dir,
			      dom->token)) {
			log_msg(LOG_ERR, "dom%u: cannot set up its consoles", domid);
			destroy(t, dom, false);
			return NULL;
		}
	}
	log_msg(LOG_INFO, "dom%u: found", domid);
	refresh(t, dom);
	return dom;
}

/* One batch of domains from first on; returns the next domid to ask
 * for, or 0 when there are no more. */
static uint32_t scan_batch(struct domains *t, uint32_t first, bool *found_new)
{
	xc_domaininfo_t info[SCAN_BATCH];
	int n = xen_domains(t->env->xen, first, info, SCAN_BATCH);

	if (n < 0) {
		log_msg(LOG_ERR, "cannot list domains: %s", strerror(-n));
		return 0;
	}
	for (int i = 0; i < n; i++) {
		uint32_t domid = info[i].domain;
		struct domain *dom = lookup(t, domid);

		if (domid == 0 || domid >= DOMID_LIMIT)
			continue;		/* dom0 has no console here */
		if (info[i].flags & XEN_DOMINF_dying) {
			if (dom)
				destroy(t, dom, false);
			continue;
		}
		if (!dom) {
			dom = create(t, domid, info[i].handle);
			*found_new = true;
		}
		if (dom)
			dom->seen = t->scan_gen;
		if (domid >= t->next_domid)
			t->next_domid = domid + 1;
	}
	return n == (int)SCAN_BATCH ? info[n - 1].domain + 1 : 0;
}

static void scan_from(struct domains *t, uint32_t first, bool *found_new)
{
	while (first && first < DOMID_LIMIT)
		first = scan_batch(t, first, found_new);
}

void domains_scan(struct domains *t, bool introduced)
{
	bool found_new = false;
	struct domain *dom;

	t->scan_gen++;
	if (introduced && t->next_domid > 1) {
		scan_from(t, t->next_domid, &found_new);
		if (found_new)
			return;
	}
	scan_from(t, 1, &found_new);
	/* Gone without ever showing as dying (stock fix 2b5fb80ff7). */
	for (uint32_t domid = 1; (dom = domains_next(t, &domid)); domid++)
		if (dom->seen != t->scan_gen)
			destroy(t, dom, false);
}

void domains_watch_fired(struct domains *t, const char *token)
{
	unsigned int domid;
	char tail;
	struct domain *dom;

	if (sscanf(token, "dom%u%c", &domid, &tail) != 1)
		return;
	dom = lookup(t, domid);
	if (dom)
		refresh(t, dom);
}

void domains_reopen_logs(struct domains *t)
{
	struct domain *dom;

	for (uint32_t domid = 1; (dom = domains_next(t, &domid)); domid++) {
		read_name(t, dom);
		for (size_t i = 0; i < console_nr_kinds; i++)
			console_reopen_log(dom->consoles[i]);
	}
}

void domains_destroy_all(struct domains *t, bool park)
{
	struct domain *dom;

	for (uint32_t domid = 1; (dom = domains_next(t, &domid)); domid++)
		destroy(t, dom, park);
	free(t->table);
	t->table = NULL;
	t->size = 0;
}
