// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioreq_probe: runs in the dom0 of the QEMU harness (cross-built for arm64)
 * against a paused domU created with vuart="sbsa_uart", and checks through
 * the real libxendevicemodel/libxenforeignmemory that the hypervisor has
 * ioreq server support: create, map the ioreq page, enable, claim a PL011
 * page, set_irq_level on allowed and refused SPIs, tear down.  Prints TAP.
 * Usage: ioreq_probe DOMID [--expect-enosys | --fast-path READYFILE];
 * with --expect-enosys it checks instead that dm_ops fail with ENOSYS (a
 * hypervisor without CONFIG_IOREQ_SERVER, such as Debian's); --fast-path
 * checks the ioreq fast path of hypervisor-ioreq-arm/patches against a
 * guest that runs domu/fastpath.sh (see fast_path() below).  Knows
 * nothing of the UART model.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xendevicemodel.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xen/hvm/ioreq.h>
#include <xen/hvm/dm_op.h>
#include <xen/memory.h>

#include "ioreq_published.h"
#include "tap.h"

/* Our PL011 page on the 4.17 route, next to libxl's SBSA UART. */
#define PROBE_MMIO_FIRST 0x22001000ULL
#define PROBE_MMIO_LAST 0x22001fffULL
/* SPI 32 is vpl011's (reserved by Xen); 64 is past nr_spis = 32. */
#define PROBE_SPI_OURS 33
#define PROBE_SPI_VPL011 32
#define PROBE_SPI_BEYOND 64

struct probe {
	xendevicemodel_handle *dmod;
	xenforeignmemory_handle *fmem;
	xenforeignmemory_resource_handle *resource;
	shared_iopage_t *page;
	domid_t domid;
	ioservid_t id;
	unsigned int nr_vcpus;
};

/* The errno of a call that returned rc, or 0 when it succeeded. */
static int errno_of(int rc)
{
	return rc ? errno : 0;
}

static void check_irq(struct probe *p, unsigned int spi, unsigned int level,
		      int want_errno)
{
	int rc = xendevicemodel_set_irq_level(p->dmod, p->domid, spi, level);

	is_num(errno_of(rc), want_errno, "set_irq_level(SPI %u, %u) -> %s",
	       spi, level, want_errno ? strerror(want_errno) : "0");
}

static int map_ioreq_page(struct probe *p)
{
	void *addr = NULL;

	p->resource = xenforeignmemory_map_resource(p->fmem, p->domid,
			XENMEM_resource_ioreq_server, p->id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1,
			&addr, PROT_READ | PROT_WRITE, 0);
	if (!p->resource)
		diag("map_resource: %s", strerror(errno));
	p->page = addr;
	return p->resource ? 0 : -1;
}

/* vp_eport is written by Xen only once a server with a page is enabled. */
static void check_enabled(struct probe *p)
{
	unsigned int v, bound = 0;

	for (v = 0; v < p->nr_vcpus; v++)
		bound += p->page->vcpu_ioreq[v].vp_eport != 0;
	is_num(bound, p->nr_vcpus, "every vCPU slot has its event channel");
}

static void run_checks(struct probe *p)
{
	int rc;

	if (!ok(map_ioreq_page(p) == 0, "ioreq page mapped"))
		return;
	rc = xendevicemodel_set_ioreq_server_state(p->dmod, p->domid, p->id, 1);
	if (!is_num(errno_of(rc), 0, "server enabled"))
		return;
	check_enabled(p);
	rc = xendevicemodel_map_io_range_to_ioreq_server(p->dmod, p->domid,
			p->id, 1, PROBE_MMIO_FIRST, PROBE_MMIO_LAST);
	is_num(errno_of(rc), 0, "MMIO 0x%llx-0x%llx claimed", PROBE_MMIO_FIRST,
	       PROBE_MMIO_LAST);
	check_irq(p, PROBE_SPI_OURS, 1, 0);
	check_irq(p, PROBE_SPI_OURS, 0, 0);
	check_irq(p, PROBE_SPI_VPL011, 1, EINVAL);
	check_irq(p, PROBE_SPI_BEYOND, 1, EINVAL);
	rc = xendevicemodel_set_ioreq_server_state(p->dmod, p->domid, p->id, 0);
	is_num(errno_of(rc), 0, "server disabled");
}

static int create_server(struct probe *p, int want_errno)
{
	int rc = xendevicemodel_create_ioreq_server(p->dmod, p->domid,
			HVM_IOREQSRV_BUFIOREQ_OFF, &p->id);

	is_num(errno_of(rc), want_errno, "create_ioreq_server -> %s",
	       want_errno ? strerror(want_errno) : "0");
	return rc;
}

static void teardown(struct probe *p)
{
	if (p->resource)
		ok(xenforeignmemory_unmap_resource(p->fmem, p->resource) == 0,
		   "ioreq page unmapped");
	is_num(errno_of(xendevicemodel_destroy_ioreq_server(p->dmod, p->domid,
							    p->id)),
	       0, "server destroyed");
}

/* Without CONFIG_IOREQ_SERVER there is no dm_op hypercall at all. */
static void probe_enosys(struct probe *p)
{
	int rc = xendevicemodel_nr_vcpus(p->dmod, p->domid, &p->nr_vcpus);

	is_num(errno_of(rc), ENOSYS, "nr_vcpus of domain %u -> %s", p->domid,
	       strerror(ENOSYS));
	create_server(p, ENOSYS);
}

static void probe(struct probe *p)
{
	int rc = xendevicemodel_nr_vcpus(p->dmod, p->domid, &p->nr_vcpus);

	if (!is_num(errno_of(rc), 0, "nr_vcpus of domain %u", p->domid))
		return;
	diag("domain %u has %u vCPUs", p->domid, p->nr_vcpus);
	if (create_server(p, 0))
		return;
	run_checks(p);
	teardown(p);
}

/*
 * --fast-path: the ioreq fast path (hypervisor-ioreq-arm/fast-path.md) on
 * the patched hypervisor.  The probe is the device model of its page: it
 * creates its server with HVM_IOREQSRV_BUFIOREQ_ATOMIC, maps the ring and
 * the published page, publishes two words and a posted range, and logs
 * what reaches it: ring entries (drained before every synchronous
 * request, as the contract asks) and synchronous requests.  The guest
 * (domu/fastpath.sh) writes every value it reads back to FP_REPORT, a
 * synchronous write, so the log shows what the guest got and whether an
 * ioreq came before it; FP_CTL makes the probe change its page between
 * steps.  The log must be fp_expected[], line by line.
 */
#define FP_POST		0x000u	/* posted range: this word */
#define FP_WORD		0x018u	/* published, with VALID_PENDING */
#define FP_WORD_IDLE	0x024u	/* published, value[IDLE] only */
#define FP_REPORT	0xff8u	/* the guest reports a value it read */
#define FP_CTL		0xffcu	/* the guest asks for a change (FP_CTL_*) */
#define FP_CREDIT	2u
#define FP_VALUES	{ 0x11223344u, 0x55667788u, 0x99aabbccu }
/* A synchronous read is answered with this | the register's offset. */
#define FP_ANSWER	0xdead0000u
#define FP_TIMEOUT_MS	300000
#define FP_MAX_VCPUS	(4096 / sizeof(ioreq_t))
#define FP_MAX_LOG	64

enum {
	FP_CTL_APPLY = 1,	/* publish applied = the ring entries taken */
	FP_CTL_CREDIT_1 = 2,	/* publish credit 1 */
	FP_CTL_TEAR = 3,	/* leave seq odd, as in the middle of an update */
	FP_CTL_MEND = 4,	/* seq even again */
	FP_CTL_DONE = 255,
};

static const struct {
	const char *event, *what;
} fp_expected[] = {
	{ "REPORT 0x11223344", "published word read without an ioreq: value[IDLE]" },
	{ "REPORT 0x00000033", "its byte at offset 1, without an ioreq" },
	{ "RING W 0x01000 1 0x41",
	  "posted write in the ring: low 20 address bits, size, data" },
	{ "REPORT 0x55667788", "1 pending (< credit 2): value[PENDING], no ioreq" },
	{ "SYNC R 0x22001024 4",
	  "word without VALID_PENDING, 1 pending: synchronous read" },
	{ "REPORT 0xdead0024", "the guest got the device model's answer" },
	{ "RING W 0x01000 4 0x42", "a 4-byte posted write" },
	{ "REPORT 0x99aabbcc", "credit (2) pending: value[FULL], no ioreq" },
	{ "SYNC W 0x22001000 1 0x43",
	  "no credit left: the write is synchronous, after the ring" },
	{ "CTL 2", "device model publishes credit 1 (2 pending)" },
	{ "SYNC R 0x22001018 4", "pending (2) beyond credit (1): synchronous read" },
	{ "REPORT 0xdead0018", "the guest got the device model's answer" },
	{ "CTL 1", "device model publishes applied = 2" },
	{ "REPORT 0x11223344", "all applied: value[IDLE], no ioreq" },
	{ "RING W 0x01000 1 0x44", "posted again after applied moved" },
	{ "CTL 3", "device model leaves seq odd" },
	{ "SYNC R 0x22001018 4", "page being updated: synchronous read" },
	{ "REPORT 0xdead0018", "the guest got the device model's answer" },
	{ "SYNC W 0x22001000 1 0x45", "page being updated: synchronous write" },
	{ "CTL 4", "device model makes seq even" },
	{ "REPORT 0x99aabbcc", "1 pending = credit 1: value[FULL], no ioreq" },
	{ "SYNC R 0x22001018 8", "an 8-byte read of a published word: synchronous" },
	{ "REPORT 0xdead0018", "the guest got the device model's answer" },
	{ "CTL 255", "the guest's last step" },
};

struct fast {
	struct probe *p;
	xenevtchn_handle *xce;
	xenforeignmemory_resource_handle *ring_res, *pub_res;
	buffered_iopage_t *ring;
	struct ioreq_published_page *pub;
	evtchn_port_t local[FP_MAX_VCPUS], buf_local;
	uint32_t taken;		/* ring entries taken */
	int done;
	unsigned int nr_log;
	char log[FP_MAX_LOG][40];
};

__attribute__((format(printf, 2, 3)))
static void fp_log(struct fast *f, const char *fmt, ...)
{
	va_list ap;

	if (f->nr_log == FP_MAX_LOG)
		return;
	va_start(ap, fmt);
	vsnprintf(f->log[f->nr_log++], sizeof(f->log[0]), fmt, ap);
	va_end(ap);
}

/* The device model's side of the seqlock: seq odd, contents, seq even. */
static void fp_publish(struct fast *f, uint32_t applied, uint32_t credit)
{
	struct ioreq_published_page *pg = f->pub;
	const uint32_t values[] = FP_VALUES;

	__atomic_store_n(&pg->seq, pg->seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	pg->applied = applied;
	pg->credit = credit;
	pg->post_first = PROBE_MMIO_FIRST + FP_POST;
	pg->post_last = PROBE_MMIO_FIRST + FP_POST + 3;
	pg->word[0].addr = PROBE_MMIO_FIRST + FP_WORD;
	memcpy(pg->word[0].value, values, sizeof(values));
	pg->word[0].flags = IOREQ_PUBLISHED_VALID_PENDING;
	pg->word[1].addr = PROBE_MMIO_FIRST + FP_WORD_IDLE;
	pg->word[1].value[IOREQ_PUBLISHED_IDLE] = 0x0000abcdu;
	pg->word[1].flags = 0;
	pg->nr_words = 2;
	__atomic_store_n(&pg->seq, pg->seq + 1, __ATOMIC_RELEASE);
}

static void fp_drain_ring(struct fast *f)
{
	buffered_iopage_t *b = f->ring;
	uint32_t rp = __atomic_load_n(&b->read_pointer, __ATOMIC_RELAXED);
	uint32_t wp = __atomic_load_n(&b->write_pointer, __ATOMIC_ACQUIRE);

	for (; rp != wp; rp++) {
		buf_ioreq_t e = b->buf_ioreq[rp % IOREQ_BUFFER_SLOT_NUM];

		fp_log(f, "RING %c 0x%05x %u 0x%x", e.dir ? 'R' : 'W',
		       (unsigned int)e.addr, 1u << e.size, e.data);
		f->taken++;
		/* Xen may rebase both pointers with a cmpxchg at any time. */
		__atomic_fetch_add(&b->read_pointer, 1, __ATOMIC_RELEASE);
	}
}

static void fp_control(struct fast *f, uint32_t cmd)
{
	fp_log(f, "CTL %u", cmd);
	switch (cmd) {
	case FP_CTL_APPLY:
		fp_publish(f, f->taken, f->pub->credit);
		break;
	case FP_CTL_CREDIT_1:
		fp_publish(f, f->pub->applied, 1);
		break;
	case FP_CTL_TEAR:
	case FP_CTL_MEND:
		__atomic_store_n(&f->pub->seq, f->pub->seq + 1, __ATOMIC_RELEASE);
		break;
	case FP_CTL_DONE:
		f->done = 1;
		break;
	}
}

/* A synchronous request: the ring first, then the slot's contents. */
static void fp_answer(struct fast *f, unsigned int vcpu)
{
	ioreq_t *req = &f->p->page->vcpu_ioreq[vcpu];
	uint64_t offset = req->addr - PROBE_MMIO_FIRST;
	uint64_t data;

	if (req->state != STATE_IOREQ_READY)
		return;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* as QEMU's xen_rmb() */
	fp_drain_ring(f);
	/* 4.17 sends the whole register: keep the access's bytes. */
	data = req->size < 8 ? req->data & ((1ull << (req->size * 8)) - 1)
			     : req->data;
	/* Anything else is the INVALIDATE every server must answer. */
	if (req->type != IOREQ_TYPE_COPY)
		goto done;
	if (req->dir == IOREQ_READ) {
		fp_log(f, "SYNC R 0x%llx %u", (unsigned long long)req->addr,
		       req->size);
		req->data = FP_ANSWER | offset;
	} else if (offset == FP_REPORT)
		fp_log(f, "REPORT 0x%08llx", (unsigned long long)data);
	else if (offset == FP_CTL)
		fp_control(f, (uint32_t)data);
	else
		fp_log(f, "SYNC W 0x%llx %u 0x%llx",
		       (unsigned long long)req->addr, req->size,
		       (unsigned long long)data);
done:
	__atomic_thread_fence(__ATOMIC_RELEASE);
	req->state = STATE_IORESP_READY;
	xenevtchn_notify(f->xce, f->local[vcpu]);
}

static xenforeignmemory_resource_handle *fp_map(struct fast *f,
		unsigned int frame, void **addr, const char *what)
{
	xenforeignmemory_resource_handle *res;

	*addr = NULL;
	res = xenforeignmemory_map_resource(f->p->fmem, f->p->domid,
			XENMEM_resource_ioreq_server, f->p->id, frame, 1, addr,
			PROT_READ | PROT_WRITE, 0);
	if (!ok(res != NULL, "%s (frame 0x%x) mapped", what, frame))
		diag("map_resource: %s", strerror(errno));
	return res;
}

/* Map, publish, enable, bind, claim; then the guest may run. */
static int fp_setup(struct fast *f, const char *readyfile)
{
	struct probe *p = f->p;
	evtchn_port_t buf_port = 0;
	void *addr;
	int rc, port, fd;

	rc = xendevicemodel_create_ioreq_server(p->dmod, p->domid,
			HVM_IOREQSRV_BUFIOREQ_ATOMIC, &p->id);
	if (!is_num(errno_of(rc), 0, "create_ioreq_server(BUFIOREQ_ATOMIC) -> 0"))
		return -1;
	if (!ok(map_ioreq_page(p) == 0, "ioreq page mapped"))
		return -1;
	f->ring_res = fp_map(f, XENMEM_resource_ioreq_server_frame_bufioreq,
			     &addr, "buffered ring");
	f->ring = addr;
	f->pub_res = fp_map(f, XENMEM_resource_ioreq_server_frame_published,
			    &addr, "published page");
	f->pub = addr;
	if (!f->ring_res || !f->pub_res)
		return -1;
	ok(f->pub->seq == 0 && f->pub->nr_words == 0 && f->pub->credit == 0,
	   "published page starts cleared");
	rc = xendevicemodel_get_ioreq_server_info(p->dmod, p->domid, p->id,
						  NULL, NULL, &buf_port);
	if (!ok(rc == 0 && buf_port != 0, "ring event channel %u", buf_port))
		return -1;
	fp_publish(f, 0, FP_CREDIT);
	rc = xendevicemodel_set_ioreq_server_state(p->dmod, p->domid, p->id, 1);
	if (!is_num(errno_of(rc), 0, "server enabled"))
		return -1;
	for (unsigned int v = 0; v < p->nr_vcpus; v++) {
		port = xenevtchn_bind_interdomain(f->xce, p->domid,
				p->page->vcpu_ioreq[v].vp_eport);
		if (port < 0)
			return -1;
		f->local[v] = (evtchn_port_t)port;
	}
	port = xenevtchn_bind_interdomain(f->xce, p->domid, buf_port);
	if (!ok(port >= 0, "every event channel bound"))
		return -1;
	f->buf_local = (evtchn_port_t)port;
	rc = xendevicemodel_map_io_range_to_ioreq_server(p->dmod, p->domid,
			p->id, 1, PROBE_MMIO_FIRST, PROBE_MMIO_LAST);
	if (!is_num(errno_of(rc), 0, "MMIO 0x%llx-0x%llx claimed",
		    PROBE_MMIO_FIRST, PROBE_MMIO_LAST))
		return -1;
	fd = open(readyfile, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	return fd < 0 ? -1 : 0;
}

/* Serve until the guest's last step (or the timeout), then compare. */
static void fp_serve_and_check(struct fast *f)
{
	struct pollfd pfd = { .fd = xenevtchn_fd(f->xce), .events = POLLIN };
	unsigned int i, n = sizeof(fp_expected) / sizeof(fp_expected[0]);

	while (!f->done && poll(&pfd, 1, FP_TIMEOUT_MS) > 0) {
		xenevtchn_port_or_error_t port = xenevtchn_pending(f->xce);

		if (port < 0)
			break;
		xenevtchn_unmask(f->xce, (evtchn_port_t)port);
		fp_drain_ring(f);
		for (unsigned int v = 0; v < f->p->nr_vcpus; v++)
			fp_answer(f, v);
	}
	ok(f->done, "the guest ran its steps (%u events seen)", f->nr_log);
	for (i = 0; i < n; i++) {
		const char *got = i < f->nr_log ? f->log[i] : "(nothing)";

		if (!ok(!strcmp(got, fp_expected[i].event), "%s: %s",
			fp_expected[i].what, fp_expected[i].event))
			diag("event %u was: %s", i + 1, got);
	}
	is_num(f->nr_log, n, "no other event");
	for (; i < f->nr_log; i++)
		diag("extra event: %s", f->log[i]);
}

static void fast_path(struct probe *p, const char *readyfile)
{
	struct fast f = { .p = p };
	int rc = xendevicemodel_nr_vcpus(p->dmod, p->domid, &p->nr_vcpus);

	if (!is_num(errno_of(rc), 0, "nr_vcpus of domain %u", p->domid) ||
	    p->nr_vcpus > FP_MAX_VCPUS)
		return;
	f.xce = xenevtchn_open(NULL, 0);
	if (!ok(f.xce != NULL, "evtchn opened"))
		return;
	if (fp_setup(&f, readyfile) == 0)
		fp_serve_and_check(&f);
	xendevicemodel_set_ioreq_server_state(p->dmod, p->domid, p->id, 0);
	if (f.pub_res)
		xenforeignmemory_unmap_resource(p->fmem, f.pub_res);
	if (f.ring_res)
		xenforeignmemory_unmap_resource(p->fmem, f.ring_res);
	teardown(p);
	xenevtchn_close(f.xce);
}

int main(int argc, char **argv)
{
	struct probe p = { 0 };
	int expect_enosys = argc > 2 && !strcmp(argv[2], "--expect-enosys");
	int fast = argc > 3 && !strcmp(argv[2], "--fast-path");

	if (argc < 2) {
		diag("usage: ioreq_probe DOMID "
		     "[--expect-enosys | --fast-path READYFILE]");
		return 2;
	}
	p.domid = (domid_t)strtoul(argv[1], NULL, 0);
	p.dmod = xendevicemodel_open(NULL, 0);
	p.fmem = xenforeignmemory_open(NULL, 0);
	if (ok(p.dmod && p.fmem, "devicemodel and foreignmemory opened")) {
		if (expect_enosys)
			probe_enosys(&p);
		else if (fast)
			fast_path(&p, argv[3]);
		else
			probe(&p);
	}
	if (p.fmem)
		xenforeignmemory_close(p.fmem);
	if (p.dmod)
		xendevicemodel_close(p.dmod);
	return tap_done();
}
