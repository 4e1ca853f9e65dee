// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest's PL011 as the host runs it (see pl011_console.h): the model's
 * registers as the ioreq server's MMIO ops, its interrupt line as an SPI,
 * its receive timeout on the loop, and when to take its output (the
 * daemon's policy, pl011_pacing.h).  Knows the model only through
 * pl011.h.
 */
#include <errno.h>
#include <string.h>

#include "console.h"
#include "crash_point.h"
#include "pl011_console.h"
#include "xen.h"

#define IRQ_RETRY_MS		1000u

/* The model's own losses, for the statistics. */
void pl011_uart_counters(struct pl011_console *p)
{
	const struct pl011_stats *m = &p->uart.stats;
	struct console_stats *s = &p->con->stats;

	s->uart_dropped = m->tx_dropped;
	s->uart_overruns = m->rx_overruns;
	s->uart_flushed = m->tx_flushed + m->rx_flushed;
	s->notify_failures = p->server.notify_failures;
}

static void persist(struct pl011_console *p)
{
	pl011_uart_counters(p);
	pl011_restart_save(&p->restart);
}

/* ---- interrupt and time ---------------------------------------------------- */

/*
 * Raise on a rising line or new masked bits (the default vGIC treats each
 * raise as an edge), lower on a falling line (the new vGIC honours it).
 * A refusal is counted and reported, and the line is set again a while
 * later: an interrupt lost to a passing failure must not leave a guest
 * waiting, nor a lasting one (an SPI outside the guest's vGIC) cost a
 * hypercall per change.
 */
void pl011_inject(void *ctx, bool level, bool new_bits)
{
	struct pl011_console *p = ctx;
	const struct console_env *env = env_of(p);
	int err;

	(void)new_bits;
	if (loop_timer_armed(&p->irq_retry))
		return;			/* set again when it fires */
	p->con->stats.irqs += level;
	if (xendevicemodel_set_irq_level(env->xen->xdm, domid_of(p), p->spi,
					 level) == 0)
		return;
	err = errno;
	if (p->con->stats.irq_refusals++ == 0)
		log_msg(LOG_WARNING, "dom%u pl011 console: Xen refused SPI %u "
			"(%s); the line is set again every %u ms, polling "
			"drivers work meanwhile", domid_of(p), p->spi,
			strerror(err), IRQ_RETRY_MS);
	loop_timer_arm(env->loop, &p->irq_retry,
		       loop_clock() + IRQ_RETRY_MS * 1000000ull);
}

static void irq_retry_due(void *ctx)
{
	struct pl011_console *p = ctx;

	pl011_inject(p, pl011_irq_level(&p->uart), true);
}

void pl011_update_timer(struct pl011_console *p)
{
	uint64_t deadline = pl011_next_deadline(&p->uart);
	struct loop *loop = env_of(p)->loop;

	if (deadline == PL011_NO_DEADLINE)
		loop_timer_disarm(loop, &p->rt_timer);
	else
		loop_timer_arm(loop, &p->rt_timer, deadline);
}

static void rt_due(void *ctx)
{
	struct pl011_console *p = ctx;

	pl011_advance(&p->uart, loop_clock());
	pl011_update_timer(p);
	persist(p);
}

/*
 * After each request: hand output and input over now, or output later
 * (pl011_pacing.h says when).
 */
static void pace(struct pl011_console *p)
{
	struct console *con = p->con;
	uint64_t due;

	if (pl011_pacing_wanted(&p->pacing, &p->uart) ||
	    (bytebuf_len(&con->in) && pl011_rx_room(&p->uart))) {
		console_kick(con);
		return;
	}
	due = pl011_pacing_due(&p->pacing, &p->uart);
	if (due != PL011_NO_DEADLINE && !loop_timer_armed(&p->output_timer))
		loop_timer_arm(env_of(p)->loop, &p->output_timer, due);
}

/* Re-armed rather than moved at each request: one timer call per period. */
static void output_timer_due(void *ctx)
{
	struct pl011_console *p = ctx;
	uint64_t due = pl011_pacing_due(&p->pacing, &p->uart);

	if (due == PL011_NO_DEADLINE)
		return;			/* taken meanwhile */
	if (loop_clock() < due)
		loop_timer_arm(env_of(p)->loop, &p->output_timer, due);
	else
		console_kick(p->con);
}

/* ---- the UART as the ioreq server's MMIO region -------------------------------- */

/*
 * After each access the model performed: the pacing sees it, the RT
 * timer follows the model, and an access the model refused (it decides
 * what an access is) is reported here.
 */
static void accessed(struct pl011_console *p, uint64_t bad_before,
		     uint64_t now, bool read, uint32_t offset, unsigned int size)
{
	pl011_pacing_access(&p->pacing, &p->uart, offset, read, now);
	pl011_update_timer(p);
	if (p->uart.stats.bad_accesses != bad_before)
		console_guest_error(p->con, "%s of %u bytes at offset %#x "
				    "ignored (reserved, misaligned or bad size)",
				    read ? "read" : "write", size, offset);
}

static uint64_t mmio_read(void *ctx, uint32_t offset, unsigned int size)
{
	struct pl011_console *p = ctx;
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
	struct pl011_console *p = ctx;
	uint64_t bad = p->uart.stats.bad_accesses, now = loop_clock();

	pl011_advance(&p->uart, now);
	/*
	 * A DR write at a full FIFO is lost on hardware, so a guest that
	 * never looks at TXFF (Arm's BSA compliance suite prints a message
	 * that way) loses bytes.  A virtual UART need not: the output goes
	 * out first.
	 */
	if ((offset & ~3u) == PL011_DR && pl011_tx_full(&p->uart))
		console_drain(p->con, PL011_FIFO_DEPTH);
	pl011_write(&p->uart, offset, size, value);
	accessed(p, bad, now, false, offset, size);
}

/* Before the answer: a kill then repeats the access, never loses it. */
static void mmio_commit(void *ctx)
{
	persist(ctx);
}

const struct mmio_ops pl011_mmio_ops = {
	.read = mmio_read,
	.write = mmio_write,
	.commit = mmio_commit,
};

void pl011_served(void *ctx, const struct mmio_served *req, uint64_t ns)
{
	struct pl011_console *p = ctx;

	p->con->stats.events++;
	if (ns)
		console_timing_add(&p->con->stats.request, ns);
	if (req->refused)
		console_guest_error(p->con, "ioreq %s: type %u, addr %#llx, "
				    "size %u, count %u", req->refused,
				    req->req.type,
				    (unsigned long long)req->req.addr,
				    req->req.size, req->req.count);
	pace(p);
}

/* ---- life cycle ---------------------------------------------------------------- */

int pl011_timers_init(struct pl011_console *p, struct loop *loop)
{
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

void pl011_timers_release(struct pl011_console *p, struct loop *loop)
{
	loop_timer_release(loop, &p->rt_timer);
	loop_timer_release(loop, &p->output_timer);
	loop_timer_release(loop, &p->irq_retry);
}
