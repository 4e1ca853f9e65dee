// SPDX-License-Identifier: GPL-2.0-only
/*
 * arm64 dom0 program of the ioreq-trace scenarios: one MMIO round trip to
 * our PL011 emulator, broken down from a xentrace file of the debug
 * hypervisor (hypervisor-ioreq-arm/patches/trace/, XEN_VARIANT=trace) and the
 * emulator's own stamps (tools/console/daemon/stamps.h).
 *   trace_breakdown TRACE DOMID DOM0_CNTVOFF STAMPS
 * TRACE is xentrace's output; DOMID the guest; DOM0_CNTVOFF (hex, from the
 * hypervisor's "dbgtrace: d0 CNTVOFF" line) turns the emulator's CNTVCT
 * into the hypervisor's CNTPCT; STAMPS holds the "pl011-stamp" lines.
 * Prints "# " lines: the segments of a round trip (median, 10th and 90th
 * percentile, mean, in us) and, for the wake-up of idle pCPUs, how long
 * an SGI took to be taken and how long a woken vCPU waited to run.
 *
 * The file is xentrace's: records of a 32-bit header (event in bits 0-27,
 * number of extra words in 28-30, bit 31 when a 64-bit cycle count
 * follows) and their extra words, each CPU's window of records preceded by
 * a TRC_TRACE_CPU_CHANGE record (cpu, bytes), as xen/include/public/
 * trace.h and tools/xentrace/xentrace.c define them.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRC_TRACE_CPU_CHANGE	0x0001f003u
#define TRC_SCHED_RUNSTATE	0x00021001u	/* | old << 8 | new << 4 */
#define TRC_SCHED_WAKE		0x00028004u
#define TRC_ARMDBG_MMIO_SEND	0x00804001u
#define TRC_ARMDBG_MMIO_DONE	0x00804002u
#define TRC_ARMDBG_RESUME	0x00804003u
#define TRC_ARMDBG_RAISE	0x00804004u
/* The first trace build recorded it as TRC_HW + 0x4004 by mistake. */
#define TRC_ARMDBG_RAISE_OLD	0x00813004u
#define TRC_ARMDBG_SGI		0x00804005u
#define TRC_ARMDBG_WFI_IN	0x00804006u
#define TRC_ARMDBG_WFI_OUT	0x00804007u
#define RUNSTATE_RUNNING	0u
#define MAX_CPUS		8u
#define MAX_DOMS		16u

/* A record kept: its first four extra words are all any reader needs. */
struct rec {
	uint64_t t;
	uint32_t event;
	uint16_t cpu, n;
	uint32_t d[4];
};

struct stamp {
	uint64_t wake, notify;
};

static struct rec *recs;
static size_t nrecs, caprecs;
static struct stamp *stamps;
static size_t nstamps;
static double us_per_tick;

static void *grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 4096;
	p = realloc(p, *cap * size);
	if (!p) {
		perror("realloc");
		exit(1);
	}
	return p;
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * What the analysis reads: runstate changes, wake, block and switch, the
 * debug patch's records and credit2's tickle, schedule and candidate; a
 * 16 KiB burst at -smp 2 is millions of records, dom0 has 512 MiB.
 */
static int wanted(uint32_t event)
{
	switch (event) {
	case TRC_SCHED_WAKE:
	case 0x00028006u:		/* block */
	case 0x0002800au:		/* switch */
	case 0x00022206u:		/* credit2 tickle */
	case 0x00022214u:		/* credit2 runq candidate */
	case 0x00022215u:		/* credit2 schedule */
		return 1;
	}
	return (event & ~0x330u) == TRC_SCHED_RUNSTATE ||
	       (event & 0x0ffff000u) == 0x00804000u ||
	       event == TRC_ARMDBG_RAISE_OLD;
}

static int read_trace(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint32_t h, cpu = 0, w[9];
	uint64_t last[MAX_CPUS] = { 0 };

	if (!f) {
		perror(path);
		return -1;
	}
	while (fread(&h, 4, 1, f) == 1) {
		uint32_t extra = (h >> 28) & 7, event = h & 0x0fffffffu;
		uint64_t t = 0;
		struct rec *r;

		if (h >> 31) {
			if (fread(w, 4, 2, f) != 2)
				break;
			t = w[0] | (uint64_t)w[1] << 32;
		}
		if (extra && fread(w, 4, extra, f) != extra)
			break;
		if (event == TRC_TRACE_CPU_CHANGE) {
			cpu = w[0] < MAX_CPUS ? w[0] : MAX_CPUS - 1;
			continue;
		}
		if (!(h >> 31))
			t = last[cpu];	/* no stamp: as the one before */
		last[cpu] = t;
		if (!wanted(event))
			continue;
		recs = grow(recs, &caprecs, nrecs, sizeof(*recs));
		r = &recs[nrecs++];
		*r = (struct rec){ .t = t, .event = event,
				   .cpu = (uint16_t)cpu,
				   .n = (uint16_t)(extra < 4 ? extra : 4) };
		memcpy(r->d, w, r->n * 4u);
	}
	fclose(f);
	/* Per-CPU windows interleave in the file: one time line. */
	qsort(recs, nrecs, sizeof(*recs), cmp_rec);
	return 0;
}

static int read_stamps(const char *path, uint64_t voff)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t cap = 0;

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long w, n, a;
		unsigned int dir;
		const char *p = strstr(line, "pl011-stamp ");

		if (!p || sscanf(p, "pl011-stamp %llx %llx %llx %u", &w, &n,
				 &a, &dir) != 4)
			continue;
		stamps = grow(stamps, &cap, nstamps, sizeof(*stamps));
		stamps[nstamps++] = (struct stamp){ w + voff, n + voff };
	}
	fclose(f);
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One segment's samples. */
struct seg {
	const char *name;
	double *v;
	size_t n, cap;
};

static void add(struct seg *s, uint64_t from, uint64_t to)
{
	if (!from || !to || to < from)
		return;
	s->v = grow(s->v, &s->cap, s->n, sizeof(double));
	s->v[s->n++] = (double)(to - from) * us_per_tick;
}

static void print_seg(const struct seg *s)
{
	double sum = 0;

	if (!s->n) {
		printf("# %-34s %6s\n", s->name, "n/a");
		return;
	}
	qsort(s->v, s->n, sizeof(double), cmp_double);
	for (size_t i = 0; i < s->n; i++)
		sum += s->v[i];
	printf("# %-34s %6zu %9.1f %9.1f %9.1f %9.1f %9.1f\n", s->name, s->n,
	       s->v[s->n / 2], s->v[s->n / 10], s->v[s->n * 9 / 10],
	       sum / s->n, s->v[s->n - 1]);
}

static int is_runstate(const struct rec *r, uint32_t domid, uint32_t state)
{
	return (r->event & ~0x330u) == TRC_SCHED_RUNSTATE && r->n >= 1 &&
	       r->d[0] >> 16 == domid && ((r->event >> 4) & 3) == state;
}

static int is_wake(const struct rec *r, uint32_t domid)
{
	return r->event == TRC_SCHED_WAKE && r->n >= 1 && r->d[0] == domid;
}

/* First record at index >= i with time < until matching fn; -1 if none. */
static long find(size_t i, uint64_t until,
		 int (*fn)(const struct rec *, uint32_t, uint32_t),
		 uint32_t a, uint32_t b)
{
	for (; i < nrecs && recs[i].t <= until; i++)
		if (fn(&recs[i], a, b))
			return (long)i;
	return -1;
}

static int m_event(const struct rec *r, uint32_t event, uint32_t unused)
{
	(void)unused;
	return r->event == event;
}

static int m_wake(const struct rec *r, uint32_t domid, uint32_t unused)
{
	(void)unused;
	return is_wake(r, domid);
}

static int m_running(const struct rec *r, uint32_t domid, uint32_t unused)
{
	(void)unused;
	return is_runstate(r, domid, RUNSTATE_RUNNING);
}

static int m_on_cpu(const struct rec *r, uint32_t event, uint32_t cpu)
{
	return r->event == event && r->cpu == cpu;
}

/* Index of the first record at or after time t. */
static size_t at(uint64_t t)
{
	size_t lo = 0, hi = nrecs;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (recs[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void round_trips(uint32_t domid)
{
	struct seg segs[] = {
		{ .name = "trap -> ioreq sent" },
		{ .name = "sent -> dom0 vCPU woken" },
		{ .name = "dom0 woken -> dom0 vCPU running" },
		{ .name = "dom0 running -> epoll_wait returns" },
		{ .name = "sent -> epoll_wait returns" },
		{ .name = "epoll_wait returns -> notify" },
		{ .name = "notify -> guest vCPU woken" },
		{ .name = "guest woken -> guest vCPU running" },
		{ .name = "guest running -> answer taken" },
		{ .name = "answer taken -> guest resumed" },
		{ .name = "round trip: trap -> guest resumed" },
		{ .name = "guest: resumed -> next trap" },
		{ .name = "dom0 running -> guest vCPU woken" },
	};
	size_t si = 0, matched = 0, sends = 0;
	uint64_t prev_resume = 0;

	for (size_t i = 0; i < nrecs; i++) {
		const struct rec *s = &recs[i];
		uint64_t trap, sent = s->t, done, resume, wake = 0, notify = 0;
		uint64_t d0wake = 0, d0run = 0, gwake = 0, grun = 0;
		long j, k;

		if (s->event != TRC_ARMDBG_MMIO_SEND || s->n < 4)
			continue;
		sends++;
		trap = s->d[2] | (uint64_t)s->d[3] << 32;
		j = find(i + 1, UINT64_MAX, m_event, TRC_ARMDBG_MMIO_DONE, 0);
		if (j < 0)
			break;
		done = recs[j].t;
		k = find((size_t)j + 1, UINT64_MAX, m_event, TRC_ARMDBG_RESUME,
			 0);
		resume = k < 0 ? 0 : recs[k].t;
		/* The emulator's stamp whose notify falls in [sent, done]. */
		while (si < nstamps && stamps[si].notify < sent)
			si++;
		if (si < nstamps && stamps[si].notify <= done) {
			wake = stamps[si].wake;
			notify = stamps[si].notify;
			matched++;
			si++;
		}
		{
			uint64_t until = wake >= sent ? wake : done;
			long w = find(i + 1, until, m_wake, 0, 0);
			long r = find(i + 1, until, m_running, 0, 0);

			d0wake = w < 0 ? 0 : recs[w].t;
			d0run = r < 0 ? 0 : recs[r].t;
		}
		{
			long w = find(notify ? at(notify) : i + 1, done, m_wake,
				      domid, 0);

			gwake = w < 0 ? 0 : recs[w].t;
			if (gwake) {
				long r = find((size_t)w, done, m_running,
					      domid, 0);

				grun = r < 0 ? 0 : recs[r].t;
			}
		}
		add(&segs[0], trap, sent);
		add(&segs[1], sent, d0wake);
		add(&segs[2], d0wake, d0run);
		add(&segs[3], d0run, wake >= sent ? wake : 0);
		add(&segs[12], d0run, gwake);
		add(&segs[4], sent, wake >= sent ? wake : 0);
		add(&segs[5], wake, notify);
		add(&segs[6], notify, gwake);
		add(&segs[7], gwake, grun);
		add(&segs[8], grun ? grun : gwake, done);
		add(&segs[9], done, resume);
		add(&segs[10], trap, resume);
		add(&segs[11], prev_resume, trap);
		prev_resume = resume;
	}
	printf("# round trips: %zu ioreqs traced, %zu matched to the emulator's"
	       " stamps (%zu stamps)\n", sends, matched, nstamps);
	printf("# %-34s %6s %9s %9s %9s %9s %9s\n", "segment (us)", "n",
	       "median", "p10", "p90", "mean", "max");
	for (size_t i = 0; i < sizeof(segs) / sizeof(segs[0]); i++)
		print_seg(&segs[i]);
}

#define STALL_US	2000.0

/*
 * A vCPU woken at recs[w] that ran only at recs[r]: what each pCPU did
 * in between (asleep in wfi at the wake, SCHEDULE_SOFTIRQ raised for it
 * and how, SGIs taken, wfi left, scheduler tickles), in time order.
 */
/* Which pCPUs were asleep in wfi at recs[w]: in_wfi[cpu]. */
static const int *wfi_at(size_t w)
{
	static int in_wfi[MAX_CPUS];

	memset(in_wfi, 0, sizeof(in_wfi));
	for (size_t i = 0; i <= w; i++)
		if (recs[i].event == TRC_ARMDBG_WFI_IN)
			in_wfi[recs[i].cpu] = 1;
		else if (recs[i].event == TRC_ARMDBG_WFI_OUT)
			in_wfi[recs[i].cpu] = 0;
	return in_wfi;
}

static void stall(size_t w, size_t r, const int *in_wfi)
{
	const struct rec *k = &recs[w];
	unsigned int shown = 0;

	printf("# stall: d%uv%u runnable at %.1f us on pCPU %u, running %.1f us "
	       "later; pCPUs in wfi then:", k->d[0] >> 16, k->d[0] & 0xffff,
	       (double)k->t * us_per_tick, k->cpu,
	       (double)(recs[r].t - k->t) * us_per_tick);
	for (unsigned int c = 0; c < MAX_CPUS; c++)
		if (in_wfi[c])
			printf(" %u", c);
	printf("\n");
	for (size_t i = w; i <= r && shown < 60; i++) {
		const struct rec *x = &recs[i];
		const char *what = NULL;

		switch (x->event) {
		case TRC_ARMDBG_RAISE: what = "raise SCHEDULE_SOFTIRQ"; break;
		case TRC_ARMDBG_SGI: what = "SGI taken"; break;
		case TRC_ARMDBG_WFI_IN: what = "wfi in"; break;
		case TRC_ARMDBG_WFI_OUT: what = "wfi out"; break;
		case TRC_SCHED_WAKE: what = "wake"; break;
		case 0x00022206u: what = "credit2 tickle"; break;
		case 0x00022215u: what = "credit2 schedule"; break;
		case 0x00022214u: what = "credit2 runq candidate"; break;
		case 0x00028006u: what = "block"; break;
		case 0x0002800au: what = "switch"; break;
		default:
			if ((x->event & ~0x330u) == TRC_SCHED_RUNSTATE)
				what = "runstate";
			else
				what = "";
		}
		shown++;
		printf("#   +%10.1f us pCPU %u %-22s %08x %08x %08x\n",
		       (double)(x->t - k->t) * us_per_tick, x->cpu,
		       *what ? what : "(event)", x->event,
		       x->n > 0 ? x->d[0] : 0, x->n > 1 ? x->d[1] : 0);
	}
}

/*
 * Idle pCPUs: how long an SGI sent to wake one took to be taken, whether
 * a softirq was ever raised for a pCPU sleeping in wfi without an SGI
 * (the bit already set), and how long woken vCPUs waited to run.
 */
static void wakeups(void)
{
	struct seg sgi = { .name = "SGI sent -> taken (target in wfi)" };
	struct seg sgi_busy = { .name = "SGI sent -> taken (target busy)" };
	struct seg runwait = { .name = "vCPU runnable -> running" };
	int in_wfi[MAX_CPUS] = { 0 };
	unsigned long skipped_asleep = 0, raises[4] = { 0 };
	unsigned long late = 0, stalls = 0;
	static size_t runnable_at[MAX_DOMS][MAX_CPUS];	/* index + 1 */

	for (size_t i = 0; i < nrecs; i++)
		if (recs[i].event == TRC_ARMDBG_RAISE_OLD)
			recs[i].event = TRC_ARMDBG_RAISE;
	for (size_t i = 0; i < nrecs; i++) {
		const struct rec *r = &recs[i];

		if (r->event == TRC_ARMDBG_WFI_IN)
			in_wfi[r->cpu] = 1;
		else if (r->event == TRC_ARMDBG_WFI_OUT)
			in_wfi[r->cpu] = 0;
		else if (r->event == TRC_ARMDBG_RAISE && r->n >= 2 &&
			 r->d[1] < 4) {
			uint32_t x = r->d[0] < MAX_CPUS ? r->d[0] : 0;
			long j;

			raises[r->d[1]]++;
			if (r->d[1] == 0 && in_wfi[x]) {
				skipped_asleep++;
				printf("# softirq bit already set for pCPU %u "
				       "asleep in wfi, at %.1f us\n", x,
				       (double)r->t * us_per_tick);
			}
			if (r->d[1] != 2)
				continue;
			j = find(i + 1, UINT64_MAX, m_on_cpu, TRC_ARMDBG_SGI,
				 x);
			if (j < 0)
				continue;
			add(in_wfi[x] ? &sgi : &sgi_busy, r->t, recs[j].t);
			if ((double)(recs[j].t - r->t) * us_per_tick > 1000 &&
			    late++ < 10)
				printf("# late SGI: pCPU %u -> %u sent at %.1f us, "
				       "taken %.1f us later (target %s)\n",
				       r->cpu, x, (double)r->t * us_per_tick,
				       (double)(recs[j].t - r->t) * us_per_tick,
				       in_wfi[x] ? "in wfi" : "busy");
		} else if ((r->event & ~0x330u) == TRC_SCHED_RUNSTATE &&
			   r->n >= 1) {
			/* runnable (1) -> running (0): how long it waited */
			uint32_t d = r->d[0] >> 16, v = r->d[0] & 0xffff;
			uint32_t to = (r->event >> 4) & 3;

			if (d >= MAX_DOMS || v >= MAX_CPUS)
				continue;
			if (to == 1) {
				runnable_at[d][v] = i + 1;
			} else if (to == 0 && runnable_at[d][v]) {
				size_t w = runnable_at[d][v] - 1;

				runnable_at[d][v] = 0;
				add(&runwait, recs[w].t, r->t);
				if ((double)(r->t - recs[w].t) * us_per_tick >
				    STALL_US && stalls++ < 6)
					stall(w, i, wfi_at(w));
			}
		}
	}
	for (uint32_t d = 0; d < MAX_DOMS; d++)
		for (uint32_t v = 0; v < MAX_CPUS; v++)
			if (runnable_at[d][v]) {
				size_t w = runnable_at[d][v] - 1;

				printf("# d%uv%u runnable since %.1f us, not run "
				       "when the trace ended\n", d, v,
				       (double)recs[w].t * us_per_tick);
				stall(w, nrecs - 1, wfi_at(w));
			}
	printf("# SCHEDULE_SOFTIRQ raised: %lu bit already set, %lu own pCPU,"
	       " %lu SGI, %lu batched; %lu times the bit was set for a pCPU "
	       "asleep in wfi\n", raises[0], raises[1], raises[2], raises[3],
	       skipped_asleep);
	printf("# %-34s %6s %9s %9s %9s %9s %9s\n", "wake-up (us)", "n",
	       "median", "p10", "p90", "mean", "max");
	print_seg(&sgi);
	print_seg(&sgi_busy);
	print_seg(&runwait);
}

static uint64_t counter_hz(void)
{
#if defined(__aarch64__)
	uint64_t v;

	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
#else
	const char *e = getenv("CNTFRQ");

	return e ? strtoull(e, NULL, 0) : 62500000u;
#endif
}

int main(int argc, char **argv)
{
	uint64_t hz = counter_hz();

	if (argc != 5) {
		fprintf(stderr, "usage: trace_breakdown TRACE DOMID "
			"DOM0_CNTVOFF STAMPS\n");
		return 2;
	}
	us_per_tick = 1e6 / (double)hz;
	if (read_trace(argv[1]) ||
	    read_stamps(argv[4], strtoull(argv[3], NULL, 16)))
		return 1;
	printf("# %zu trace records, counter %" PRIu64 " Hz\n", nrecs, hz);
	round_trips((uint32_t)strtoul(argv[2], NULL, 0));
	wakeups();
	return 0;
}
