// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest's PL011 as a host runs it (see pl011_host.h): the model's
 * registers as the ioreq server's MMIO ops, its interrupt line as an SPI,
 * its receive timeout on the loop, and when to take its output (host
 * policy, pl011_pacing.h).  Knows the model only through pl011.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "pl011_host.h"
#include "pl011_publish.h"
#include "xen_pl011_place.h"

#define IRQ_RETRY_MS		1000u

/* The model's own losses, for the statistics. */
void pl011_host_counters(struct pl011_host *p)
{
	const struct pl011_stats *m = &p->uart.stats;
	struct console_stats *s = p->stats;

	s->uart_dropped = m->tx_dropped;
	s->uart_overruns = m->rx_overruns;
	s->uart_flushed = m->tx_flushed + m->rx_flushed;
	s->notify_failures = p->server.notify_failures;
	s->fast_path = ioreq_server_fast(&p->server) && p->fast_path;
}

/* ---- interrupt and time ---------------------------------------------------- */

/*
 * Xen's view of the line.  A refusal is counted and reported, and the
 * line is set again a while later: an interrupt lost to a passing failure
 * must not leave a guest waiting, nor a lasting one (an SPI outside the
 * guest's vGIC) cost a hypercall per change.
 */
static void inject(struct pl011_host *p, bool level)
{
	int err;

	if (loop_timer_armed(&p->irq_retry))
		return;			/* set again when it fires */
	p->stats->irqs += level;
	if (xendevicemodel_set_irq_level(p->ioreq_env.xdm, p->domid, p->spi,
					 level) == 0)
		return;
	err = errno;
	if (p->stats->irq_refusals++ == 0)
		log_msg(LOG_WARNING, "dom%u pl011 console: Xen refused SPI %u "
			"(%s); the line is set again every %u ms, polling "
			"drivers work meanwhile", p->domid, p->spi,
			strerror(err), IRQ_RETRY_MS);
	loop_timer_arm(p->ioreq_env.loop, &p->irq_retry,
		       loop_clock() + IRQ_RETRY_MS * 1000000ull);
}

static void irq_retry_due(void *ctx)
{
	struct pl011_host *p = ctx;

	inject(p, pl011_irq_level(&p->uart));
}

/*
 * The model's irq callback: noted here, sent by line_send() once the
 * state that moved the line is published.  With the fast path a guest
 * woken by the interrupt reads RIS and MIS from the published page; an
 * interrupt ahead of the publication finds nothing there (Linux's
 * pl011_int() returns IRQ_NONE) and, the line staying high, none comes
 * again: the guest's output stops for good.
 */
static void line_changed(void *ctx, bool level, bool new_bits)
{
	struct pl011_host *p = ctx;

	(void)new_bits;		/* with the line high: a raise too */
	p->line_due = true;
	p->line_raised |= level;
}

/*
 * Raise if the model raised the line or showed new masked bits since Xen
 * last heard (the default vGIC treats each raise as an edge, and ignores
 * a fall); lower a line that ends low (the new vGIC honours it).
 */
static void line_send(struct pl011_host *p)
{
	bool level = pl011_irq_level(&p->uart);
	bool raise = p->line_raised;

	if (!p->line_due)
		return;
	p->line_due = p->line_raised = false;
	if (!level || raise)
		inject(p, level);
}

/*
 * What Xen may answer without us (pl011_publish.h), as the UART is now.
 * A server adopted with the fast path that this host does not want is
 * given no credit and no words: everything is synchronous again.
 */
static void publish(struct pl011_host *p)
{
	struct ioreq_publication pub;

	if (ioreq_server_fast(&p->server)) {
		if (p->fast_path)
			pl011_publication(&p->uart, &pub);
		else
			memset(&pub, 0, sizeof(pub));
		ioreq_server_publish(&p->server, &pub);
	}
	line_send(p);
}

/*
 * After output taken or input given: published when the UART changed, or
 * when time alone (pl011_advance()'s receive timeout) moved the line.
 */
static void publish_if_changed(struct pl011_host *p, bool changed)
{
	if (changed || p->line_due)
		publish(p);
}

/* Before an answer: saved, and published for the reads that follow. */
static void persist(struct pl011_host *p)
{
	pl011_host_counters(p);
	p->ops->persist(p);
	publish(p);
}

/* Formatted for the host, which counts it and limits the logging. */
__attribute__((format(printf, 2, 3)))
static void guest_error(struct pl011_host *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->ops->guest_error(p, msg);
}

static void update_timer(struct pl011_host *p)
{
	uint64_t deadline = pl011_next_deadline(&p->uart);
	struct loop *loop = p->ioreq_env.loop;

	if (deadline == PL011_NO_DEADLINE)
		loop_timer_disarm(loop, &p->rt_timer);
	else
		loop_timer_arm(loop, &p->rt_timer, deadline);
}

static void rt_due(void *ctx)
{
	struct pl011_host *p = ctx;

	pl011_advance(&p->uart, loop_clock());
	update_timer(p);
	persist(p);
}

/*
 * After each request: hand output and input over now, or output later
 * (pl011_pacing.h says when).
 */
static void pace(struct pl011_host *p)
{
	uint64_t due;

	if (pl011_pacing_wanted(&p->pacing, &p->uart) ||
	    (p->ops->input_waiting(p) && pl011_rx_room(&p->uart))) {
		p->ops->kick(p);
		return;
	}
	due = pl011_pacing_due(&p->pacing, &p->uart);
	if (due != PL011_NO_DEADLINE && !loop_timer_armed(&p->output_timer))
		loop_timer_arm(p->ioreq_env.loop, &p->output_timer, due);
}

/* Re-armed rather than moved at each request: one timer call per period. */
static void output_timer_due(void *ctx)
{
	struct pl011_host *p = ctx;
	uint64_t due = pl011_pacing_due(&p->pacing, &p->uart);

	if (due == PL011_NO_DEADLINE)
		return;			/* taken meanwhile */
	if (loop_clock() < due)
		loop_timer_arm(p->ioreq_env.loop, &p->output_timer, due);
	else
		p->ops->kick(p);
}

/* ---- the UART as the ioreq server's MMIO region -------------------------------- */

/*
 * After each access the model performed: the pacing sees it, the RT
 * timer follows the model, and an access the model refused (it decides
 * what an access is) is reported here.
 */
static void accessed(struct pl011_host *p, uint64_t bad_before,
		     uint64_t now, bool read, uint32_t offset, unsigned int size)
{
	pl011_pacing_access(&p->pacing, &p->uart, offset, read, now);
	update_timer(p);
	if (p->uart.stats.bad_accesses != bad_before)
		guest_error(p, "%s of %u bytes at offset %#x "
				    "ignored (reserved, misaligned or bad size)",
				    read ? "read" : "write", size, offset);
}

static uint64_t mmio_read(void *ctx, uint32_t offset, unsigned int size)
{
	struct pl011_host *p = ctx;
	uint64_t bad = p->uart.stats.bad_accesses, now = loop_clock();
	uint64_t value;

	pl011_advance(&p->uart, now);
	value = pl011_read(&p->uart, offset, size);
	accessed(p, bad, now, true, offset, size);
	return value;
}

static void mmio_write(void *ctx, uint32_t offset, unsigned int size,
		       uint64_t value)
{
	struct pl011_host *p = ctx;
	uint64_t bad = p->uart.stats.bad_accesses, now = loop_clock();

	pl011_advance(&p->uart, now);
	/* See make_room in pl011_host.h. */
	if ((offset & ~3u) == PL011_DR && pl011_tx_full(&p->uart))
		p->ops->make_room(p);
	pl011_write(&p->uart, offset, size, value);
	accessed(p, bad, now, false, offset, size);
}

/* Before the answer: a kill then repeats the access, never loses it. */
static void mmio_commit(void *ctx)
{
	persist(ctx);
}

static const struct mmio_ops pl011_mmio_ops = {
	.read = mmio_read,
	.write = mmio_write,
	.commit = mmio_commit,
};

static void served(void *ctx, const struct mmio_served *req, uint64_t ns)
{
	struct pl011_host *p = ctx;

	p->stats->events++;
	if (ns)
		console_timing_add(&p->stats->request, ns);
	if (req->refused)
		guest_error(p, "ioreq %s: type %u, addr %#llx, "
				    "size %u, count %u", req->refused,
				    req->req.type,
				    (unsigned long long)req->req.addr,
				    req->req.size, req->req.count);
	pace(p);
}

/* ---- life cycle ---------------------------------------------------------------- */

static void timers_release(struct pl011_host *p)
{
	struct loop *loop = p->ioreq_env.loop;

	loop_timer_release(loop, &p->rt_timer);
	loop_timer_release(loop, &p->output_timer);
	loop_timer_release(loop, &p->irq_retry);
}

static int timers_init(struct pl011_host *p)
{
	struct loop *loop = p->ioreq_env.loop;
	int rc = loop_timer_init(loop, &p->rt_timer, rt_due, p);

	if (rc)
		return rc;
	rc = loop_timer_init(loop, &p->output_timer, output_timer_due, p);
	if (rc)
		goto out_rt;
	rc = loop_timer_init(loop, &p->irq_retry, irq_retry_due, p);
	if (rc == 0)
		return 0;
	loop_timer_release(loop, &p->output_timer);
out_rt:
	loop_timer_release(loop, &p->rt_timer);
	return rc;
}

int pl011_host_init(struct pl011_host *p, const struct pl011_host_config *c)
{
	enum pl011_tx_policy policy = c->tx_drop ? PL011_TX_DROP :
						   PL011_TX_BLOCK;
	int rc;

	memset(p, 0, sizeof(*p));
	p->ops = c->ops;
	p->stats = c->stats;
	p->domid = c->domid;
	p->base = c->base;
	p->spi = c->spi;
	p->fast_path = c->fast_path;
	p->ioreq_env = c->ioreq;
	rc = timers_init(p);
	if (rc)
		return rc;
	pl011_init(&p->uart, &(struct pl011_config){
		.reset_mode = c->trm_reset ? PL011_RESET_TRM :
					     PL011_RESET_FIRMWARE,
		.tx_policy = policy,
		.irq = line_changed,
		.ctx = p,
		.modem_inputs = PL011_CONNECTED_LINE,
	});
	pl011_pacing_init(&p->pacing, policy);
	pl011_advance(&p->uart, loop_clock());
	p->ready = true;
	return 0;
}

/*
 * Posted writes applied, committed and published: their output is taken
 * at once (which publishes the guest's credit back); the pacing is for
 * stock Xen.
 */
static void drained(void *ctx, unsigned int n)
{
	struct pl011_host *p = ctx;

	p->stats->posted_writes += n;
	p->ops->kick(p);
}

static int server_init(struct pl011_host *p)
{
	int rc = ioreq_server_init(&p->server, &p->ioreq_env, p->domid,
				   &(struct mmio_region){ p->base,
							  XEN_PL011_PAGE_SIZE,
							  &pl011_mmio_ops, p },
				   served);

	if (rc == 0)
		ioreq_server_set_fast(&p->server, p->fast_path, drained);
	return rc;
}

int pl011_host_open(struct pl011_host *p)
{
	int rc = server_init(p);

	if (rc == 0)
		rc = ioreq_server_open(&p->server);
	if (rc == 0)
		publish(p);
	return rc;
}

int pl011_host_adopt(struct pl011_host *p, ioservid_t id)
{
	int rc = server_init(p);

	/* The line is connected now, whatever it was. */
	pl011_set_modem(&p->uart, PL011_CONNECTED_LINE);
	return rc ? rc : ioreq_server_adopt(&p->server, id);
}

void pl011_host_resume(struct pl011_host *p)
{
	/* The line again: it may have been lost with the previous host. */
	if (pl011_irq_level(&p->uart))
		line_changed(p, true, true);
	publish(p);
	ioreq_server_answer_left(&p->server);
	update_timer(p);
}

void pl011_host_close(struct pl011_host *p, bool park)
{
	if (!p->ready)
		return;
	ioreq_server_close(&p->server, park);
	timers_release(p);
	pl011_host_counters(p);
	p->ready = false;
}

size_t pl011_host_take(struct pl011_host *p, uint8_t *buf, size_t max)
{
	size_t n;

	pl011_advance(&p->uart, loop_clock());
	if (max > PL011_FIFO_DEPTH)
		max = PL011_FIFO_DEPTH;	/* one batch: what a restart stages */
	n = pl011_tx_pull(&p->uart, buf, max);
	if (n) {
		pl011_pacing_taken(&p->pacing, &p->uart);
		pl011_host_counters(p);
	}
	publish_if_changed(p, n != 0);
	return n;
}

size_t pl011_host_give(struct pl011_host *p, const uint8_t *buf, size_t n)
{
	size_t taken;

	pl011_advance(&p->uart, loop_clock());
	taken = pl011_rx_push(&p->uart, buf, n);
	update_timer(p);
	publish_if_changed(p, taken != 0);
	return taken;
}
