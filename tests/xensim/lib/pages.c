// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page mapping for the simulated grant-table and foreign-memory libraries
 * (see pages.h).  The hypervisor answers a map request with the path of the
 * page's file; the mapping itself is an ordinary mmap of that file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "pages.h"

#define PAGE_SIZE 4096

struct page_range {
	char *addr;
	size_t n;
	uint32_t *domids;	/* per page; UINT32_MAX where unmapped */
	struct page_range *next;
};

static int map_one(struct page_set *set, uint32_t op, uint32_t domid,
		   uint64_t key, char *where, int prot)
{
	struct xensim_req req = { .op = op, .dom = domid, .a = key };
	char path[4096];
	int64_t ret;
	void *p;
	int fd;

	ret = xensim_call(&set->conn, &req, NULL, 0, path, sizeof(path) - 1,
			  NULL);
	if (ret < 0)
		return (int)ret;
	path[sizeof(path) - 1] = '\0';
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		goto fail;
	p = mmap(where, PAGE_SIZE, prot, MAP_SHARED | MAP_FIXED, fd, 0);
	close(fd);
	if (p != MAP_FAILED)
		return 0;
fail:
	ret = -errno;
	xensim_simple(&set->conn, XS_OP_UNMAP, domid, 0, 0, 0, 0);
	return (int)ret;
}

static void release_pages(struct page_set *set, struct page_range *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->domids[i] != UINT32_MAX)
			xensim_simple(&set->conn, XS_OP_UNMAP, r->domids[i],
				      0, 0, 0, 0);
	munmap(r->addr, r->n * PAGE_SIZE);
	free(r->domids);
	free(r);
}

static struct page_range *range_new(size_t n, void *addr, int fixed)
{
	struct page_range *r = calloc(1, sizeof(*r));
	void *base;

	if (!r)
		return NULL;
	r->domids = calloc(n, sizeof(*r->domids));
	base = mmap(addr, n * PAGE_SIZE, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS | (fixed ? MAP_FIXED : 0),
		    -1, 0);
	if (!r->domids || base == MAP_FAILED) {
		free(r->domids);
		free(r);
		return NULL;
	}
	r->addr = base;
	r->n = n;
	return r;
}

void *pages_map(struct page_set *set, uint32_t op, const uint32_t *domids,
		int one_domain, const uint64_t *keys, size_t n, int prot,
		int *errs, void *addr, int fixed)
{
	struct page_range *r = range_new(n, addr, fixed);
	size_t i;
	int err;

	if (!r)
		return NULL;
	for (i = 0; i < n; i++) {
		uint32_t domid = domids[one_domain ? 0 : i];

		err = map_one(set, op, domid, keys[i],
			      r->addr + i * PAGE_SIZE, prot);
		r->domids[i] = err ? UINT32_MAX : domid;
		if (err && (!errs || err == -EPERM))
			goto fail;
		if (errs)
			errs[i] = err;
	}
	r->next = set->ranges;
	set->ranges = r;
	return r->addr;
fail:
	release_pages(set, r);
	errno = -err;
	return NULL;
}

int pages_unmap(struct page_set *set, void *addr, size_t n)
{
	struct page_range **pp, *r;

	for (pp = &set->ranges; (r = *pp); pp = &r->next) {
		if (r->addr == addr && r->n == n) {
			*pp = r->next;
			release_pages(set, r);
			return 0;
		}
	}
	errno = EINVAL;
	return -1;
}

void pages_forget_all(struct page_set *set)
{
	while (set->ranges) {
		struct page_range *r = set->ranges;

		set->ranges = r->next;
		free(r->domids);
		free(r);
	}
}
