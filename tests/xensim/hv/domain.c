// SPDX-License-Identifier: GPL-2.0-only
/*
 * Domains of the simulated hypervisor: create, pause, destroy, getinfo, and
 * their memory.  Each guest page is one file, $XENSIM_DIR/mem/d<domid>/<gfn>,
 * so that a grant or foreign map is a real MAP_SHARED mmap of the page the
 * guest writes.  A destroyed domain stays "dying" until the last foreign
 * mapping of it is dropped, as in Xen.  Event channels live in evtchn.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdint.h>
#include <xen/xen.h>
#include "hv.h"

#define PAGE_SIZE 4096

struct hv_domain hv_domains[XENSIM_MAX_DOMAINS];
static uint32_t next_domid = 1;

struct hv_domain *hv_domain_get(uint32_t domid)
{
	if (domid >= XENSIM_MAX_DOMAINS || !hv_domains[domid].exists)
		return NULL;
	return &hv_domains[domid];
}

static void domain_dir(uint32_t domid, char *buf, size_t size)
{
	snprintf(buf, size, "%s/mem/d%u", hv_dir, domid);
}

int hv_page_path(const struct hv_domain *d, uint64_t gfn, char *buf,
		 size_t size)
{
	unsigned int i;

	for (i = 0; i < d->nr_pages; i++) {
		if (d->gfns[i] == gfn) {
			snprintf(buf, size, "%s/mem/d%u/%llx", hv_dir, d->domid,
				 (unsigned long long)gfn);
			return 0;
		}
	}
	return -EINVAL;
}

int hv_domain_add_page(struct hv_domain *d, uint64_t gfn)
{
	char path[4096];
	int fd;

	if (hv_page_path(d, gfn, path, sizeof(path)) == 0)
		return -EEXIST;
	if (d->nr_pages == XENSIM_MAX_PAGES)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/mem/d%u/%llx", hv_dir, d->domid,
		 (unsigned long long)gfn);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	if (ftruncate(fd, PAGE_SIZE) < 0) {
		close(fd);
		return -errno;
	}
	close(fd);
	d->gfns[d->nr_pages++] = gfn;
	return 0;
}

static struct hv_domain *domain_alloc(void)
{
	char path[4096];
	uint32_t i, domid;

	/* Like Xen, hand out increasing domids and only then wrap. */
	for (i = 0; i < XENSIM_MAX_DOMAINS - 1; i++) {
		domid = next_domid;
		next_domid = next_domid + 1 < XENSIM_MAX_DOMAINS ?
			     next_domid + 1 : 1;
		if (!hv_domains[domid].exists)
			break;
	}
	if (hv_domains[domid].exists)
		return NULL;
	memset(&hv_domains[domid], 0, sizeof(hv_domains[domid]));
	hv_domains[domid].domid = domid;
	domain_dir(domid, path, sizeof(path));
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return NULL;
	hv_domains[domid].exists = true;
	return &hv_domains[domid];
}

/*
 * dom0 gets the page and the unbound port that a dom0 kernel would expose
 * as /proc/xen/xsd_kva and /proc/xen/xsd_port for xenstored; both are
 * published as files in the state directory.
 */
int hv_domain_init_dom0(void)
{
	struct hv_domain *d = &hv_domains[0];
	char path[4096];
	FILE *f;
	int port;

	snprintf(path, sizeof(path), "%s/mem", hv_dir);
	mkdir(path, 0700);
	domain_dir(0, path, sizeof(path));
	mkdir(path, 0700);
	d->exists = true;
	d->max_vcpus = 1;
	if (hv_domain_add_page(d, XENSIM_XENSTORE_GFN) < 0)
		goto fail;
	port = hv_port_alloc_unbound(d, 0, NULL);
	snprintf(path, sizeof(path), "%s/xsd_port", hv_dir);
	f = fopen(path, "w");
	if (port < 0 || !f)
		goto fail;
	fprintf(f, "%d", port);
	fclose(f);
	return 0;
fail:
	hv_log("cannot set up dom0 in %s: %s", hv_dir, strerror(errno));
	return -1;
}

HV_OP(domain_create)
{
	struct hv_domain *d;

	(void)c;
	(void)data;
	if (!req->a || req->a > XENSIM_MAX_VCPUS || req->b > 988)
		return -EINVAL;
	d = domain_alloc();
	if (!d)
		return -ENOSPC;
	d->max_vcpus = (uint32_t)req->a;
	d->nr_spis = (uint32_t)req->b;
	d->paused = true;
	if (hv_ioreq_domain_init(d, req->c & XS_CREATE_VUART) < 0) {
		d->exists = false;
		return -ENOMEM;
	}
	r->val = d->domid;
	hv_conring_printf("(XEN) xensim: created d%u\n", d->domid);
	return 0;
}

static void remove_domain_files(struct hv_domain *d)
{
	char path[4096];
	unsigned int i;

	for (i = 0; i < d->nr_pages; i++) {
		hv_page_path(d, d->gfns[i], path, sizeof(path));
		unlink(path);
	}
	domain_dir(d->domid, path, sizeof(path));
	rmdir(path);
}

/* The last reference is gone: the domain leaves getinfo's list. */
static void maybe_finish_destroy(struct hv_domain *d)
{
	if (!d->dying || d->maps)
		return;
	d->exists = false;
	hv_conring_printf("(XEN) xensim: d%u destroyed\n", d->domid);
	hv_virq_raise(VIRQ_DOM_EXC);
}

HV_OP(domain_destroy)
{
	struct hv_domain *d = hv_domain_get(req->dom);

	(void)c;
	(void)data;
	(void)r;
	if (!d || !req->dom)
		return -ESRCH;
	if (d->dying)
		return 0;
	d->dying = true;
	hv_ioreq_domain_gone(d);
	hv_irq_domain_gone(d);
	hv_ports_close_domain(d);
	if (d->guest && d->guest->event_fd >= 0) {
		/* The guest's vCPUs are gone: its event pipe reads EOF. */
		close(d->guest->event_fd);
		d->guest->event_fd = -1;
	}
	d->guest = NULL;
	remove_domain_files(d);
	hv_virq_raise(VIRQ_DOM_EXC);
	maybe_finish_destroy(d);
	return 0;
}

HV_OP(domain_pause)
{
	struct hv_domain *d = hv_domain_get(req->dom);

	(void)c;
	(void)data;
	(void)r;
	if (!d || !req->dom)
		return -ESRCH;
	d->paused = req->op == XS_OP_DOMAIN_PAUSE;
	return 0;
}

HV_OP(domain_info)
{
	struct xensim_dominfo info;
	uint32_t domid;

	(void)c;
	(void)data;
	for (domid = (uint32_t)req->a;
	     domid < XENSIM_MAX_DOMAINS && r->len / sizeof(info) < req->b;
	     domid++) {
		const struct hv_domain *d = hv_domain_get(domid);

		if (!d)
			continue;
		info = (struct xensim_dominfo){
			.domid = domid,
			.flags = (d->dying ? XS_DOM_DYING : 0) |
				 (d->paused ? XS_DOM_PAUSED : 0),
			.max_vcpus = d->max_vcpus,
			.nr_spis = d->nr_spis,
			.nr_pages = d->nr_pages,
		};
		if (r->len + sizeof(info) > sizeof(r->data))
			break;
		memcpy(r->data + r->len, &info, sizeof(info));
		r->len += sizeof(info);
	}
	r->val = r->len / sizeof(info);
	return 0;
}

HV_OP(page_add)
{
	struct hv_domain *d = hv_domain_get(req->dom);

	(void)c;
	(void)data;
	(void)r;
	if (!d || d->dying)
		return -ESRCH;
	return hv_domain_add_page(d, req->a);
}

HV_OP(grant_set)
{
	struct hv_domain *d = hv_domain_get(req->dom);

	(void)c;
	(void)data;
	(void)r;
	if (!d || d->dying)
		return -ESRCH;
	if (req->a >= XENSIM_MAX_GRANTS)
		return -EINVAL;
	if (hv_page_path(d, req->b, r->data, sizeof(r->data)) < 0)
		return -EINVAL;
	d->grants[req->a] = req->b + 1;
	return 0;
}

int hv_map_page(struct hv_client *c, struct hv_domain *d, uint64_t gfn,
		struct hv_reply *r)
{
	int err = hv_page_path(d, gfn, r->data, sizeof(r->data));

	if (err)
		return err;
	r->len = (uint32_t)strlen(r->data) + 1;
	if (d->domid != c->domid) {
		c->maps[d->domid]++;
		d->maps++;
	}
	return 0;
}

/*
 * Grant map (by reference) and foreign map (by gfn) both answer with the
 * page's file; the caller mmaps it.  A guest may only map its own pages.
 */
HV_OP(map)
{
	struct hv_domain *d = hv_domain_get(c->domid ? c->domid : req->dom);
	uint64_t gfn = req->a;

	(void)data;
	if (!d || d->dying)
		return -ESRCH;
	if (req->op == XS_OP_MAP_GRANT) {
		if (req->a >= XENSIM_MAX_GRANTS || !d->grants[req->a])
			return -EINVAL;
		gfn = d->grants[req->a] - 1;
	}
	if (gfn >= XENSIM_PRIVATE_GFN)
		return -EINVAL;
	return hv_map_page(c, d, gfn, r);
}

HV_OP(unmap)
{
	uint32_t domid = req->dom;
	struct hv_domain *d = hv_domain_get(domid);

	(void)data;
	(void)r;
	if (domid == c->domid)
		return 0;
	if (!d || !c->maps[domid])
		return -EINVAL;
	c->maps[domid]--;
	d->maps--;
	maybe_finish_destroy(d);
	return 0;
}

void hv_domain_client_gone(struct hv_client *c)
{
	uint32_t domid;

	for (domid = 0; domid < XENSIM_MAX_DOMAINS; domid++) {
		struct hv_domain *d = hv_domain_get(domid);

		if (d && d->guest == c)
			d->guest = NULL;
		if (!d || !c->maps[domid])
			continue;
		d->maps -= c->maps[domid];
		c->maps[domid] = 0;
		maybe_finish_destroy(d);
	}
}

HV_OP(param)
{
	struct hv_domain *d = hv_domain_get(c->domid ? c->domid : req->dom);

	(void)data;
	if (!d || d->dying)
		return -ESRCH;
	if (req->a >= XENSIM_NR_PARAMS)
		return -EINVAL;
	if (req->op == XS_OP_PARAM_SET)
		d->params[req->a] = req->b;
	r->val = d->params[req->a];
	return 0;
}
