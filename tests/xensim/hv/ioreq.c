// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioreq path of the simulated hypervisor, delegated to the Arm model in
 * hypervisor-ioreq-arm/: each guest domain owns one ioreq_arm_domain.  This
 * file turns protocol requests into model calls (dm_ops from
 * libxendevicemodel, ioreq resource maps from libxenforeignmemory, guest
 * MMIO from the guest API) and model callbacks into event channels, page
 * files and deferred replies.  A guest's MMIO is a load/store of X0 with a
 * valid syndrome; the reply waits while the model keeps the vCPU blocked.
 *
 * As on Xen, an ioreq server belongs to the emulator domain (dom0), not
 * to the process that created it: it outlives that process, and any dom0
 * client holding its id may map its page and serve it again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <ioreq_arm.h>
#include <ioreq_published.h>
#include <xen/memory.h>
#include "hv.h"

#define FSC_TRANSLATION_L3 0x07	/* the stage 2 fault of an unmapped IPA */

/* A server's page: our mapping of a page file both sides map. */
struct server_page {
	void *va;
	uint64_t gfn;			/* its file (XENSIM_PRIVATE_GFN + n) */
};

/* Its frames: ioreq, and with the fast path the ring and published. */
enum { PAGE_IOREQ, PAGE_BUFIOREQ, PAGE_PUBLISHED, NR_SERVER_PAGES };

struct server_slot {
	bool in_use;			/* a server has this id */
	struct server_page page[NR_SERVER_PAGES];
};

struct hv_ioreq_state {
	struct ioreq_arm_domain *model;
	struct hv_client *waiting[IOREQ_ARM_MAX_VCPUS];	/* blocked MMIO */
	struct server_slot servers[IOREQ_ARM_MAX_SERVERS];
	uint64_t next_page;
};

static int cb_evtchn_alloc(void *ctx, unsigned int vcpu, uint16_t emulator)
{
	(void)vcpu;
	return hv_port_alloc_xen(ctx, emulator);
}

static void cb_evtchn_free(void *ctx, uint32_t port)
{
	hv_port_close(ctx, port);
}

static void cb_evtchn_notify(void *ctx, uint32_t port)
{
	hv_port_send(ctx, port);
}

static void cb_irq_raised(void *ctx, unsigned int irq)
{
	hv_irq_raised(ctx, irq);
}

static const struct ioreq_arm_ops model_ops = {
	.evtchn_alloc = cb_evtchn_alloc,
	.evtchn_free = cb_evtchn_free,
	.evtchn_notify = cb_evtchn_notify,
	.irq_raised = cb_irq_raised,
};

/*
 * XENSIM_XEN_VERSION=4.18 and XENSIM_NEW_VGIC=1 select the newer models;
 * XENSIM_FAST_PATH=1 a Xen with our patch (fast-path.md).
 */
static void model_config(struct ioreq_arm_config *cfg,
			 const struct hv_domain *d)
{
	const char *version = getenv("XENSIM_XEN_VERSION");
	const char *vgic = getenv("XENSIM_NEW_VGIC");
	const char *fast = getenv("XENSIM_FAST_PATH");

	memset(cfg, 0, sizeof(*cfg));
	cfg->nr_vcpus = d->max_vcpus;
	cfg->nr_spis = d->nr_spis;
	cfg->version = version && strcmp(version, "4.17") ?
		       IOREQ_ARM_XEN_4_18 : IOREQ_ARM_XEN_4_17;
	cfg->vgic = vgic && *vgic == '1' ? IOREQ_ARM_VGIC_NEW :
		    IOREQ_ARM_VGIC_OLD;
	cfg->ioreq_server_built = true;
	cfg->fast_path = fast && *fast == '1';
}

int hv_ioreq_domain_init(struct hv_domain *d, bool vuart)
{
	struct ioreq_arm_config cfg;
	struct hv_ioreq_state *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	model_config(&cfg, d);
	st->model = ioreq_arm_domain_create(&cfg, &model_ops, d);
	if (!st->model) {
		free(st);
		return -errno;
	}
	/* Xen's vpl011 reserves its SPI (domain_vpl011_init). */
	if (vuart && d->nr_spis)
		ioreq_arm_vgic_reserve(st->model, XENSIM_PL011_SPI);
	d->ioreq = st;
	return 0;
}

static void release_server(struct server_slot *s)
{
	for (unsigned int i = 0; i < NR_SERVER_PAGES; i++)
		if (s->page[i].va)
			munmap(s->page[i].va, IOREQ_ARM_PAGE_SIZE);
	memset(s, 0, sizeof(*s));
}

static void answer(struct hv_client *c, int err, uint64_t value)
{
	struct hv_reply r = { .len = sizeof(value) };

	memcpy(r.data, &value, sizeof(value));
	hv_send_reply(c, err, &r);
}

/* What the guest's load/store came to, for an immediate or late reply. */
static int outcome(struct hv_ioreq_state *st, unsigned int vcpu, int ret,
		   uint64_t *value)
{
	switch (ret) {
	case IOREQ_ARM_RUNNING:
		*value = ioreq_arm_vcpu_regs(st->model, vcpu)->x[0];
		return 0;
	case IOREQ_ARM_DABT:
		return -EFAULT;
	case IOREQ_ARM_CRASHED:
		return -EIO;
	case IOREQ_ARM_BLOCKED:
		return HV_DEFERRED;
	default:
		return ret < 0 ? ret : -EPROTO;
	}
}

void hv_ioreq_domain_gone(struct hv_domain *d)
{
	struct hv_ioreq_state *st = d->ioreq;
	unsigned int i;

	if (!st)
		return;
	/* vCPUs blocked on an ioreq die with the domain. */
	for (i = 0; i < IOREQ_ARM_MAX_VCPUS; i++)
		if (st->waiting[i])
			answer(st->waiting[i], -ESRCH, 0);
	ioreq_arm_domain_destroy(st->model);
	for (i = 0; i < IOREQ_ARM_MAX_SERVERS; i++)
		release_server(&st->servers[i]);
	free(st);
	d->ioreq = NULL;
}

static void client_gone_from(struct hv_domain *d, struct hv_client *c)
{
	struct hv_ioreq_state *st = d->ioreq;
	unsigned int i;

	/* Only the guest's MMIO waits die with a connection: servers stay. */
	for (i = 0; i < IOREQ_ARM_MAX_VCPUS; i++)
		if (st->waiting[i] == c)
			st->waiting[i] = NULL;
}

void hv_ioreq_client_gone(struct hv_client *c)
{
	uint32_t domid;

	for (domid = 1; domid < XENSIM_MAX_DOMAINS; domid++) {
		struct hv_domain *d = hv_domain_get(domid);

		if (d && d->ioreq)
			client_gone_from(d, c);
	}
}

void hv_ioreq_port_notified(struct hv_domain *d, uint32_t port)
{
	struct hv_ioreq_state *st = d->ioreq;
	unsigned int vcpu;
	uint64_t value = 0;
	int ret, err;

	if (!st)
		return;
	ret = ioreq_arm_evtchn_send(st->model, port, &vcpu);
	if (ret < 0 || ret == IOREQ_ARM_BLOCKED || !st->waiting[vcpu])
		return;
	err = outcome(st, vcpu, ret, &value);
	answer(st->waiting[vcpu], err, value);
	st->waiting[vcpu] = NULL;
}

HV_OP(mmio)
{
	struct hv_domain *d = hv_domain_get(c->domid);
	struct ioreq_arm_dabt dabt = { .dfsc = FSC_TRANSLATION_L3 };
	struct ioreq_arm_access acc = { .ipa = req->b, .far = req->b };
	unsigned int vcpu = (unsigned int)req->a;
	uint64_t value = 0;
	int ret;

	(void)data;
	if (!d || d->dying || !d->ioreq)
		return -ESRCH;
	if (vcpu >= d->max_vcpus)
		return -EINVAL;
	dabt.write = !!(req->c & XS_MMIO_WRITE);
	dabt.size = (unsigned int)(req->c & 0xf);
	dabt.sixty_four = dabt.size == 8;
	dabt.valid = true;
	dabt.len32 = true;
	acc.esr = ioreq_arm_dabt_encode(&dabt);
	ioreq_arm_vcpu_regs(d->ioreq->model, vcpu)->x[0] =
		dabt.write ? req->d : 0;
	ret = outcome(d->ioreq, vcpu,
		      ioreq_arm_guest_access(d->ioreq->model, vcpu, &acc),
		      &value);
	if (ret == HV_DEFERRED)
		d->ioreq->waiting[vcpu] = c;
	memcpy(r->data, &value, sizeof(value));
	r->len = sizeof(value);
	return ret;
}

/* A server's page: a page file that both sides map. */
static int server_page(struct hv_domain *d, struct server_page *p)
{
	char path[4096];
	void *va;
	int fd, err;

	if (p->va)
		return 0;
	p->gfn = XENSIM_PRIVATE_GFN + d->ioreq->next_page++;
	err = hv_domain_add_page(d, p->gfn);
	if (err)
		return err;
	hv_page_path(d, p->gfn, path, sizeof(path));
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	va = mmap(NULL, IOREQ_ARM_PAGE_SIZE, PROT_READ | PROT_WRITE,
		  MAP_SHARED, fd, 0);
	close(fd);
	if (va == MAP_FAILED)
		return -errno;
	p->va = va;
	return 0;
}

/* Which of a server's pages a resource frame is. */
static struct server_page *frame_page(struct server_slot *s,
				      unsigned int frame)
{
	switch (frame) {
	case XENMEM_resource_ioreq_server_frame_bufioreq:
		return &s->page[PAGE_BUFIOREQ];
	case XENMEM_resource_ioreq_server_frame_published:
		return &s->page[PAGE_PUBLISHED];
	default:
		return &s->page[PAGE_IOREQ];
	}
}

static int map_resource(struct hv_client *c, struct hv_domain *d,
			uint64_t key, struct hv_reply *r)
{
	ioservid_t id = (ioservid_t)(key >> 32);
	unsigned int frame = (unsigned int)key;
	struct server_page *p;
	struct server_slot *s;
	int err;

	if (id >= IOREQ_ARM_MAX_SERVERS)
		return -EINVAL;
	s = &d->ioreq->servers[id];
	if (!s->in_use)
		return -ENOENT;
	p = frame_page(s, frame);
	err = server_page(d, p);
	if (!err)
		err = ioreq_arm_server_map_frame(d->ioreq->model,
						 (uint16_t)c->domid, id, frame,
						 p->va);
	return err ? err : hv_map_page(c, d, p->gfn, r);
}

static int create_server(struct hv_client *c, struct hv_domain *d,
			 const struct xensim_req *req, struct hv_reply *r)
{
	ioservid_t id;
	int err;

	err = ioreq_arm_server_create(d->ioreq->model, (uint16_t)c->domid,
				      (int)req->a, &id);
	if (err)
		return err;
	d->ioreq->servers[id].in_use = true;
	r->val = id;
	return 0;
}

static int destroy_server(struct hv_client *c, struct hv_domain *d,
			  ioservid_t id)
{
	int err = ioreq_arm_server_destroy(d->ioreq->model,
					   (uint16_t)c->domid, id);

	if (!err)
		release_server(&d->ioreq->servers[id]);
	return err;
}

HV_OP(ioreq)
{
	struct hv_domain *d = hv_domain_get(req->dom);
	struct ioreq_arm_domain *m;
	struct xensim_ioreq_info info = { 0 };
	ioservid_t id = (ioservid_t)req->a;
	uint16_t self = (uint16_t)c->domid;
	int err;

	(void)data;
	if (!d || d->dying || !d->ioreq)
		return -ESRCH;
	m = d->ioreq->model;
	switch (req->op) {
	case XS_OP_IOREQ_CREATE:
		return create_server(c, d, req, r);
	case XS_OP_IOREQ_INFO:
		err = ioreq_arm_server_get_info(m, self, id, false,
						&info.bufioreq_port);
		memcpy(r->data, &info, sizeof(info));
		r->len = sizeof(info);
		return err;
	case XS_OP_IOREQ_MAP_RANGE:
		if (req->d)
			return ioreq_arm_server_map_range(m, self, id,
					XEN_DMOP_IO_RANGE_MEMORY, req->b, req->c);
		return ioreq_arm_server_unmap_range(m, self, id,
				XEN_DMOP_IO_RANGE_MEMORY, req->b, req->c);
	case XS_OP_IOREQ_STATE:
		return ioreq_arm_server_set_state(m, self, id, req->b);
	case XS_OP_IOREQ_DESTROY:
		return id < IOREQ_ARM_MAX_SERVERS ? destroy_server(c, d, id) :
		       -ENOENT;
	case XS_OP_IOREQ_RESOURCE_SIZE:
		/* The bufioreq page and one ioreq page (128 vCPUs fit). */
		r->val = 2;
		return 0;
	default:	/* XS_OP_IOREQ_RESOURCE */
		return map_resource(c, d, req->a, r);
	}
}

int hv_ioreq_irq_op(struct hv_client *c, struct hv_domain *d,
		    const struct xensim_req *req, struct hv_reply *r)
{
	unsigned int nr;
	int err;

	(void)c;
	switch (req->op) {
	case XS_OP_SET_IRQ_LEVEL:
		return ioreq_arm_set_irq_level(d->ioreq->model,
					       (unsigned int)req->a,
					       (unsigned int)req->b);
	case XS_OP_NR_VCPUS:
		err = ioreq_arm_nr_vcpus(d->ioreq->model, &nr);
		r->val = nr;
		return err;
	default:	/* XS_OP_SPI_ACK */
		err = ioreq_arm_vgic_ack(d->ioreq->model, (unsigned int)req->a);
		return err ? err : ioreq_arm_vgic_eoi(d->ioreq->model,
						      (unsigned int)req->a);
	}
}
