// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 console kind: a full PL011 r1p5 model per guest, served as
 * the Arm ioreq server for the guest's UART page ("serial/0" in
 * xenstore, so stock `xl console -t serial` finds its tty).
 *
 * Life cycle in the order Xen/Arm needs (xen-upstream.md B2): create the
 * server (no buffered ioreqs on Arm), map its ioreq page, enable it (only
 * then does Xen publish the per-vCPU ports), bind each vCPU's port, claim
 * the MMIO page.  The console's tty key is written after all of this, so
 * a guest that libxl unpauses can never touch an unclaimed UART.
 *
 * Every request is answered, whatever it holds: a malformed one gets a
 * defined value and a counted, rate-limited log line, never a stuck vCPU.
 *
 * Restarts: an ioreq server outlives its process, so the server id, the
 * UART state and undelivered input live in a shared-mapped file in the
 * state directory, updated as they change (two slots, so a kill in the
 * middle of an update leaves the previous one whole).  A daemon that
 * stops parks its servers; the next one adopts them, remaps, rebinds,
 * answers what was in flight and carries on.  At most the request being
 * served at the instant of a kill -9 is repeated.  Output is delivered
 * exactly once: each batch taken from the UART is recorded with the log
 * file's position before it is logged, so a successor can tell whether
 * the log got it.
 *
 * Knows the model only through pl011.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "console.h"
#include "daemon.h"
#include "domain.h"
#include "evtchn.h"
#include "persist.h"
#include "pl011.h"
#include "xen_pl011_place.h"

#include <xen/hvm/ioreq.h>
#include <xen/memory.h>

#define PAGE_SIZE		4096u
#define MAX_VCPUS		(PAGE_SIZE / sizeof(ioreq_t))

/* ioreq_t's state is a 4-bit field in byte 30 (Xen's public ABI). */
_Static_assert(sizeof(ioreq_t) == 32, "ioreq_t is 32 bytes");
#define STATE_BYTE		30
#define STATE_MASK		0x0fu

/*
 * Output pacing.  Output the guest is not waiting for collects in the
 * FIFO: a burst fills it, the guest sees TXFF and turns to the TX
 * interrupt (Linux then writes 16 bytes per interrupt without reading FR,
 * where a FIFO that never fills costs an FR read and a DR write per byte,
 * with interrupts off), and the daemon makes one output pass per FIFO
 * rather than per byte.  pl011_tx_wanted() says when the guest waits;
 * what it leaves behind goes out once it has not touched the UART for
 * TX_QUIET_NS (Linux's tty layer, for one, writes short output and moves
 * on).  Long enough that a vCPU in the middle of a burst never looks
 * quiet, even under emulation (Xen under QEMU TCG: 1-7 ms between two
 * accesses), short enough that nobody typing sees the echo wait.  A guest
 * that never goes quiet and waits in a way the model does not recognise
 * still gets its output after TX_HOLD_MAX_NS: slow, never stuck.  That
 * is longer than filling the FIFO takes under emulation (32 bytes at two
 * accesses each), so Linux still finds TXFF there.
 */
#define TX_QUIET_NS		20000000ull
#define TX_HOLD_MAX_NS		500000000ull

#define SAVED_MAGIC		"XCPL011"
#define SAVED_VERSION		1u

/* Output taken from the UART and not yet known to be in the log. */
struct staged_output {
	uint32_t len;
	uint32_t pad;
	uint64_t log_ino, log_size;	/* the log before it was written */
	uint8_t data[PL011_FIFO_DEPTH];
};

/* The state file; only this host's daemon reads it, so host byte order. */
struct saved_slot {
	uint32_t seq;
	uint32_t input_len;
	uint8_t model[PL011_STATE_SIZE];
	uint8_t input[CONSOLE_INPUT_MAX];
	struct staged_output staged;
};

struct saved {
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

struct vcpu_port {
	struct pl011_console *p;
	unsigned int vcpu;
	uint32_t port;			/* our local port */
	bool bound;
};

struct pl011_console {
	struct console *con;
	struct pl011 uart;
	uint64_t base;
	unsigned int spi;
	ioservid_t id;
	bool have_server;
	xenforeignmemory_resource_handle *res;
	shared_iopage_t *iopage;
	struct vcpu_port *vcpus;
	unsigned int nr_vcpus;
	bool irq_refused;		/* Xen rejected the SPI: reported once */
	struct loop_timer rt_timer;
	struct loop_timer output_timer;	/* output pacing: see TX_QUIET_NS */
	uint64_t last_request_ns;
	uint64_t held_since_ns;		/* output queued since; 0: none */
	struct saved *saved;		/* NULL: no state directory */
	struct staged_output staged;
	bool check_staged;		/* adopted: was staged output logged? */
};

static void persist(struct pl011_console *p);

static struct daemon *daemon_of(const struct pl011_console *p)
{
	return p->con->dom->daemon;
}

static uint32_t domid_of(const struct pl011_console *p)
{
	return p->con->dom->domid;
}

/* ---- configuration --------------------------------------------------------- */

static bool has_key(struct console *con, const char *dir, const char *key)
{
	char path[96];
	char *v;

	snprintf(path, sizeof(path), "%s/%s", con->dom->path, dir);
	v = xen_read(&con->dom->daemon->xen, path, key);
	free(v);
	return v != NULL;
}

/*
 * Which address and SPI, or -ENOENT if this guest gets no PL011: either
 * the toolstack asked for one (serial/0/type = "pl011", optional base and
 * spi), or --pl011=auto and the guest has a PV console but no vuart
 * (libxl writes vuart/0 before console/, so its absence is final then).
 */
static int read_config(struct console *con, uint64_t *base, unsigned int *spi)
{
	struct daemon *d = con->dom->daemon;
	const char *dir = console_xs_dir(con);
	char *type = xen_read(&d->xen, dir, "type");
	bool asked = type && !strcmp(type, "pl011");
	unsigned long v;

	free(type);
	if (d->opt.pl011_mode == PL011_OFF || (type && !asked))
		return -ENOENT;
	if (!asked && (d->opt.pl011_mode != PL011_AUTO ||
		       !has_key(con, "console", "ring-ref") ||
		       has_key(con, "vuart/0", "ring-ref")))
		return -ENOENT;
	*base = d->opt.pl011_base;
	*spi = d->opt.pl011_spi;
	if (asked && xen_read_uint(&d->xen, dir, "base", &v) == 0)
		*base = v;
	if (asked && xen_read_uint(&d->xen, dir, "spi", &v) == 0)
		*spi = xen_pl011_spi_ok(v) ? (unsigned int)v : 0;
	if (!xen_pl011_base_ok(*base) || !xen_pl011_spi_ok(*spi))
		return -EINVAL;
	/* Xen's own vpl011 handler would win over any ioreq server there. */
	if (*base == XEN_GUEST_PL011_BASE && has_key(con, "vuart/0", "ring-ref"))
		return -EADDRINUSE;
	return 0;
}

/* ---- interrupt and time ---------------------------------------------------- */

/*
 * Raise on a rising line or new masked bits (the default vGIC treats each
 * raise as an edge), lower on a falling line (the new vGIC honours it).
 */
static void inject(void *ctx, bool level, bool new_bits)
{
	struct pl011_console *p = ctx;
	struct daemon *d = daemon_of(p);

	(void)new_bits;
	if (p->irq_refused)
		return;
	p->con->stats.irqs += level;
	if (xendevicemodel_set_irq_level(d->xen.xdm, domid_of(p), p->spi,
					 level) == 0)
		return;
	p->irq_refused = true;
	log_msg(LOG_WARNING, "dom%u pl011 console: Xen refused SPI %u (%s); "
		"the UART keeps working for polling drivers", domid_of(p),
		p->spi, strerror(errno));
}

static void update_timer(struct pl011_console *p)
{
	uint64_t deadline = pl011_next_deadline(&p->uart);
	struct loop *loop = daemon_of(p)->loop;

	if (deadline == PL011_NO_DEADLINE)
		loop_timer_disarm(loop, &p->rt_timer);
	else
		loop_timer_arm(loop, &p->rt_timer, deadline);
}

static void rt_due(void *ctx)
{
	struct pl011_console *p = ctx;

	pl011_advance(&p->uart, loop_clock());
	update_timer(p);
	persist(p);
}

/* When output nobody asked for goes out: quiet guest, or long wait. */
static uint64_t output_due(const struct pl011_console *p)
{
	uint64_t quiet = p->last_request_ns + TX_QUIET_NS;
	uint64_t held = p->held_since_ns + TX_HOLD_MAX_NS;

	return quiet < held ? quiet : held;
}

/* After each request: hand output and input over now, later or never. */
static void pace(struct pl011_console *p)
{
	struct console *con = p->con;

	if (pl011_tx_wanted(&p->uart) ||
	    (bytebuf_len(&con->in) && pl011_rx_room(&p->uart))) {
		console_kick(con);
		return;
	}
	if (!pl011_tx_pending(&p->uart)) {
		p->held_since_ns = 0;	/* flushed by the guest, say */
		return;
	}
	if (!p->held_since_ns)
		p->held_since_ns = p->last_request_ns;
	if (!loop_timer_armed(&p->output_timer))
		loop_timer_arm(daemon_of(p)->loop, &p->output_timer,
			       output_due(p));
}

/* Re-armed rather than moved at each request: one timer call per period. */
static void output_timer_due(void *ctx)
{
	struct pl011_console *p = ctx;
	uint64_t due = output_due(p);

	if (!pl011_tx_pending(&p->uart))
		return;			/* pulled meanwhile */
	if (loop_clock() < due)
		loop_timer_arm(daemon_of(p)->loop, &p->output_timer, due);
	else
		console_kick(p->con);
}

/* ---- state kept across restarts ----------------------------------------------- */

static void state_name(const struct pl011_console *p, char *buf, size_t len)
{
	snprintf(buf, len, "pl011-%u", domid_of(p));
}

/* The model's own losses, for the statistics. */
static void uart_counters(struct pl011_console *p)
{
	const struct pl011_stats *m = &p->uart.stats;
	struct console_stats *s = &p->con->stats;

	s->uart_dropped = m->tx_dropped;
	s->uart_overruns = m->rx_overruns;
	s->uart_flushed = m->tx_flushed + m->rx_flushed;
}

/* Fill the slot not in use, then make it current (and count first). */
static void persist(struct pl011_console *p)
{
	struct saved *s = p->saved;
	uint32_t next;
	struct saved_slot *slot;

	uart_counters(p);
	if (!s)
		return;
	next = !__atomic_load_n(&s->current, __ATOMIC_RELAXED);
	slot = &s->slot[next];
	slot->seq = s->slot[!next].seq + 1;
	pl011_save(&p->uart, slot->model, sizeof(slot->model));
	slot->input_len = (uint32_t)bytebuf_copy(&p->con->in, slot->input,
						 sizeof(slot->input));
	slot->staged = p->staged;
	__atomic_store_n(&s->current, next, __ATOMIC_RELEASE);
}

/* Bytes moved: anything staged has been delivered by now. */
static void pl011_save_op(struct console *con)
{
	struct pl011_console *p = con->priv;

	p->staged.len = 0;
	persist(p);
}

/*
 * After a takeover: did the previous daemon log its last batch before it
 * died?  The log file says so if it grew past where it was before the
 * batch (anything of ours written since excluded).  When it cannot tell
 * (no log, or another file now), the batch is delivered again: better
 * twice than lost.
 */
static bool staged_was_logged(const struct pl011_console *p)
{
	const struct logfile *log = &p->con->log;

	return log->fd >= 0 && log->ino == p->staged.log_ino &&
	       log->size_at_open > p->staged.log_size;
}

/* Record a batch before it is logged. */
static void stage(struct pl011_console *p, const uint8_t *buf, size_t n)
{
	const struct logfile *log = &p->con->log;

	p->staged.len = (uint32_t)n;
	p->staged.log_ino = log->ino;
	p->staged.log_size = log->size;
	memcpy(p->staged.data, buf, n);
	persist(p);
}

static bool saved_matches(const struct saved *s, const struct domain *dom)
{
	return !memcmp(s->magic, SAVED_MAGIC, sizeof(s->magic)) &&
	       s->version == SAVED_VERSION && s->domid == dom->domid &&
	       !memcmp(s->handle, dom->handle, sizeof(s->handle)) &&
	       s->current < 2 && s->server_id < 256 &&
	       xen_pl011_spi_ok(s->spi) && xen_pl011_base_ok(s->base);
}

static void record_server(struct pl011_console *p)
{
	struct saved *s = p->saved;

	if (!s)
		return;
	memset(s, 0, sizeof(*s));
	memcpy(s->magic, SAVED_MAGIC, sizeof(s->magic));
	s->version = SAVED_VERSION;
	s->domid = domid_of(p);
	memcpy(s->handle, p->con->dom->handle, sizeof(s->handle));
	s->base = p->base;
	s->spi = p->spi;
	s->server_id = p->id;
	persist(p);
}

/* ---- requests ---------------------------------------------------------------- */

static uint64_t size_mask(uint32_t size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

/* Check and perform one request; returns what a read gets. */
static uint64_t emulate(struct pl011_console *p, const ioreq_t *r)
{
	struct console *con = p->con;
	uint64_t offset = r->addr - p->base;
	uint64_t value = 0;

	if (r->type == IOREQ_TYPE_INVALIDATE)
		return 0;		/* no map cache here to invalidate */
	if (r->type != IOREQ_TYPE_COPY) {
		console_guest_error(con, "unknown ioreq type %u", r->type);
		return 0;
	}
	if (r->count != 1 || r->data_is_ptr || r->df ||
	    (r->size != 1 && r->size != 2 && r->size != 4 && r->size != 8)) {
		console_guest_error(con, "unsupported ioreq: count %u size %u "
				    "data_is_ptr %u", r->count, r->size,
				    r->data_is_ptr);
		return 0;
	}
	if (r->addr < p->base || offset > PL011_MMIO_SIZE - r->size) {
		console_guest_error(con, "ioreq outside the UART page: %#llx",
				    (unsigned long long)r->addr);
		return 0;
	}
	pl011_advance(&p->uart, loop_clock());
	/* Xen 4.17 sends the whole register: mask to the access. */
	if (r->dir == IOREQ_READ)
		value = pl011_read(&p->uart, (uint32_t)offset, r->size);
	else
		pl011_write(&p->uart, (uint32_t)offset, r->size,
			    r->data & size_mask(r->size));
	update_timer(p);
	return value & size_mask(r->size);
}

/* Answer the vCPU's request if one is waiting; false if none was. */
static bool serve(struct pl011_console *p, unsigned int vcpu)
{
	ioreq_t *slot = &p->iopage->vcpu_ioreq[vcpu];
	uint8_t *state = (uint8_t *)slot + STATE_BYTE;
	uint8_t bits = __atomic_load_n(state, __ATOMIC_ACQUIRE);
	uint64_t start = loop_clock();
	ioreq_t req;
	uint64_t value;

	if ((bits & STATE_MASK) != STATE_IOREQ_READY)
		return false;		/* spurious, or already answered */
	p->last_request_ns = start;
	p->con->stats.events++;
	memcpy(&req, slot, sizeof(req));	/* read once: the guest side is Xen's */
	value = emulate(p, &req);
	persist(p);		/* before the answer: a kill repeats, never loses */
	if (req.dir == IOREQ_READ)
		slot->data = value;
	/* Data before state: Xen reads data once it sees IORESP_READY. */
	__atomic_store_n(state, (uint8_t)((bits & ~STATE_MASK) | STATE_IORESP_READY),
			 __ATOMIC_RELEASE);
	/* Our time, not the guest's: the notify may run the guest first. */
	console_timing_add(&p->con->stats.request, loop_clock() - start);
	evtchn_notify(daemon_of(p)->evtchn, p->vcpus[vcpu].port);
	return true;
}

/*
 * A request left by the previous daemon: answer it if waiting, and
 * notify again if it was answered but the notification may not have
 * gone out (Xen re-checks the state, so a spare one is harmless).
 */
static void finish_request(struct pl011_console *p, unsigned int vcpu)
{
	uint8_t *state = (uint8_t *)&p->iopage->vcpu_ioreq[vcpu] + STATE_BYTE;

	if (serve(p, vcpu))
		return;
	if ((__atomic_load_n(state, __ATOMIC_ACQUIRE) & STATE_MASK) ==
	    STATE_IORESP_READY)
		evtchn_notify(daemon_of(p)->evtchn, p->vcpus[vcpu].port);
}

static void vcpu_event(void *ctx, uint32_t port)
{
	struct vcpu_port *vp = ctx;

	(void)port;
	if (serve(vp->p, vp->vcpu))
		pace(vp->p);
}

/* ---- life cycle ---------------------------------------------------------------- */

/* Unbind the vCPUs' ports, answering what waits, and unmap the page. */
static void disconnect(struct pl011_console *p)
{
	struct daemon *d = daemon_of(p);

	for (unsigned int i = 0; p->vcpus && i < p->nr_vcpus; i++) {
		if (!p->vcpus[i].bound)
			continue;
		serve(p, i);		/* never leave a vCPU waiting */
		evtchn_unbind(d->evtchn, p->vcpus[i].port);
	}
	if (p->res)
		xenforeignmemory_unmap_resource(d->xen.xfm, p->res);
	free(p->vcpus);
	p->vcpus = NULL;
	p->res = NULL;
	p->iopage = NULL;
}

/*
 * Stop serving.  A daemon on its way out parks the server for the next
 * one (its guest waits on the UART meanwhile, as with any device model
 * that is down); otherwise the server and its state go.
 */
static void pl011_detach(struct console *con)
{
	struct pl011_console *p = con->priv;
	struct daemon *d = con->dom->daemon;
	bool park = d->exiting && p->saved;
	char name[32];

	if (!p->con)
		return;
	loop_timer_disarm(d->loop, &p->rt_timer);
	loop_timer_disarm(d->loop, &p->output_timer);
	disconnect(p);
	persist(p);
	/* Servers also die with their domain: failure here is harmless. */
	if (p->have_server && !park)
		xendevicemodel_destroy_ioreq_server(d->xen.xdm, con->dom->domid,
						    p->id);
	state_name(p, name, sizeof(name));
	if (p->saved && !park)
		persist_remove(d->state_dirfd, name);
	persist_unmap(p->saved, sizeof(*p->saved));
	memset(p, 0, sizeof(*p));
}

static int bind_vcpus(struct pl011_console *p)
{
	struct daemon *d = daemon_of(p);

	p->vcpus = calloc(p->nr_vcpus, sizeof(*p->vcpus));
	if (!p->vcpus)
		return -ENOMEM;
	for (unsigned int i = 0; i < p->nr_vcpus; i++) {
		struct vcpu_port *vp = &p->vcpus[i];
		int port = evtchn_bind_interdomain(d->evtchn, domid_of(p),
						   p->iopage->vcpu_ioreq[i].vp_eport,
						   vcpu_event, vp);

		if (port < 0)
			return port;
		*vp = (struct vcpu_port){ p, i, (uint32_t)port, true };
	}
	return 0;
}

static int errno_rc(void)
{
	return errno ? -errno : -EIO;
}

/* Map an existing server's ioreq page (by id): shared by start and adopt. */
static int map_page(struct pl011_console *p)
{
	struct daemon *d = daemon_of(p);
	void *page = NULL;

	if (xendevicemodel_nr_vcpus(d->xen.xdm, domid_of(p), &p->nr_vcpus) < 0)
		return errno_rc();
	if (p->nr_vcpus == 0 || p->nr_vcpus > MAX_VCPUS)
		return -ERANGE;
	p->res = xenforeignmemory_map_resource(d->xen.xfm, domid_of(p),
			XENMEM_resource_ioreq_server, p->id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &page,
			PROT_READ | PROT_WRITE, 0);
	if (!p->res)
		return errno_rc();
	p->iopage = page;
	return 0;
}

/* A new server, its page, its ports and the MMIO range, in Xen's order. */
static int start_server(struct pl011_console *p)
{
	xendevicemodel_handle *xdm = daemon_of(p)->xen.xdm;
	uint32_t domid = domid_of(p);
	int rc;

	if (xendevicemodel_create_ioreq_server(xdm, domid,
					       HVM_IOREQSRV_BUFIOREQ_OFF, &p->id) < 0)
		return errno_rc();
	p->have_server = true;
	rc = map_page(p);
	if (rc)
		return rc;
	if (xendevicemodel_set_ioreq_server_state(xdm, domid, p->id, 1) < 0)
		return errno_rc();
	rc = bind_vcpus(p);
	if (rc)
		return rc;
	if (xendevicemodel_map_io_range_to_ioreq_server(xdm, domid, p->id, 1,
			p->base, p->base + XEN_PL011_PAGE_SIZE - 1) < 0)
		return errno_rc();
	record_server(p);
	return 0;
}

/*
 * Take over the server a previous daemon left (enabled, range claimed):
 * its UART state and input back, the page remapped, the ports rebound,
 * and whatever it left in flight answered.
 */
static int adopt_server(struct pl011_console *p)
{
	struct saved *s = p->saved;
	const struct saved_slot *slot = &s->slot[s->current];
	int rc;

	p->base = s->base;
	p->spi = s->spi;
	p->id = (ioservid_t)s->server_id;
	p->have_server = true;
	if (pl011_restore(&p->uart, slot->model, sizeof(slot->model)))
		log_msg(LOG_WARNING, "dom%u pl011 console: saved UART state "
			"rejected, starting from reset", domid_of(p));
	bytebuf_put(&p->con->in, slot->input,
		    slot->input_len < sizeof(slot->input) ? slot->input_len :
							    sizeof(slot->input));
	p->staged = slot->staged;
	if (p->staged.len > sizeof(p->staged.data))
		p->staged.len = 0;
	p->check_staged = p->staged.len != 0;
	rc = map_page(p);
	if (rc == 0)
		rc = bind_vcpus(p);
	if (rc)
		return rc;
	for (unsigned int i = 0; i < p->nr_vcpus; i++)
		finish_request(p, i);
	if (pl011_irq_level(&p->uart))
		inject(p, true, true);	/* it may have been lost with us */
	update_timer(p);
	log_msg(LOG_INFO, "dom%u: PL011 ioreq server %u taken over", domid_of(p),
		p->id);
	return 0;
}

/* Adopt what a previous daemon left, else start anew. */
static int connect(struct pl011_console *p)
{
	struct daemon *d = daemon_of(p);
	bool existed = false;
	char name[32];
	int rc;

	state_name(p, name, sizeof(name));
	if (d->state_dirfd >= 0)
		p->saved = persist_map(d->state_dirfd, name, sizeof(*p->saved),
				       &existed);
	if (existed && saved_matches(p->saved, p->con->dom)) {
		rc = adopt_server(p);
		if (rc == 0)
			return 0;
		log_msg(LOG_WARNING, "dom%u pl011 console: cannot take over "
			"ioreq server %u (%s), starting a new one", domid_of(p),
			p->id, strerror(-rc));
		disconnect(p);		/* whatever the takeover got so far */
		xendevicemodel_destroy_ioreq_server(d->xen.xdm, domid_of(p), p->id);
		p->have_server = false;
		pl011_reset(&p->uart);
	}
	return start_server(p);
}

static int pl011_attach(struct console *con)
{
	struct pl011_console *p = con->priv;
	struct daemon *d = con->dom->daemon;
	uint64_t base;
	unsigned int spi;
	int rc;

	if (p->con)
		return 0;		/* claimed: later key changes are ignored */
	rc = read_config(con, &base, &spi);
	if (rc)
		return rc;
	if (!d->xen.xdm)
		return -ENOSYS;
	p->con = con;
	p->base = base;
	p->spi = spi;
	loop_timer_init(&p->rt_timer, rt_due, p);
	loop_timer_init(&p->output_timer, output_timer_due, p);
	pl011_init(&p->uart, &(struct pl011_config){
		.reset_mode = d->opt.pl011_trm_reset ? PL011_RESET_TRM :
						      PL011_RESET_FIRMWARE,
		.tx_policy = d->opt.pl011_tx_drop ? PL011_TX_DROP : PL011_TX_BLOCK,
		.irq = inject,
		.ctx = p,
	});
	pl011_advance(&p->uart, loop_clock());
	rc = connect(p);
	if (rc) {
		pl011_detach(con);
		return rc;
	}
	log_msg(LOG_INFO, "dom%u: PL011 at %#llx, SPI %u, ioreq server %u, "
		"%u vCPUs", con->dom->domid, (unsigned long long)p->base, p->spi,
		p->id, p->nr_vcpus);
	return 0;
}

static size_t pl011_pull(struct console *con, uint8_t *buf, size_t max)
{
	struct pl011_console *p = con->priv;
	size_t n;

	if (!p->con)
		return 0;
	if (p->check_staged) {
		p->check_staged = false;
		if (!staged_was_logged(p) && p->staged.len <= max) {
			memcpy(buf, p->staged.data, p->staged.len);
			return p->staged.len;	/* still staged: deliver it */
		}
		p->staged.len = 0;
	}
	pl011_advance(&p->uart, loop_clock());
	if (max > sizeof(p->staged.data))
		max = sizeof(p->staged.data);
	n = pl011_tx_pull(&p->uart, buf, max);
	if (n)
		stage(p, buf, n);
	if (!pl011_tx_pending(&p->uart))
		p->held_since_ns = 0;
	return n;
}

static size_t pl011_push(struct console *con, const uint8_t *buf, size_t n)
{
	struct pl011_console *p = con->priv;
	size_t taken;

	if (!p->con)
		return 0;
	pl011_advance(&p->uart, loop_clock());
	taken = pl011_rx_push(&p->uart, buf, n);
	update_timer(p);
	return taken;
}

const struct console_kind console_kind_pl011 = {
	.name = "pl011",
	.xs_dir = "serial/0",
	.log_suffix = "-serial0",
	.priv_size = sizeof(struct pl011_console),
	.attach = pl011_attach,
	.detach = pl011_detach,
	.pull = pl011_pull,
	.push = pl011_push,
	.save = pl011_save_op,
};
