// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 console's state file (see pl011_restart.h).  Only this host's
 * daemon reads it, so it is in host byte order; the model's part is its
 * own versioned blob (pl011_save()).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "log.h"
#include "persist.h"
#include "pl011_restart.h"
#include "xen_pl011_place.h"

#define SAVED_MAGIC	"XCPL011"
#define SAVED_VERSION	3u		/* 3: output and input numbers */

struct saved_output {
	uint32_t len;
	uint32_t pad;
	struct logfile_mark mark;	/* the log before it was written */
	uint8_t data[PL011_FIFO_DEPTH];
};

struct saved_slot {
	uint32_t input_len;
	uint32_t pad;
	uint64_t out_seq, in_seq;	/* pl011_restart.out_seq, in_seq */
	uint8_t model[PL011_STATE_SIZE];
	uint8_t input[CONSOLE_INPUT_MAX];
	struct saved_output staged;
};

/* The header keeps its layout across versions: see pl011_restart_open(). */
struct pl011_saved {
	char magic[8];
	uint32_t version;
	uint32_t domid;
	uint8_t handle[16];		/* the domain instance it belongs to */
	uint64_t base;
	uint32_t spi;
	uint32_t server_id;
	uint32_t current;		/* the slot last completed */
	uint32_t pad;
	struct saved_slot slot[2];
};

static void file_name(uint32_t domid, char *buf, size_t len)
{
	snprintf(buf, len, "pl011-%u", domid);
}

static bool same_instance(const struct pl011_saved *s, uint32_t domid,
			  const uint8_t handle[16])
{
	return !memcmp(s->magic, SAVED_MAGIC, sizeof(s->magic)) &&
	       s->domid == domid && !memcmp(s->handle, handle, sizeof(s->handle));
}

static bool adoptable(const struct pl011_saved *s)
{
	return s->version == SAVED_VERSION && s->current < 2 &&
	       s->server_id < 256 && xen_pl011_spi_ok(s->spi) &&
	       xen_pl011_base_ok(s->base);
}

enum pl011_left pl011_restart_open(struct pl011_restart *r, int dirfd,
				   uint32_t domid, const uint8_t handle[16],
				   const struct pl011 *uart,
				   const struct bytebuf *in,
				   struct pl011_server_place *left)
{
	bool existed = false;
	char name[32];

	memset(r, 0, sizeof(*r));
	memset(left, 0, sizeof(*left));
	r->uart = uart;
	r->in = in;
	if (dirfd < 0)
		return PL011_LEFT_NOTHING;
	file_name(domid, name, sizeof(name));
	r->file = persist_map(dirfd, name, sizeof(*r->file), &existed);
	if (!r->file) {
		log_msg(LOG_WARNING, "dom%u pl011 console: state file %s: %s; "
			"a restart will not find this console's state", domid,
			name, strerror(errno));
		return PL011_LEFT_NOTHING;
	}
	if (!existed || !same_instance(r->file, domid, handle))
		return PL011_LEFT_NOTHING;
	*left = (struct pl011_server_place){
		r->file->base, r->file->spi, r->file->server_id };
	return adoptable(r->file) ? PL011_LEFT_SERVER : PL011_LEFT_STALE;
}

int pl011_restart_restore(struct pl011_restart *r, struct pl011 *uart,
			  struct bytebuf *in)
{
	const struct saved_slot *slot = &r->file->slot[r->file->current];
	size_t input = slot->input_len;
	int rc;

	rc = pl011_restore(uart, slot->model, sizeof(slot->model));
	bytebuf_put(in, slot->input,
		    input < sizeof(slot->input) ? input : sizeof(slot->input));
	r->staged_len = slot->staged.len <= sizeof(r->staged) ?
			slot->staged.len : 0;
	r->staged_mark = slot->staged.mark;
	memcpy(r->staged, slot->staged.data, r->staged_len);
	r->checking = r->staged_len != 0;
	r->out_seq = slot->out_seq;
	r->in_seq = slot->in_seq;
	return rc;
}

/* Fill the slot not in use, then make it current. */
void pl011_restart_save(struct pl011_restart *r)
{
	struct pl011_saved *s = r->file;
	struct saved_slot *slot;
	uint32_t next;

	if (!s)
		return;
	next = !__atomic_load_n(&s->current, __ATOMIC_RELAXED);
	slot = &s->slot[next];
	pl011_save(r->uart, slot->model, sizeof(slot->model));
	slot->input_len = (uint32_t)bytebuf_copy(r->in, slot->input,
						 sizeof(slot->input));
	slot->out_seq = r->out_seq;
	slot->in_seq = r->in_seq;
	slot->staged.len = r->staged_len;
	slot->staged.mark = r->staged_mark;
	memcpy(slot->staged.data, r->staged, r->staged_len);
	__atomic_store_n(&s->current, next, __ATOMIC_RELEASE);
}

void pl011_restart_server(struct pl011_restart *r, uint32_t domid,
			  const uint8_t handle[16],
			  const struct pl011_server_place *place)
{
	struct pl011_saved *s = r->file;

	if (!s)
		return;
	memset(s, 0, sizeof(*s));
	memcpy(s->magic, SAVED_MAGIC, sizeof(s->magic));
	s->version = SAVED_VERSION;
	s->domid = domid;
	memcpy(s->handle, handle, sizeof(s->handle));
	s->base = place->base;
	s->spi = place->spi;
	s->server_id = place->id;
	r->staged_len = 0;
	r->checking = false;
	pl011_restart_save(r);
}

void pl011_restart_stage(struct pl011_restart *r, const uint8_t *buf,
			 size_t n, struct logfile_mark mark)
{
	if (n > sizeof(r->staged))
		n = sizeof(r->staged);	/* a batch is at most a FIFO */
	r->staged_len = (uint32_t)n;
	r->staged_mark = mark;
	memcpy(r->staged, buf, n);
	pl011_restart_save(r);
}

void pl011_restart_delivered(struct pl011_restart *r)
{
	r->staged_len = 0;
	pl011_restart_save(r);
}

size_t pl011_restart_undelivered(struct pl011_restart *r,
				 const struct logfile *log, uint8_t *buf,
				 size_t max)
{
	size_t n = r->staged_len;

	if (logfile_written_after(log, r->staged_mark)) {
		r->checking = false;
		r->staged_len = 0;
		return 0;
	}
	if (n > max)
		return 0;		/* checking still: no room for it yet */
	r->checking = false;
	memcpy(buf, r->staged, n);
	return n;			/* staged until delivered */
}

void pl011_restart_close(struct pl011_restart *r, int dirfd, uint32_t domid,
			 bool keep)
{
	char name[32];

	if (!r->file)
		return;
	pl011_restart_save(r);
	persist_unmap(r->file, sizeof(*r->file));
	r->file = NULL;
	if (keep)
		return;
	file_name(domid, name, sizeof(name));
	persist_remove(dirfd, name);
}
