// SPDX-License-Identifier: GPL-2.0-only
/*
 * server.c - the ioreq server dm_ops of xen/common/ioreq.c as Arm sees
 * them: create (no bufioreq on stock Xen), get_info, the ioreq page and
 * with our patch the buffered and published pages (acquire_resource),
 * map/unmap of ranges, enable/disable and destroy, with Xen's order of
 * checks and error codes.  The request path is in ioreq.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ioreq_arm_internal.h"

/* HVM_IOREQSRV_BUFIOREQ_*: tools-only, as xenctrl.h asks for them. */
#ifndef __XEN_TOOLS__
#define __XEN_TOOLS__ 1
#endif
#include <xen/hvm/hvm_op.h>

/* XENMEM_resource_ioreq_server_frame_{bufioreq,ioreq(0),published} */
#define FRAME_BUFIOREQ	0
#define FRAME_IOREQ	1
#define FRAME_PUBLISHED	XENMEM_resource_ioreq_server_frame_published

/* get_ioreq_server() plus the emulator check every dm_op makes. */
static int lookup(const struct ioreq_arm_domain *d, uint16_t emulator,
		  ioservid_t id, struct server **s)
{
	if (!d->cfg.ioreq_server_built)
		return -ENOSYS;
	*s = domain_server(d, id);
	if (!*s)
		return -ENOENT;
	if ((*s)->emulator != emulator)
		return -EPERM;
	return 0;
}

static void free_ports(struct ioreq_arm_domain *d, struct server *s,
		       unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		d->ops->evtchn_free(d->ctx, s->vcpu[i].port);
	if (s->bufioreq_port)
		d->ops->evtchn_free(d->ctx, s->bufioreq_port);
	s->bufioreq_port = 0;
}

/* ioreq_server_add_vcpu(): vCPU 0 also gets the buffered ring's port. */
static int alloc_ports(struct ioreq_arm_domain *d, struct server *s)
{
	unsigned int i;
	int port;

	for (i = 0; i < d->cfg.nr_vcpus; i++) {
		port = d->ops->evtchn_alloc(d->ctx, i, s->emulator);
		if (port < 0)
			goto fail;
		s->vcpu[i].port = (uint32_t)port;
		if (i > 0 || !s->bufioreq)
			continue;
		port = d->ops->evtchn_alloc(d->ctx, 0, s->emulator);
		if (port < 0) {
			i++;
			goto fail;
		}
		s->bufioreq_port = (uint32_t)port;
	}
	return 0;
fail:
	free_ports(d, s, i);
	return port;
}

/* 2fbd7e609e refuses the buffered ring on non-x86; our patch allows it. */
static int check_bufioreq(const struct ioreq_arm_domain *d, int handling)
{
	if (handling == HVM_IOREQSRV_BUFIOREQ_OFF)
		return 0;
	return d->cfg.fast_path && handling > 0 &&
	       handling <= HVM_IOREQSRV_BUFIOREQ_ATOMIC ? 0 : -EINVAL;
}

int ioreq_arm_server_create(struct ioreq_arm_domain *d, uint16_t emulator,
			    int bufioreq_handling, ioservid_t *id)
{
	struct server *s;
	ioservid_t i;
	int rc;

	if (!d->cfg.ioreq_server_built)
		return -ENOSYS;
	rc = check_bufioreq(d, bufioreq_handling);
	if (rc)
		return rc;
	s = calloc(1, sizeof(*s) + d->cfg.nr_vcpus * sizeof(s->vcpu[0]));
	if (!s)
		return -ENOMEM;
	for (i = 0; i < IOREQ_ARM_MAX_SERVERS && d->server[i]; i++)
		;
	rc = -ENOSPC;
	if (i == IOREQ_ARM_MAX_SERVERS)
		goto fail;
	s->emulator = emulator;
	s->bufioreq = bufioreq_handling != HVM_IOREQSRV_BUFIOREQ_OFF;
	rc = alloc_ports(d, s);
	if (rc)
		goto fail;
	d->server[i] = s;
	*id = i;
	return 0;
fail:
	free(s);
	return rc;
}

int ioreq_arm_server_get_info(struct ioreq_arm_domain *d, uint16_t emulator,
			      ioservid_t id, bool want_gfns,
			      uint32_t *bufioreq_port)
{
	struct server *s;
	int rc = lookup(d, emulator, id, &s);

	if (rc)
		return rc;
	/* arch_ioreq_server_map_pages() is x86 only. */
	if (want_gfns)
		return -EOPNOTSUPP;
	if (s->bufioreq)
		*bufioreq_port = s->bufioreq_port;
	return 0;
}

/* ioreq_server_update_evtchn() for every vCPU. */
static void publish_ports(struct server *s, unsigned int nr_vcpus)
{
	unsigned int i;

	if (!s->page)
		return;
	for (i = 0; i < nr_vcpus; i++)
		s->page->vcpu_ioreq[i].vp_eport = s->vcpu[i].port;
}

/* A fast-path page: the caller's memory, cleared once, then kept. */
static void *attach_page(void *current, void *page)
{
	if (current || !page)
		return current;
	return memset(page, 0, IOREQ_ARM_PAGE_SIZE);
}

int ioreq_arm_server_map_frame(struct ioreq_arm_domain *d, uint16_t emulator,
			       ioservid_t id, unsigned int frame, void *page)
{
	struct server *s;
	int rc = lookup(d, emulator, id, &s);

	if (rc == -ENOSYS)
		return -EOPNOTSUPP;
	if (rc)
		return rc;
	if (frame == FRAME_BUFIOREQ && s->bufioreq) {
		s->buf_page = attach_page(s->buf_page, page);
		return s->buf_page ? 0 : -EINVAL;
	}
	if (frame == FRAME_PUBLISHED && d->cfg.fast_path) {
		s->published = attach_page(s->published, page);
		return s->published ? 0 : -EINVAL;
	}
	/* ioreq_server_alloc_pages() comes before the frame is looked at. */
	if (!s->page) {
		if (!page)
			return -EINVAL;
		memset(page, 0, IOREQ_ARM_PAGE_SIZE);
		s->page = page;
	}
	if (frame == FRAME_BUFIOREQ)
		return -ENOENT;
	return frame == FRAME_IOREQ ? 0 : -EINVAL;
}

shared_iopage_t *ioreq_arm_server_page(const struct ioreq_arm_domain *d,
				       ioservid_t id)
{
	const struct server *s = domain_server(d, id);

	return s ? s->page : NULL;
}

static int range_lookup(struct ioreq_arm_domain *d, uint16_t emulator,
			ioservid_t id, uint32_t type, uint64_t start,
			uint64_t end, struct io_rangeset **r)
{
	struct server *s;
	int rc;

	if (!d->cfg.ioreq_server_built)
		return -ENOSYS;
	if (start > end)
		return -EINVAL;
	rc = lookup(d, emulator, id, &s);
	if (rc)
		return rc;
	if (type >= NR_IO_RANGE_TYPES)
		return -EINVAL;
	*r = &s->range[type];
	return 0;
}

int ioreq_arm_server_map_range(struct ioreq_arm_domain *d, uint16_t emulator,
			       ioservid_t id, uint32_t type, uint64_t start,
			       uint64_t end)
{
	struct io_rangeset *r;
	int rc = range_lookup(d, emulator, id, type, start, end, &r);

	if (rc)
		return rc;
	if (rangeset_overlaps(r, start, end))
		return -EEXIST;
	return rangeset_add(r, start, end);
}

int ioreq_arm_server_unmap_range(struct ioreq_arm_domain *d,
				 uint16_t emulator, ioservid_t id,
				 uint32_t type, uint64_t start, uint64_t end)
{
	struct io_rangeset *r;
	int rc = range_lookup(d, emulator, id, type, start, end, &r);

	if (rc)
		return rc;
	if (!rangeset_contains(r, start, end))
		return -ENOENT;
	return rangeset_remove(r, start, end);
}

int ioreq_arm_server_set_state(struct ioreq_arm_domain *d, uint16_t emulator,
			       ioservid_t id, bool enabled)
{
	struct server *s;
	int rc = lookup(d, emulator, id, &s);

	if (rc)
		return rc;
	if (enabled && !s->enabled)
		publish_ports(s, d->cfg.nr_vcpus);
	s->enabled = enabled;
	return 0;
}

/*
 * Xen frees each vCPU's ioreq_vcpu and port without waking anyone.  A
 * vCPU blocked in wait_for_io() on this server can only be woken through
 * another server's port, and would then run on freed memory; the model
 * keeps such a vCPU blocked instead.  Pending entries on this server that
 * the vCPU was not yet waiting on just vanish, as in get_pending_vcpu().
 */
static void orphan_waiters(struct ioreq_arm_domain *d, ioservid_t id)
{
	unsigned int i;

	for (i = 0; i < d->cfg.nr_vcpus; i++) {
		struct vcpu *v = &d->vcpu[i];

		if (v->blocked && v->waiting_on == id)
			v->orphaned = true;
	}
}

int ioreq_arm_server_destroy(struct ioreq_arm_domain *d, uint16_t emulator,
			     ioservid_t id)
{
	struct server *s;
	int rc = lookup(d, emulator, id, &s);

	if (rc)
		return rc;
	orphan_waiters(d, id);
	free_ports(d, s, d->cfg.nr_vcpus);
	d->server[id] = NULL;
	free(s);
	return 0;
}
