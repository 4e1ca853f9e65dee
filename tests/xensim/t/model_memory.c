// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated guest memory through the simulated libxengnttab,
 * libxenforeignmemory and libxenctrl: a grant map and a foreign map are
 * the very page the guest writes; a destroyed domain stays "dying" while
 * a mapping of it exists and leaves getinfo when the last one goes; the
 * vuart ring works as Xen/Arm's xenconsoled maps it; a guest connection
 * cannot use toolstack calls.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <xenctrl.h>
#include <xengnttab.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xen/io/console.h>
#include "tap.h"
#include "sim.h"
#include "../guest.h"

static struct sim_guest g;

/* Info for exactly @domid: 1 found, 0 not, -1 error. */
static int info_of(xc_interface *xc, uint32_t domid, xc_dominfo_t *info)
{
	int n = xc_domain_getinfo(xc, domid, 1, info);

	if (n < 0)
		return -1;
	return n == 1 && info->domid == domid;
}

static void test_getinfo(xc_interface *xc)
{
	xc_domaininfo_t list[4];
	xc_dominfo_t info;
	int n;

	ok(info_of(xc, g.domid, &info) == 1 && info.hvm && !info.dying &&
	   !info.paused && info.max_vcpu_id == 1,
	   "xc_domain_getinfo: a running 2-vCPU Arm (hvm) guest");
	n = xc_domain_getinfolist(xc, 0, 4, list);
	ok(n == 2 && list[0].domain == 0 && list[1].domain == g.domid &&
	   (list[1].flags & XEN_DOMINF_hvm_guest),
	   "xc_domain_getinfolist: dom0 and the guest");
}

static void test_maps(struct xensim_guest *guest, xengnttab_handle *xgt,
		      xenforeignmemory_handle *fm, void **grant, void **gfn)
{
	xen_pfn_t pfns[2] = { XENSIM_CONSOLE_GFN, 0x12345 };
	struct xencons_interface *by_grant, *by_gfn;
	int errs[2];
	void *two;

	*grant = by_grant = xengnttab_map_grant_ref(xgt, g.domid,
						    GNTTAB_RESERVED_CONSOLE,
						    PROT_READ | PROT_WRITE);
	*gfn = by_gfn = xenforeignmemory_map(fm, g.domid,
					     PROT_READ | PROT_WRITE, 1, pfns,
					     NULL);
	ok(by_grant && by_gfn, "grant map of ref 0, foreign map of its gfn");
	guest_console_write(guest, GUEST_CONSOLE_PV, "abc", 3, 1000);
	ok(by_grant && !memcmp(by_grant->out, "abc", 3) &&
	   by_grant->out_prod == 3, "the grant map sees the guest's write");
	ok(by_gfn && !memcmp(by_gfn->out, "abc", 3),
	   "so does the foreign map");
	ok(!xengnttab_map_grant_ref(xgt, g.domid, 7, PROT_READ) &&
	   errno == EINVAL, "an unused grant ref fails EINVAL");
	two = xenforeignmemory_map(fm, g.domid, PROT_READ, 2, pfns, errs);
	ok(two && errs[0] == 0 && errs[1] == -EINVAL,
	   "with err[], a bad gfn fails alone");
	xenforeignmemory_unmap(fm, two, 2);
}

static void test_destroy(xc_interface *xc, xengnttab_handle *xgt,
			 xenforeignmemory_handle *fm, void *grant, void *gfn)
{
	xc_dominfo_t info;

	xensim_simple(&sim_tool, XS_OP_DOMAIN_DESTROY, g.domid, 0, 0, 0, 0);
	ok(info_of(xc, g.domid, &info) == 1 && info.dying,
	   "destroyed but mapped: dying");
	ok(!memcmp(((struct xencons_interface *)grant)->out, "abc", 3),
	   "the mapping stays valid meanwhile");
	xengnttab_unmap(xgt, grant, 1);
	ok(info_of(xc, g.domid, &info) == 1,
	   "still there with one mapping left");
	xenforeignmemory_unmap(fm, gfn, 1);
	is_num((uint64_t)info_of(xc, g.domid, &info), 0,
	       "gone from getinfo once the last mapping is dropped");
}

static void test_guest_limits(struct xensim_guest *guest)
{
	struct xensim_conn as_guest;
	int64_t ret = -1;

	if (xensim_connect(&as_guest, g.domid, 0) == 0) {
		ret = xensim_simple(&as_guest, XS_OP_DOMAIN_CREATE, 0, 1, 0, 0,
				    0);
		xensim_disconnect(&as_guest);
	}
	is_num((uint64_t)-ret, EPERM, "a guest cannot create domains");
	ok(guest_console_write(guest, GUEST_CONSOLE_VUART, "x", 1, 100) ==
	   -ENODEV, "a guest without a vuart has no vuart ring");
}

/*
 * The vuart ring as Xen/Arm's xenconsoled reaches it (use_gnttab=false):
 * foreign map of the vuart gfn plus the vuart port, here played by the
 * guest API standing in for Xen's vpl011.
 */
static void test_vuart(xenforeignmemory_handle *fm)
{
	xen_pfn_t pfn = XENSIM_VUART_GFN;
	struct xencons_interface *ring;
	struct xensim_guest *guest;
	xenevtchn_handle *xce = xenevtchn_open(NULL, 0);
	struct sim_guest v;
	char buf[8] = "";
	int port;

	sim_create(&v, 1, 0, 1);
	guest = guest_attach(v.domid);
	ring = xenforeignmemory_map(fm, v.domid, PROT_READ | PROT_WRITE, 1,
				    &pfn, NULL);
	port = xenevtchn_bind_interdomain(xce, v.domid, v.vuart_port);
	ok(guest && ring && port > 0, "vuart ring mapped by gfn, port bound");
	if (!guest || !ring || port <= 0)
		return;
	xenevtchn_pending(xce);		/* the binding's own event */
	xenevtchn_unmask(xce, (evtchn_port_t)port);
	guest_console_write(guest, GUEST_CONSOLE_VUART, "uart", 4, 1000);
	ok(sim_readable(xenevtchn_fd(xce), 1000) &&
	   xenevtchn_pending(xce) == port && !memcmp(ring->out, "uart", 4),
	   "a vuart write lands in the ring and notifies the backend");
	memcpy(ring->in, "rx", 2);
	__atomic_store_n(&ring->in_prod, 2, __ATOMIC_RELEASE);
	xenevtchn_notify(xce, (evtchn_port_t)port);
	ok(guest_console_read(guest, GUEST_CONSOLE_VUART, buf, sizeof(buf),
			      1000) == 2 && !memcmp(buf, "rx", 2),
	   "backend input reaches the guest's vuart");
	xenforeignmemory_unmap(fm, ring, 1);
	xenevtchn_close(xce);
	guest_detach(guest);
}

int main(int argc, char **argv)
{
	xc_interface *xc;
	xengnttab_handle *xgt;
	xenforeignmemory_handle *fm;
	struct xensim_guest *guest;
	void *grant, *gfn;

	(void)argc;
	sim_start(argv[0]);
	sim_create(&g, 2, 0, 0);
	guest = guest_attach(g.domid);
	xc = xc_interface_open(NULL, NULL, 0);
	xgt = xengnttab_open(NULL, 0);
	fm = xenforeignmemory_open(NULL, 0);
	ok(guest && xc && xgt && fm, "guest attached, handles open");
	if (!guest || !xc || !xgt || !fm)
		return tap_done();
	test_getinfo(xc);
	test_guest_limits(guest);
	test_vuart(fm);
	test_maps(guest, xgt, fm, &grant, &gfn);
	guest_detach(guest);
	test_destroy(xc, xgt, fm, grant, gfn);
	xenforeignmemory_close(fm);
	xengnttab_close(xgt);
	xc_interface_close(xc);
	sim_stop();
	return tap_done();
}
