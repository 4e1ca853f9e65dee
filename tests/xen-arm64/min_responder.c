// SPDX-License-Identifier: GPL-2.0-only
/*
 * min_responder: the yardstick of issue 6's three-console comparison,
 * rebuilt so that it runs on the same machine as our daemon: a minimal
 * ioreq server for a guest's PL011 page, with no FIFO and no interrupt.
 * FR always reads TXFE|RXFE (never full, never busy), the ID registers
 * read their PrimeCell values, everything else reads 0; each DR write is
 * one write(2) of its byte to OUTFILE; every request is answered at once.
 * Runs in the dom0 of the QEMU harness (cross-built for arm64):
 *   min_responder DOMID OUTFILE READYFILE [BASE]
 * BASE is the page's guest address (default: the 4.17 route's).
 * READYFILE is created once the page is claimed (unpause the guest then).
 * Serves until the domain goes away.  Knows nothing of our UART model.
 */
#include <errno.h>
#include <fcntl.h>
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

/* The PL011 page on the 4.17 route (guest-pl011.dts) and its registers. */
#define DEFAULT_BASE	0x22001000ull
#define UART_SIZE	0x1000u
#define REG_DR		0x000u
#define REG_FR		0x018u
#define REG_ID_FIRST	0xfe0u
#define FR_IDLE		0x90u	/* TXFE | RXFE */
#define MAX_VCPUS	(4096 / sizeof(ioreq_t))

static const uint8_t id_bytes[8] = {
	0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

struct responder {
	xendevicemodel_handle *dm;
	xenforeignmemory_handle *fm;
	xenevtchn_handle *xce;
	shared_iopage_t *page;
	domid_t domid;
	uint64_t base;
	ioservid_t id;
	unsigned int nr_vcpus;
	evtchn_port_t local[MAX_VCPUS];
	int out;
};

static void die(const char *what)
{
	fprintf(stderr, "min_responder: %s: %s\n", what, strerror(errno));
	exit(1);
}

static uint64_t mmio_read(uint64_t offset)
{
	if (offset == REG_FR)
		return FR_IDLE;
	if (offset >= REG_ID_FIRST && offset < UART_SIZE)
		return id_bytes[(offset - REG_ID_FIRST) / 4];
	return 0;
}

static void answer(struct responder *r, unsigned int vcpu)
{
	ioreq_t *req = &r->page->vcpu_ioreq[vcpu];
	uint8_t c;

	if (req->state != STATE_IOREQ_READY)
		return;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* as QEMU's xen_rmb() */
	if (req->type == IOREQ_TYPE_COPY && req->dir == IOREQ_READ)
		req->data = mmio_read(req->addr - r->base);
	else if (req->type == IOREQ_TYPE_COPY && req->addr == r->base + REG_DR) {
		c = (uint8_t)req->data;
		if (write(r->out, &c, 1) != 1)
			die("write");
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* data before state */
	req->state = STATE_IORESP_READY;
	xenevtchn_notify(r->xce, r->local[vcpu]);
}

static void claim(struct responder *r)
{
	xenforeignmemory_resource_handle *res;
	void *addr = NULL;

	if (xendevicemodel_nr_vcpus(r->dm, r->domid, &r->nr_vcpus) ||
	    r->nr_vcpus > MAX_VCPUS)
		die("nr_vcpus");
	if (xendevicemodel_create_ioreq_server(r->dm, r->domid,
					       HVM_IOREQSRV_BUFIOREQ_OFF, &r->id))
		die("create_ioreq_server");
	res = xenforeignmemory_map_resource(r->fm, r->domid,
			XENMEM_resource_ioreq_server, r->id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &addr,
			PROT_READ | PROT_WRITE, 0);
	if (!res)
		die("map_resource");
	r->page = addr;
	if (xendevicemodel_set_ioreq_server_state(r->dm, r->domid, r->id, 1))
		die("set_ioreq_server_state");
	for (unsigned int v = 0; v < r->nr_vcpus; v++) {
		int port = xenevtchn_bind_interdomain(r->xce, r->domid,
				r->page->vcpu_ioreq[v].vp_eport);

		if (port < 0)
			die("bind_interdomain");
		r->local[v] = (evtchn_port_t)port;
	}
	if (xendevicemodel_map_io_range_to_ioreq_server(r->dm, r->domid, r->id,
			1, r->base, r->base + UART_SIZE - 1))
		die("map_io_range_to_ioreq_server");
}

int main(int argc, char **argv)
{
	struct responder r = { .out = -1 };
	int ready;

	if (argc != 4 && argc != 5) {
		fprintf(stderr,
			"usage: min_responder DOMID OUTFILE READYFILE [BASE]\n");
		return 2;
	}
	r.domid = (domid_t)strtoul(argv[1], NULL, 0);
	r.base = argc == 5 ? strtoull(argv[4], NULL, 0) : DEFAULT_BASE;
	r.out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	r.dm = xendevicemodel_open(NULL, 0);
	r.fm = xenforeignmemory_open(NULL, 0);
	r.xce = xenevtchn_open(NULL, 0);
	if (r.out < 0 || !r.dm || !r.fm || !r.xce)
		die("open");
	claim(&r);
	ready = open(argv[3], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (ready < 0)
		die(argv[3]);
	close(ready);
	for (;;) {
		xenevtchn_port_or_error_t port = xenevtchn_pending(r.xce);

		if (port < 0)
			die("pending (the domain is gone?)");
		for (unsigned int v = 0; v < r.nr_vcpus; v++)
			if (r.local[v] == (evtchn_port_t)port)
				answer(&r, v);
		xenevtchn_unmask(r.xce, (evtchn_port_t)port);
	}
}
