// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioreq_probe: runs in the dom0 of the QEMU harness (cross-built for arm64)
 * against a paused domU created with vuart="sbsa_uart", and checks through
 * the real libxendevicemodel/libxenforeignmemory that the hypervisor has
 * ioreq server support: create, map the ioreq page, enable, claim a PL011
 * page, set_irq_level on allowed and refused SPIs, tear down.  Prints TAP.
 * Usage: ioreq_probe DOMID [--expect-enosys]; with --expect-enosys it
 * checks instead that dm_ops fail with ENOSYS (a hypervisor without
 * CONFIG_IOREQ_SERVER, such as Debian's).  Knows nothing of the UART model.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <xendevicemodel.h>
#include <xenforeignmemory.h>
#include <xen/hvm/ioreq.h>
#include <xen/hvm/dm_op.h>
#include <xen/memory.h>

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

int main(int argc, char **argv)
{
	struct probe p = { 0 };
	int expect_enosys = argc > 2 && !strcmp(argv[2], "--expect-enosys");

	if (argc < 2) {
		diag("usage: ioreq_probe DOMID [--expect-enosys]");
		return 2;
	}
	p.domid = (domid_t)strtoul(argv[1], NULL, 0);
	p.dmod = xendevicemodel_open(NULL, 0);
	p.fmem = xenforeignmemory_open(NULL, 0);
	if (ok(p.dmod && p.fmem, "devicemodel and foreignmemory opened")) {
		if (expect_enosys)
			probe_enosys(&p);
		else
			probe(&p);
	}
	if (p.fmem)
		xenforeignmemory_close(p.fmem);
	if (p.dmod)
		xendevicemodel_close(p.dmod);
	return tap_done();
}
