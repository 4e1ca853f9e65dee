// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay engine: the host half of every driver replay (see replay.h).
 * Between two guest accesses the host does what xenconsoled would do:
 * pull TX per its sink policy, push pending input as room appears, and
 * check the model's invariants.  Interrupts are recorded as the old Xen
 * vGIC sees them: every level-high callback is one injection.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "replay.h"
#include "tap.h"

/* Time the host spends per idle step while it drains output. */
#define HOST_TICK_NS		10000u
/* Failed silent checks printed in full; later ones are only counted. */
#define MAX_PRINTED_FAILURES	20u
/* Guest interrupt entries replay_rx_until() allows before giving up. */
#define MAX_HANDLER_RUNS	1000000ul

static const char *const id_names[8] = {
	"PeriphID0", "PeriphID1", "PeriphID2", "PeriphID3",
	"PCellID0", "PCellID1", "PCellID2", "PCellID3",
};

static const char *reg_name(uint32_t offset)
{
	switch (offset & ~3u) {
	case PL011_DR:		return "DR";
	case PL011_RSR:		return "RSR/ECR";
	case PL011_FR:		return "FR";
	case PL011_ILPR:	return "ILPR";
	case PL011_IBRD:	return "IBRD";
	case PL011_FBRD:	return "FBRD";
	case PL011_LCR_H:	return "LCR_H";
	case PL011_CR:		return "CR";
	case PL011_IFLS:	return "IFLS";
	case PL011_IMSC:	return "IMSC";
	case PL011_RIS:		return "RIS";
	case PL011_MIS:		return "MIS";
	case PL011_ICR:		return "ICR";
	case PL011_DMACR:	return "DMACR";
	}
	if (offset >= PL011_PERIPHID0 && offset < PL011_MMIO_SIZE)
		return id_names[(offset - PL011_PERIPHID0) / 4];
	return "reserved";
}

static void on_irq(void *ctx, bool level, bool new_bits)
{
	struct replay *r = ctx;

	replay_check(r, level == pl011_irq_level(&r->uart),
		     "irq callback level %d is the line's level", level);
	replay_check(r, level != r->line || new_bits,
		     "irq callback (level %d) reports a change", level);
	r->line = level;
	/*
	 * The old vGIC injects once per level-high call (vgic_inject_irq(),
	 * xen/arch/arm/vgic.c).
	 */
	if (level) {
		r->irq_pending = true;
		r->irq_injections++;
	}
}

void replay_init(struct replay *r, enum pl011_reset_mode mode)
{
	struct pl011_config config = {
		.clock_hz = PL011_DEFAULT_CLOCK_HZ,
		.reset_mode = mode,
		.tx_policy = PL011_TX_BLOCK,
		.irq = on_irq,
		.ctx = r,
	};

	memset(r, 0, sizeof(*r));
	r->phase = "replay";
	r->sink = SINK_DRAIN;
	pl011_init(&r->uart, &config);
	pl011_pacing_init(&r->pacing, config.tx_policy);
	pl011_advance(&r->uart, r->now);
}

void replay_phase(struct replay *r, const char *phase)
{
	r->phase = phase;
}

bool replay_check(struct replay *r, bool cond, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	r->checks++;
	if (cond)
		return true;
	if (++r->failures <= MAX_PRINTED_FAILURES) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		ok(false, "%s: %s", r->phase, msg);
	}
	return false;
}

static void advance_to(struct replay *r, uint64_t t)
{
	if (t > r->now)
		r->now = t;
	pl011_advance(&r->uart, r->now);
}

/* ---- host TX sink ------------------------------------------------------ */

static void sink_pull(struct replay *r, size_t max)
{
	size_t room = sizeof(r->tx) - r->tx_len;

	if (!replay_check(r, room > 0, "TX capture buffer has room"))
		return;
	if (max > room)
		max = room;
	r->tx_len += pl011_tx_pull(&r->uart, r->tx + r->tx_len, max);
	pl011_pacing_taken(&r->pacing, &r->uart);
}

/* One host turn; every_access is false when the guest sits idle. */
static void sink_step(struct replay *r, bool every_access)
{
	if (r->sink_stall) {
		r->sink_stall--;
		return;
	}
	switch (r->sink) {
	case SINK_DRAIN:
		sink_pull(r, SIZE_MAX);
		break;
	case SINK_TRICKLE:
		if (every_access && ++r->sink_tick < r->sink_period)
			break;
		r->sink_tick = 0;
		sink_pull(r, r->sink_rate);
		break;
	case SINK_WANTED:
		if (pl011_pacing_wanted(&r->pacing, &r->uart)) {
			sink_pull(r, SIZE_MAX);
		} else if (!every_access) {
			r->quiet_pulls++;	/* the daemon's quiet timer */
			sink_pull(r, SIZE_MAX);
		}
		break;
	case SINK_STALLED:
		break;
	}
}

void replay_set_sink(struct replay *r, enum replay_sink sink,
		     unsigned int rate, unsigned int period,
		     unsigned long stall_steps)
{
	r->sink = sink;
	r->sink_rate = rate;
	r->sink_period = period ? period : 1;
	r->sink_tick = 0;
	r->sink_stall = stall_steps;
}

/* ---- host input -------------------------------------------------------- */

void replay_input_start(struct replay *r, const uint8_t *data, size_t len,
			size_t chunk, uint64_t gap_ns, bool during_access)
{
	struct replay_input *in = &r->in;

	memset(in, 0, sizeof(*in));
	in->data = data;
	in->len = len;
	in->chunk = chunk ? chunk : len;
	in->gap_ns = gap_ns;
	in->next_arrival = r->now;
	in->during_access = during_access;
}

static void input_push(struct replay *r)
{
	struct replay_input *in = &r->in;
	size_t n;

	while (in->arrived < in->len && r->now >= in->next_arrival) {
		n = in->len - in->arrived;
		in->arrived += n < in->chunk ? n : in->chunk;
		in->next_arrival += in->gap_ns;
	}
	if (in->pushed < in->arrived)
		in->pushed += pl011_rx_push(&r->uart, in->data + in->pushed,
					    in->arrived - in->pushed);
}

/* ---- guest accesses ---------------------------------------------------- */

static void host_step(struct replay *r)
{
	r->accesses++;
	sink_step(r, true);
	if (r->in.during_access)
		input_push(r);
	replay_check(r, pl011_validate(&r->uart) == 0,
		     "model invariants hold after access %lu", r->accesses);
}

uint64_t replay_read(struct replay *r, uint32_t offset, unsigned int size)
{
	uint64_t value = pl011_read(&r->uart, offset, size);

	pl011_pacing_access(&r->pacing, &r->uart, offset, true, r->now);
	r->last = value;
	host_step(r);
	return value;
}

void replay_write(struct replay *r, uint32_t offset, unsigned int size,
		  uint64_t value)
{
	pl011_write(&r->uart, offset, size, value);
	pl011_pacing_access(&r->pacing, &r->uart, offset, false, r->now);
	host_step(r);
}

unsigned long replay_poll(struct replay *r, uint32_t offset,
			  unsigned int size, uint64_t mask, uint64_t want,
			  unsigned long max_reads)
{
	unsigned long reads;

	for (reads = 1; reads <= max_reads; reads++)
		if ((replay_read(r, offset, size) & mask) == want)
			return reads;
	return 0;
}

unsigned long replay_spin(struct replay *r, uint32_t offset,
			  unsigned int size, uint64_t mask, uint64_t want,
			  unsigned long max_reads)
{
	unsigned long reads = replay_poll(r, offset, size, mask, want,
					  max_reads);

	if (reads)
		return reads;
	replay_check(r, false,
		     "R%u %s spin for (value & 0x%llx) == 0x%llx ends within %lu reads (last 0x%llx)",
		     size * 8, reg_name(offset), (unsigned long long)mask,
		     (unsigned long long)want, max_reads,
		     (unsigned long long)r->last);
	return 0;
}

unsigned long replay_putc_polled(struct replay *r, unsigned int fr_width,
				 unsigned int dr_width, uint8_t c)
{
	unsigned long reads = replay_spin(r, PL011_FR, fr_width, PL011_FR_TXFF,
					  0, REPLAY_SPIN_LIMIT);

	replay_write(r, PL011_DR, dr_width, c);
	return reads ? reads - 1 : 0;
}

uint64_t replay_getc_polled(struct replay *r, unsigned int fr_width,
			    unsigned int dr_width)
{
	replay_spin(r, PL011_FR, fr_width, PL011_FR_RXFE, 0,
		    REPLAY_SPIN_LIMIT);
	return replay_read(r, PL011_DR, dr_width);
}

/* ---- tables ------------------------------------------------------------ */

static void run_pull_row(struct replay *r, const struct replay_row *row,
			 unsigned int n)
{
	size_t start = r->tx_len;
	char what[128];

	sink_pull(r, SIZE_MAX);
	snprintf(what, sizeof(what), "%s #%u: host pulls the %zu bytes written",
		 r->phase, n, strlen(row->bytes));
	replay_same_bytes(r->tx + start, r->tx_len - start,
			  (const uint8_t *)row->bytes, strlen(row->bytes),
			  what);
}

static void run_row(struct replay *r, const struct replay_row *row,
		    unsigned int n)
{
	uint64_t got;

	switch (row->op) {
	case REPLAY_READ:
		got = replay_read(r, row->offset, row->size);
		is_hex(got, row->value, "%s #%u: R%u %s = 0x%llx",
		       r->phase, n, row->size * 8, reg_name(row->offset),
		       (unsigned long long)row->value);
		break;
	case REPLAY_WRITE:
		replay_write(r, row->offset, row->size, row->value);
		break;
	case REPLAY_PUSH:
		got = pl011_rx_push(&r->uart, (const uint8_t *)row->bytes,
				    strlen(row->bytes));
		is_num(got, row->value,
		       "%s #%u: host offers %zu bytes, %llu fit",
		       r->phase, n, strlen(row->bytes),
		       (unsigned long long)row->value);
		break;
	case REPLAY_PULL:
		run_pull_row(r, row, n);
		break;
	case REPLAY_ADVANCE:
		advance_to(r, r->now + row->value);
		break;
	case REPLAY_LINE:
		ok(pl011_irq_level(&r->uart) == row->value &&
		   r->line == row->value, "%s #%u: interrupt line %s",
		   r->phase, n, row->value ? "high" : "low");
		break;
	case REPLAY_END:
		break;
	}
}

void replay_run(struct replay *r, const struct replay_row *rows)
{
	unsigned int n;

	for (n = 0; rows[n].op != REPLAY_END; n++)
		run_row(r, &rows[n], n + 1);
}

/* ---- waiting and interrupts -------------------------------------------- */

bool replay_take_irq(struct replay *r)
{
	bool taken = r->irq_pending;

	r->irq_pending = false;
	return taken;
}

bool replay_idle(struct replay *r)
{
	uint64_t next;

	input_push(r);
	if (r->irq_pending)
		return true;
	if (pl011_tx_pending(&r->uart) && r->sink != SINK_STALLED) {
		sink_step(r, false);
		advance_to(r, r->now + HOST_TICK_NS);
		return true;
	}
	next = pl011_next_deadline(&r->uart);
	if (r->in.arrived < r->in.len && r->in.next_arrival < next)
		next = r->in.next_arrival;
	if (next == PL011_NO_DEADLINE)
		return false;
	advance_to(r, next);
	input_push(r);
	return true;
}

bool replay_drain(struct replay *r)
{
	while (pl011_tx_pending(&r->uart))
		if (!replay_idle(r))
			return false;
	return true;
}

void replay_guest_rx(struct replay *r, uint8_t c)
{
	if (replay_check(r, r->rx_len < sizeof(r->rx),
			 "guest RX capture buffer has room"))
		r->rx[r->rx_len++] = c;
}

static void run_handler(struct replay *r, replay_isr isr, void *driver,
			struct replay_rx_report *report)
{
	size_t before = r->rx_len;
	unsigned int status = isr(r, driver);
	size_t got = r->rx_len - before;

	report->handler_runs++;
	if (status & PL011_INT_RX) {
		report->rx_runs++;
	} else if (status & PL011_INT_RT) {
		report->rt_only_runs++;
		if (got > report->rt_only_max)
			report->rt_only_max = got;
	}
}

bool replay_rx_until(struct replay *r, size_t want, replay_isr isr,
		     void *driver, struct replay_rx_report *report)
{
	while (r->rx_len < want) {
		if (replay_take_irq(r)) {
			run_handler(r, isr, driver, report);
			if (report->handler_runs > MAX_HANDLER_RUNS)
				return replay_check(r, false,
						    "interrupt storm");
			continue;
		}
		if (!replay_idle(r))
			return replay_check(r, false,
					    "input keeps flowing: guest has %zu of %zu bytes, host holds %zu, line %s",
					    r->rx_len, want,
					    r->in.arrived - r->in.pushed,
					    r->line ? "high" : "low");
	}
	return true;
}

void replay_paste(struct replay *r, size_t len, size_t chunk,
		  uint64_t gap_ns, unsigned int rt_tail_below,
		  replay_isr isr, void *driver)
{
	static uint8_t in[REPLAY_BUF_SIZE / 2];
	struct replay_rx_report rep = { 0 };
	size_t mark = r->rx_len;
	char what[128];

	if (!replay_check(r, len <= sizeof(in), "paste fits the buffer"))
		return;
	replay_pattern(in, len, (uint32_t)(len + chunk));
	replay_input_start(r, in, len, chunk, gap_ns, chunk == 0);
	replay_rx_until(r, mark + len, isr, driver, &rep);
	snprintf(what, sizeof(what), "%s: %zu bytes in, in order", r->phase,
		 len);
	replay_same_bytes(r->rx + mark, r->rx_len - mark, in, len, what);
	is_num(r->uart.stats.rx_overruns, 0, "%s: no overrun", r->phase);
	ok(rep.rx_runs > 0, "%s: %lu RX interrupts (%lu handler runs)",
	   r->phase, rep.rx_runs, rep.handler_runs);
	if (rt_tail_below)
		ok(rep.rt_only_runs > 0 && rep.rt_only_max > 0 &&
		   rep.rt_only_max < rt_tail_below,
		   "%s: %lu RT-only interrupts took tails of at most %zu < %u bytes",
		   r->phase, rep.rt_only_runs, rep.rt_only_max,
		   rt_tail_below);
}

/* ---- results ----------------------------------------------------------- */

bool replay_same_bytes(const uint8_t *got, size_t got_len,
		       const uint8_t *want, size_t want_len, const char *what)
{
	size_t i;

	for (i = 0; i < got_len && i < want_len; i++)
		if (got[i] != want[i])
			break;
	if (i < got_len || i < want_len)
		diag("%s: first difference at byte %zu of %zu (got %zu)",
		     what, i, want_len, got_len);
	return ok(got_len == want_len && i == want_len, "%s", what);
}

size_t replay_crlf(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;

	for (; *s && n + 2 <= max; s++) {
		if (*s == '\n')
			out[n++] = '\r';
		out[n++] = (uint8_t)*s;
	}
	return n;
}

bool replay_tx_crlf(const struct replay *r, size_t mark, const char *s,
		    const char *what)
{
	static uint8_t want[REPLAY_BUF_SIZE];
	size_t len = replay_crlf(s, want, sizeof(want));

	return replay_same_bytes(r->tx + mark, r->tx_len - mark, want, len,
				 what);
}

void replay_pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed ? seed : 1;
	size_t i;

	/* xorshift32: cheap, reproducible, hits every byte value. */
	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (uint8_t)(x >> 7);
	}
}

void replay_finish(struct replay *r)
{
	const struct pl011_stats *st = &r->uart.stats;

	is_num(r->failures, 0,
	       "%s: all %lu checks inside driver loops passed (%lu accesses, %lu irq injections)",
	       r->phase, r->checks, r->accesses, r->irq_injections);
	is_num(st->rx_overruns, 0, "%s: no input lost to an RX overrun",
	       r->phase);
	is_num(st->tx_dropped, 0, "%s: no output byte dropped", r->phase);
	is_num(st->bad_accesses, 0, "%s: every access was a valid one",
	       r->phase);
	is_num(st->tx_bytes, r->tx_len, "%s: host saw every byte pulled",
	       r->phase);
	ok(pl011_validate(&r->uart) == 0, "%s: model state valid at the end",
	   r->phase);
}
