// SPDX-License-Identifier: GPL-2.0-only
/* A fake ioreq server and set_irq_level (see fake_ioreq.h). */
#include <errno.h>
#include <string.h>

#include "fake_ioreq.h"
#include "pl011_regs.h"

struct fake_ioreq fake_ioreq;

int ioreq_server_init(struct ioreq_server *s, const struct ioreq_env *env,
		      uint32_t domid, const struct mmio_region *region,
		      ioreq_served_fn *served)
{
	memset(s, 0, sizeof(*s));
	s->env = env;
	s->domid = domid;
	s->region = *region;
	s->served = served;
	return 0;
}

/* On with fake_ioreq.fast_path: a page that is never read through. */
void ioreq_server_set_fast(struct ioreq_server *s, bool wanted,
			   ioreq_drained_fn *drained)
{
	static struct ioreq_published_page page;

	s->fast_wanted = wanted;
	s->drained = drained;
	s->fast.page = fake_ioreq.fast_path ? &page : NULL;
}

void ioreq_server_publish(struct ioreq_server *s,
			  const struct ioreq_publication *pub)
{
	(void)s;
	fake_ioreq.published = *pub;
}

/* MIS as the last publication has it with no write pending, or 0. */
static uint32_t published_mis(void)
{
	const struct ioreq_publication *pub = &fake_ioreq.published;

	for (unsigned int i = 0; i < pub->nr_words; i++)
		if (pub->word[i].offset == PL011_MIS)
			return pub->word[i].value[IOREQ_PUBLISHED_IDLE];
	return 0;
}

int ioreq_server_open(struct ioreq_server *s)
{
	s->id = 1;
	s->created = true;
	s->nr_vcpus = 1;
	fake_ioreq.server = s;
	fake_ioreq.opens++;
	return 0;
}

int ioreq_server_adopt(struct ioreq_server *s, ioservid_t id)
{
	s->id = id;
	s->created = true;
	s->nr_vcpus = 1;
	fake_ioreq.server = s;
	fake_ioreq.adopts++;
	return 0;
}

void ioreq_server_answer_left(struct ioreq_server *s)
{
	(void)s;
}

void ioreq_server_discard(const struct ioreq_env *env, uint32_t domid,
			  ioservid_t id)
{
	(void)env;
	(void)domid;
	(void)id;
	fake_ioreq.discards++;
}

void ioreq_server_close(struct ioreq_server *s, bool park)
{
	if (!s->env)
		return;
	fake_ioreq.closes++;
	fake_ioreq.parked = park;
	if (fake_ioreq.server == s)
		fake_ioreq.server = NULL;
	memset(s, 0, sizeof(*s));
}

uint64_t fake_ioreq_access(bool read, uint32_t offset, uint64_t value)
{
	const struct mmio_region *r = &fake_ioreq.server->region;
	struct mmio_served served = { .refused = NULL };

	served.req.addr = r->base + offset;
	served.req.size = 4;
	served.req.count = 1;
	served.req.dir = read ? IOREQ_READ : IOREQ_WRITE;
	if (read)
		value = r->ops->read(r->ctx, offset, 4) & 0xffffffffu;
	else
		r->ops->write(r->ctx, offset, 4, value);
	r->ops->commit(r->ctx);
	fake_ioreq.server->served(r->ctx, &served, 1000);
	return value;
}

int xendevicemodel_set_irq_level(xendevicemodel_handle *dmod, domid_t domid,
				 unsigned int irq, unsigned int level)
{
	(void)dmod;
	(void)domid;
	(void)irq;
	fake_ioreq.irq_calls++;
	if (fake_ioreq.irq_failures > 0) {
		fake_ioreq.irq_failures--;
		errno = ENOMEM;
		return -1;
	}
	fake_ioreq.irq_raises += level;
	if (level && fake_ioreq.fast_path && !published_mis())
		fake_ioreq.raises_unpublished++;
	return 0;
}
