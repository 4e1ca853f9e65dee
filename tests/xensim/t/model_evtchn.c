// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated event channels and hypervisor console, through the
 * simulated libxenevtchn and libxenctrl: Xen's port states, Linux evtchn
 * delivery (a fired port stays masked until unmasked), cleanup when a
 * handle closes, VIRQ exclusivity, xc_readconsolering, and ENOSYS for a
 * call the simulation does not implement.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <xenctrl.h>
#include <xenevtchn.h>
#include "tap.h"
#include "sim.h"

static struct sim_guest g;
static struct xensim_conn guest;	/* the guest "kernel" */

static int guest_event(int ms)
{
	uint32_t port;

	if (!sim_readable(guest.event_fd, ms))
		return -1;
	if (read(guest.event_fd, &port, sizeof(port)) != sizeof(port))
		return -1;
	xensim_simple(&guest, XS_OP_EVTCHN_UNMASK, 0, port, 0, 0, 0);
	return (int)port;
}

static xc_evtchn_status_t status_of(xc_interface *xc, uint32_t dom,
				    uint32_t port)
{
	xc_evtchn_status_t st = { .dom = (domid_t)dom, .port = port };

	if (xc_evtchn_status(xc, &st) < 0)
		st.status = 0xff;
	return st;
}

static void test_interdomain(xc_interface *xc)
{
	xenevtchn_handle *xce = xenevtchn_open(NULL, 0);
	int fd = xenevtchn_fd(xce), local;
	xc_evtchn_status_t st;

	local = xenevtchn_bind_interdomain(xce, g.domid, g.console_port);
	ok(local > 0, "bind_interdomain to the guest's unbound port");
	ok(sim_readable(fd, 1000) && xenevtchn_pending(xce) == local,
	   "a fresh binding is pending, as Xen sets it");
	xenevtchn_unmask(xce, (evtchn_port_t)local);
	st = status_of(xc, DOMID_SELF, (uint32_t)local);
	ok(st.status == EVTCHNSTAT_interdomain &&
	   st.u.interdomain.dom == g.domid &&
	   st.u.interdomain.port == g.console_port,
	   "xc_evtchn_status: interdomain to the guest's port");

	xensim_simple(&guest, XS_OP_EVTCHN_NOTIFY, 0, g.console_port, 0, 0, 0);
	ok(sim_readable(fd, 1000) && xenevtchn_pending(xce) == local,
	   "guest notify makes the fd readable with our port");
	xensim_simple(&guest, XS_OP_EVTCHN_NOTIFY, 0, g.console_port, 0, 0, 0);
	ok(!sim_readable(fd, 100), "a masked port is not delivered again");
	xenevtchn_unmask(xce, (evtchn_port_t)local);
	ok(sim_readable(fd, 1000) && xenevtchn_pending(xce) == local,
	   "unmask delivers the event that came while masked");
	xenevtchn_unmask(xce, (evtchn_port_t)local);
	ok(!sim_readable(fd, 100), "...once");

	xenevtchn_notify(xce, (evtchn_port_t)local);
	is_num((uint64_t)guest_event(1000), g.console_port,
	       "our notify reaches the guest's port");
	ok(xenevtchn_unbind(xce, 999) < 0 && errno == ENOTCONN,
	   "unbinding a port we do not own fails ENOTCONN, as Linux's");
	ok(xenevtchn_notify(xce, 999) < 0 && errno == ENOTCONN,
	   "notifying one fails ENOTCONN");

	xenevtchn_close(xce);
	st = status_of(xc, g.domid, g.console_port);
	ok(st.status == EVTCHNSTAT_unbound && st.u.unbound.dom == 0,
	   "closing the handle leaves the guest's port unbound to dom0");
	xce = xenevtchn_open(NULL, 0);
	ok(xenevtchn_bind_interdomain(xce, g.domid, g.console_port) > 0,
	   "so a new handle can bind it again");
	xenevtchn_close(xce);
}

static void test_virq_and_conring(xc_interface *xc)
{
	xenevtchn_handle *a = xenevtchn_open(NULL, 0);
	xenevtchn_handle *b = xenevtchn_open(NULL, 0);
	struct xensim_req req = { .op = XS_OP_CONSOLE_WRITE };
	char buf[1024] = "";
	unsigned int size = sizeof(buf) - 1;
	uint32_t index = 0;
	int port = xenevtchn_bind_virq(a, VIRQ_CON_RING);

	ok(port > 0, "bind VIRQ_CON_RING");
	ok(xenevtchn_bind_virq(b, VIRQ_CON_RING) < 0 && errno == EEXIST,
	   "a second binding of the VIRQ fails EEXIST");
	xensim_call(&sim_tool, &req, "(XEN) ping\n", 11, NULL, 0, NULL);
	ok(sim_readable(xenevtchn_fd(a), 1000) && xenevtchn_pending(a) == port,
	   "a console write raises VIRQ_CON_RING");
	xc_readconsolering(xc, buf, &size, 0, 1, &index);
	ok(strstr(buf, "(XEN) ping\n") && index == size && index > 11,
	   "xc_readconsolering returns the ring and advances the index");
	size = sizeof(buf) - 1;
	xc_readconsolering(xc, buf, &size, 0, 1, &index);
	is_num(size, 0, "an incremental read at the end returns nothing");
	xenevtchn_close(a);
	ok(xenevtchn_bind_virq(b, VIRQ_CON_RING) > 0,
	   "the VIRQ is free again once its handle closed");
	ok(!xenevtchn_fdopen(NULL, xenevtchn_fd(b), 0) && errno == ENOSYS,
	   "an unimplemented call fails ENOSYS");
	xenevtchn_close(b);
}

int main(int argc, char **argv)
{
	xc_interface *xc;

	(void)argc;
	sim_start(argv[0]);
	sim_create(&g, 1, 0, 0);
	if (xensim_connect(&guest, g.domid, 1) < 0)
		return 1;
	xc = xc_interface_open(NULL, NULL, 0);
	ok(xc != NULL, "xc_interface_open");
	test_interdomain(xc);
	test_virq_and_conring(xc);
	xc_interface_close(xc);
	xensim_disconnect(&guest);
	sim_stop();
	return tap_done();
}
