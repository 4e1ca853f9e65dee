// SPDX-License-Identifier: GPL-2.0-only
/*
 * Restricted handles, as a deprivileged device model holds them (Xen's
 * docs/designs/qemu-deprivilege.md), through the simulated libraries and
 * the real libxentoolcore: with guests A and B, handles restricted to A
 * refuse every operation on B with the errno of Linux's privcmd or evtchn
 * driver while a device model's operations on A still work; ports bound
 * before keep working; a second restriction is refused as Linux refuses
 * it; xentoolcore_restrict_all() restricts all three kinds of handle; and
 * the hypervisor itself refuses a raw protocol message for B on a
 * restricted connection.  Unrestricted handles doing the same to B are the
 * control.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <xenctrl.h>	/* defines __XEN_TOOLS__ for hvm_op.h */
#include <xendevicemodel.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xentoolcore.h>
#include <xen/memory.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/ioreq.h>
#include "tap.h"
#include "sim.h"

#define BASE XENSIM_PL011_BASE
#define SPI 33		/* not the vuart's SPI 32 */

struct handles {
	xendevicemodel_handle *dmod;
	xenforeignmemory_handle *fmem;
	xenevtchn_handle *xce;
};

/* What the operations below act on. */
struct target {
	uint32_t domid;
	ioservid_t id;		/* an ioreq server of the domain */
	uint32_t port;		/* a port of the domain, unbound to dom0 */
};

static int open_handles(struct handles *h)
{
	h->dmod = xendevicemodel_open(NULL, 0);
	h->fmem = xenforeignmemory_open(NULL, 0);
	h->xce = xenevtchn_open(NULL, 0);
	return h->dmod && h->fmem && h->xce ? 0 : -1;
}

static void close_handles(struct handles *h)
{
	xenevtchn_close(h->xce);
	xenforeignmemory_close(h->fmem);
	xendevicemodel_close(h->dmod);
}

/* 0 for success, else the errno the call left. */
static int result(int ret)
{
	return ret < 0 ? errno : 0;
}

/*
 * One operation each on @t through @h: 0 or the errno it failed with.
 * What succeeds is undone, so that the same operation can run again.
 */
static int do_create(struct handles *h, const struct target *t)
{
	ioservid_t id;

	if (xendevicemodel_create_ioreq_server(h->dmod, t->domid,
					       HVM_IOREQSRV_BUFIOREQ_OFF,
					       &id) < 0)
		return errno;
	xendevicemodel_destroy_ioreq_server(h->dmod, t->domid, id);
	return 0;
}

static int do_info(struct handles *h, const struct target *t)
{
	return result(xendevicemodel_get_ioreq_server_info(h->dmod, t->domid,
							   t->id, NULL, NULL,
							   NULL));
}

static int do_map_range(struct handles *h, const struct target *t)
{
	if (xendevicemodel_map_io_range_to_ioreq_server(h->dmod, t->domid,
							t->id, 1, BASE,
							BASE + 0xfff) < 0)
		return errno;
	xendevicemodel_unmap_io_range_from_ioreq_server(h->dmod, t->domid,
							t->id, 1, BASE,
							BASE + 0xfff);
	return 0;
}

static int do_enable(struct handles *h, const struct target *t)
{
	return result(xendevicemodel_set_ioreq_server_state(h->dmod, t->domid,
							    t->id, 1));
}

static int do_irq(struct handles *h, const struct target *t)
{
	if (xendevicemodel_set_irq_level(h->dmod, t->domid, SPI, 1) < 0)
		return errno;
	xendevicemodel_set_irq_level(h->dmod, t->domid, SPI, 0);
	return 0;
}

static int do_nr_vcpus(struct handles *h, const struct target *t)
{
	unsigned int nr;

	return result(xendevicemodel_nr_vcpus(h->dmod, t->domid, &nr));
}

static int do_map_page(struct handles *h, const struct target *t)
{
	xen_pfn_t gfn = XENSIM_CONSOLE_GFN;
	int err = 0;
	void *p = xenforeignmemory_map(h->fmem, t->domid,
				       PROT_READ | PROT_WRITE, 1, &gfn, &err);

	if (!p)
		return errno;
	xenforeignmemory_unmap(h->fmem, p, 1);
	/*
	 * A page refused alone comes back negative: privcmd refuses a
	 * restricted batch whole (NULL, errno), never page by page.
	 */
	return err;
}

static int do_map_resource(struct handles *h, const struct target *t)
{
	xenforeignmemory_resource_handle *res;
	void *addr = NULL;

	res = xenforeignmemory_map_resource(h->fmem, t->domid,
			XENMEM_resource_ioreq_server, t->id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &addr,
			PROT_READ | PROT_WRITE, 0);
	if (!res)
		return errno;
	xenforeignmemory_unmap_resource(h->fmem, res);
	return 0;
}

static int do_resource_size(struct handles *h, const struct target *t)
{
	size_t size;

	return result(xenforeignmemory_resource_size(h->fmem, t->domid,
			XENMEM_resource_ioreq_server, t->id, &size));
}

/* @port is what a bind returned: 0 (and unbind it), or the bind's errno. */
static int unbind_new(struct handles *h, int port)
{
	if (port < 0)
		return errno;
	xenevtchn_unbind(h->xce, (evtchn_port_t)port);
	return 0;
}

static int do_bind(struct handles *h, const struct target *t)
{
	return unbind_new(h, xenevtchn_bind_interdomain(h->xce, t->domid,
							t->port));
}

static int do_bind_unbound(struct handles *h, const struct target *t)
{
	return unbind_new(h, xenevtchn_bind_unbound_port(h->xce, t->domid));
}

static int do_bind_virq(struct handles *h, const struct target *t)
{
	(void)t;
	return unbind_new(h, xenevtchn_bind_virq(h->xce, VIRQ_DEBUG));
}

static int do_destroy(struct handles *h, const struct target *t)
{
	return result(xendevicemodel_destroy_ioreq_server(h->dmod, t->domid,
							  t->id));
}

/*
 * Linux's answer on a handle restricted to another domain, and on one
 * restricted to the target: privcmd refuses a dm_op, mmapbatch or
 * mmap_resource for another domain EPERM; evtchn refuses an interdomain
 * binding to another domain EACCES, and new VIRQs or unbound ports EACCES
 * whatever the domain (drivers/xen/privcmd.c, drivers/xen/evtchn.c).
 */
static const struct op {
	const char *name;
	int (*fn)(struct handles *h, const struct target *t);
	int other, own;
} ops[] = {
	{ "xendevicemodel_create_ioreq_server", do_create, EPERM, 0 },
	{ "xendevicemodel_get_ioreq_server_info", do_info, EPERM, 0 },
	{ "xendevicemodel_map_io_range_to_ioreq_server", do_map_range,
	  EPERM, 0 },
	{ "xendevicemodel_set_ioreq_server_state", do_enable, EPERM, 0 },
	{ "xendevicemodel_set_irq_level", do_irq, EPERM, 0 },
	{ "xendevicemodel_nr_vcpus", do_nr_vcpus, EPERM, 0 },
	{ "xenforeignmemory_map of a guest page", do_map_page, EPERM, 0 },
	{ "xenforeignmemory_map_resource", do_map_resource, EPERM, 0 },
	{ "xenforeignmemory_resource_size", do_resource_size, EPERM, 0 },
	{ "xenevtchn_bind_interdomain", do_bind, EACCES, 0 },
	{ "xenevtchn_bind_unbound_port", do_bind_unbound, EACCES, EACCES },
	{ "xenevtchn_bind_virq", do_bind_virq, EACCES, EACCES },
	/* Last: it ends the target's server. */
	{ "xendevicemodel_destroy_ioreq_server", do_destroy, EPERM, 0 },
};

#define NR_OPS (sizeof(ops) / sizeof(ops[0]))

static const char *errno_name(int err)
{
	return err ? strerrorname_np(err) : "success";
}

enum restriction { UNRESTRICTED, TO_OTHER, TO_TARGET };

/* Run every operation on @t through @h, restricted as @r says. */
static void run_ops(struct handles *h, const struct target *t,
		    enum restriction r, const char *who)
{
	const struct op *op;
	int want;

	for (op = ops; op < ops + NR_OPS; op++) {
		want = r == UNRESTRICTED ? 0 : r == TO_OTHER ? op->other :
		       op->own;
		is_num((uint64_t)op->fn(h, t), (uint64_t)want,
		       "%s: %s on d%u: %s", who, op->name, t->domid,
		       errno_name(want));
	}
}

static int restrict_handles(struct handles *h, uint32_t domid)
{
	return xendevicemodel_restrict(h->dmod, (domid_t)domid) ||
	       xenforeignmemory_restrict(h->fmem, (domid_t)domid) ||
	       xenevtchn_restrict(h->xce, (domid_t)domid);
}

/* A device model's life on its own guest, on handles restricted to it. */
static ioservid_t serve_own(struct handles *h, uint32_t domid)
{
	xenforeignmemory_resource_handle *res;
	shared_iopage_t *page;
	void *addr = NULL;
	ioservid_t id = 0;
	int port = -1;

	ok(xendevicemodel_create_ioreq_server(h->dmod, domid,
					      HVM_IOREQSRV_BUFIOREQ_OFF,
					      &id) == 0,
	   "restricted to A: create an ioreq server on A");
	res = xenforeignmemory_map_resource(h->fmem, domid,
			XENMEM_resource_ioreq_server, id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &addr,
			PROT_READ | PROT_WRITE, 0);
	page = addr;
	ok(res != NULL, "  map its ioreq page");
	ok(xendevicemodel_set_ioreq_server_state(h->dmod, domid, id, 1) == 0,
	   "  enable it");
	if (res)
		port = xenevtchn_bind_interdomain(h->xce, domid,
						  page->vcpu_ioreq[0].vp_eport);
	ok(port > 0, "  bind its vCPU port");
	ok(xenevtchn_notify(h->xce, (evtchn_port_t)port) == 0, "  notify it");
	xenevtchn_unbind(h->xce, (evtchn_port_t)port);
	xenforeignmemory_unmap_resource(h->fmem, res);
	return id;
}

/*
 * Ports are refused by ownership, not domain: a port another handle bound
 * to A is not ours (IOCTL_EVTCHN_NOTIFY/UNBIND: ENOTCONN), while one we
 * bound to B before the restriction keeps working.
 */
static void test_ports(struct handles *h, const struct sim_guest *a,
		       int prebound)
{
	xenevtchn_handle *other = xenevtchn_open(NULL, 0);
	int theirs = xenevtchn_bind_interdomain(other, a->domid,
						a->console_port);

	ok(theirs > 0, "another handle binds A's console port");
	ok(xenevtchn_notify(h->xce, (evtchn_port_t)theirs) < 0 &&
	   errno == ENOTCONN, "restricted to A: notifying it fails ENOTCONN");
	ok(xenevtchn_unbind(h->xce, (evtchn_port_t)theirs) < 0 &&
	   errno == ENOTCONN, "  unbinding it fails ENOTCONN");
	xenevtchn_close(other);
	ok(prebound > 0 && xenevtchn_notify(h->xce,
					    (evtchn_port_t)prebound) == 0,
	   "  a port bound to B before the restriction can still notify");
}

/* privcmd_ioctl_restrict, and IOCTL_EVTCHN_RESTRICT_DOMID once only. */
static void test_restrict_again(struct handles *h, uint32_t a, uint32_t b)
{
	ok(xendevicemodel_restrict(h->dmod, (domid_t)a) == 0 &&
	   xenforeignmemory_restrict(h->fmem, (domid_t)a) == 0,
	   "privcmd handles: restricting to A again succeeds");
	ok(xendevicemodel_restrict(h->dmod, (domid_t)b) < 0 && errno == EINVAL,
	   "xendevicemodel_restrict to B fails EINVAL");
	ok(xenforeignmemory_restrict(h->fmem, (domid_t)b) < 0 &&
	   errno == EINVAL, "xenforeignmemory_restrict to B fails EINVAL");
	ok(xenevtchn_restrict(h->xce, (domid_t)a) < 0 && errno == EACCES,
	   "xenevtchn_restrict again, even to A, fails EACCES");
	ok(xenevtchn_restrict(h->xce, (domid_t)b) < 0 && errno == EACCES,
	   "xenevtchn_restrict to B fails EACCES");
}

static void test_restricted(const struct sim_guest *a, struct target *ta,
			    const struct sim_guest *b, const struct target *tb)
{
	struct handles h;
	int prebound;

	if (open_handles(&h) < 0) {
		ok(0, "open handles");
		return;
	}
	prebound = xenevtchn_bind_interdomain(h.xce, b->domid, b->vuart_port);
	ok(restrict_handles(&h, a->domid) == 0,
	   "xendevicemodel_restrict, xenforeignmemory_restrict, "
	   "xenevtchn_restrict to A");
	run_ops(&h, tb, TO_OTHER, "restricted to A");
	test_ports(&h, a, prebound);
	ta->id = serve_own(&h, a->domid);
	run_ops(&h, ta, TO_TARGET, "restricted to A");
	test_restrict_again(&h, a->domid, b->domid);
	close_handles(&h);
}

static void test_restrict_all(const struct target *ta,
			      const struct target *tb)
{
	struct handles h, closed;

	/* A closed handle must have left libxentoolcore's list. */
	if (open_handles(&closed) == 0)
		close_handles(&closed);
	if (open_handles(&h) < 0) {
		ok(0, "open handles");
		return;
	}
	ok(xentoolcore_restrict_all((domid_t)ta->domid) == 0,
	   "xentoolcore_restrict_all(A)");
	is_num((uint64_t)do_create(&h, tb), EPERM,
	       "  restricts the devicemodel handle: B refused EPERM");
	is_num((uint64_t)do_map_page(&h, tb), EPERM,
	       "  the foreignmemory handle: B refused EPERM");
	is_num((uint64_t)do_bind(&h, tb), EACCES,
	       "  the evtchn handle: B refused EACCES");
	ok(!do_nr_vcpus(&h, ta) && !do_map_page(&h, ta) && !do_bind(&h, ta),
	   "  and all three still serve A");
	ok(xentoolcore_restrict_all((domid_t)ta->domid) < 0 && errno == EACCES,
	   "again: EACCES, as the evtchn driver restricts only once");
	close_handles(&h);
}

/* The hypervisor holds the connection to it, whatever the caller sends. */
static void test_raw(const struct target *ta, const struct target *tb)
{
	struct xensim_conn raw;
	uint32_t b = tb->domid;

	if (xensim_connect(&raw, 0, 0) < 0) {
		ok(0, "raw connection");
		return;
	}
	ok(xensim_simple(&raw, XS_OP_NR_VCPUS, b, 0, 0, 0, 0) > 0,
	   "raw: unrestricted, a dm_op on B works");
	is_num((uint64_t)xensim_simple(&raw, XS_OP_PRIVCMD_RESTRICT, 0,
				       ta->domid, 0, 0, 0), 0,
	       "raw: restrict the connection to A");
	is_num((uint64_t)-xensim_simple(&raw, XS_OP_NR_VCPUS, b, 0, 0, 0, 0),
	       EPERM, "raw: then a dm_op on B is refused EPERM");
	is_num((uint64_t)-xensim_simple(&raw, XS_OP_MAP_FOREIGN, b,
					XENSIM_CONSOLE_GFN, 0, 0, 0),
	       EPERM, "raw: a foreign map of B's page EPERM");
	is_num((uint64_t)-xensim_simple(&raw, XS_OP_EVTCHN_BIND_INTERDOMAIN, b,
					tb->port, 0, 0, 0),
	       EACCES, "raw: binding to B's port EACCES");
	is_num((uint64_t)-xensim_simple(&raw, XS_OP_DOMAIN_DESTROY, b, 0, 0, 0,
					0),
	       EPERM, "raw: destroying B, a hypercall, EPERM");
	is_num((uint64_t)-xensim_simple(&raw, XS_OP_HELLO, 0, b, 0, 0, 0),
	       EPERM, "raw: saying hello again as guest B EPERM");
	ok(xensim_simple(&raw, XS_OP_NR_VCPUS, ta->domid, 0, 0, 0, 0) > 0,
	   "raw: a dm_op on A still works");
	xensim_disconnect(&raw);
}

int main(int argc, char **argv)
{
	struct sim_guest a, b;
	struct target ta, tb;
	struct handles ctl;

	(void)argc;
	sim_start(argv[0]);
	sim_create(&a, 1, 2, 0);
	sim_create(&b, 1, 2, 1);
	ta = (struct target){ .domid = a.domid, .port = a.console_port };
	tb = (struct target){ .domid = b.domid, .port = b.console_port };
	if (open_handles(&ctl) < 0 ||
	    xendevicemodel_create_ioreq_server(ctl.dmod, b.domid,
					       HVM_IOREQSRV_BUFIOREQ_OFF,
					       &tb.id) < 0) {
		ok(0, "unrestricted handles create a server on B");
		sim_stop();
		return tap_done();
	}
	test_restricted(&a, &ta, &b, &tb);
	run_ops(&ctl, &tb, UNRESTRICTED, "unrestricted");
	close_handles(&ctl);
	test_restrict_all(&ta, &tb);
	test_raw(&ta, &tb);
	sim_stop();
	return tap_done();
}
