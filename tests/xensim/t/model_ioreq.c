// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest MMIO through the simulated hypervisor's embedded ioreq model, with
 * this test as the device model (simulated libxendevicemodel,
 * libxenforeignmemory map_resource and libxenevtchn) and a thread as the
 * guest vCPU (guest API): loads/stores of 1/2/4/8 bytes reach the server's
 * shared page and complete with Xen 4.17's data rules; unclaimed addresses
 * abort; set_irq_level injects SPIs; a domain destroyed while a vCPU waits
 * on an ioreq releases it; a dead device model leaves no server behind.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <xenctrl.h>	/* defines __XEN_TOOLS__ for hvm_op.h */
#include <xendevicemodel.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xen/memory.h>
#include <xen/hvm/hvm_op.h>
#include <ioreq_arm.h>
#include "tap.h"
#include "sim.h"
#include "../guest.h"

#define NR_VCPUS 2
#define BASE XENSIM_PL011_BASE
#define NO_REPLY (~0ull)

struct dm {
	uint32_t domid;
	xendevicemodel_handle *dmod;
	xenforeignmemory_handle *fm;
	xenforeignmemory_resource_handle *res;
	xenevtchn_handle *xce;
	shared_iopage_t *page;
	ioservid_t id;
	int ports[NR_VCPUS];
};

struct access {
	struct xensim_guest *guest;
	unsigned int vcpu, size;
	int write;
	uint64_t gpa, value;
	int ret;
	pthread_t thread;
};

static int dm_handles(struct dm *dm, uint32_t domid)
{
	memset(dm, 0, sizeof(*dm));
	dm->domid = domid;
	dm->dmod = xendevicemodel_open(NULL, 0);
	dm->fm = xenforeignmemory_open(NULL, 0);
	dm->xce = xenevtchn_open(NULL, 0);
	return dm->dmod && dm->fm && dm->xce ? 0 : -1;
}

static int dm_map(struct dm *dm)
{
	void *addr = NULL;

	dm->res = xenforeignmemory_map_resource(dm->fm, dm->domid,
			XENMEM_resource_ioreq_server, dm->id,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &addr,
			PROT_READ | PROT_WRITE, 0);
	dm->page = addr;
	return dm->res ? 0 : -1;
}

/* Bind the vCPU ports Xen published in the (enabled) server's page. */
static int dm_bind(struct dm *dm)
{
	unsigned int v;

	for (v = 0; v < NR_VCPUS; v++) {
		dm->ports[v] = xenevtchn_bind_interdomain(dm->xce, dm->domid,
					dm->page->vcpu_ioreq[v].vp_eport);
		if (dm->ports[v] < 0)
			return -1;
	}
	return 0;
}

static int dm_open(struct dm *dm, uint32_t domid)
{
	/* Map before enabling: Xen publishes the ports only then. */
	if (dm_handles(dm, domid) ||
	    xendevicemodel_create_ioreq_server(dm->dmod, domid,
					       HVM_IOREQSRV_BUFIOREQ_OFF,
					       &dm->id) < 0 ||
	    dm_map(dm) ||
	    xendevicemodel_set_ioreq_server_state(dm->dmod, domid, dm->id, 1) ||
	    dm_bind(dm))
		return -1;
	return xendevicemodel_map_io_range_to_ioreq_server(dm->dmod, domid,
			dm->id, 1, BASE, BASE + 0xfff);
}

/* A restarted device model takes over server id as it was left. */
static int dm_adopt(struct dm *dm, uint32_t domid, ioservid_t id)
{
	if (dm_handles(dm, domid))
		return -1;
	dm->id = id;
	return dm_map(dm) || dm_bind(dm) ? -1 : 0;
}

static void dm_close(struct dm *dm)
{
	xenforeignmemory_unmap_resource(dm->fm, dm->res);
	xenevtchn_close(dm->xce);
	xenforeignmemory_close(dm->fm);
	xendevicemodel_close(dm->dmod);
}

/*
 * Wait for the next ioreq, copy it to @seen, and answer it with @reply
 * (the data of a read) unless @reply is NO_REPLY.  Returns the vCPU or -1.
 */
/* Answer vCPU v's request if it has one waiting; true if it had. */
static bool dm_answer(struct dm *dm, int v, uint64_t reply, ioreq_t *seen)
{
	ioreq_t *slot = &dm->page->vcpu_ioreq[v];

	if (ioreq_arm_slot_state(slot) != STATE_IOREQ_READY)
		return false;
	*seen = *slot;
	if (reply == NO_REPLY)
		return true;
	if (slot->dir == IOREQ_READ)
		slot->data = reply;
	ioreq_arm_slot_set_state(slot, STATE_IORESP_READY);
	xenevtchn_notify(dm->xce, (evtchn_port_t)dm->ports[v]);
	return true;
}

static int dm_serve(struct dm *dm, uint64_t reply, ioreq_t *seen)
{
	int port, v;

	while (sim_readable(xenevtchn_fd(dm->xce), 2000)) {
		port = xenevtchn_pending(dm->xce);
		xenevtchn_unmask(dm->xce, (evtchn_port_t)port);
		for (v = 0; v < NR_VCPUS; v++)
			if (dm->ports[v] == port && dm_answer(dm, v, reply, seen))
				return v;
	}
	return -1;
}

static void *vcpu_thread(void *arg)
{
	struct access *a = arg;

	if (a->write)
		a->ret = guest_mmio_write(a->guest, a->vcpu, a->gpa, a->size,
					  a->value);
	else
		a->ret = guest_mmio_read(a->guest, a->vcpu, a->gpa, a->size,
					 &a->value);
	return NULL;
}

static void start(struct access *a, struct xensim_guest *guest,
		  unsigned int vcpu, unsigned int size, int write,
		  uint64_t gpa, uint64_t value)
{
	*a = (struct access){
		.guest = guest, .vcpu = vcpu, .size = size, .write = write,
		.gpa = gpa, .value = value,
	};
	pthread_create(&a->thread, NULL, vcpu_thread, a);
}

static void test_write(struct dm *dm, struct xensim_guest *guest)
{
	struct access a;
	ioreq_t r;
	int v;

	start(&a, guest, 1, 4, 1, BASE + 0x30, 0x41);
	v = dm_serve(dm, 0, &r);
	pthread_join(a.thread, NULL);
	ok(v == 1 && r.addr == BASE + 0x30 && r.size == 4 &&
	   r.dir == IOREQ_WRITE && r.type == IOREQ_TYPE_COPY &&
	   r.data == 0x41 && r.count == 1,
	   "a 32-bit store by vCPU 1 arrives in vCPU 1's slot as written");
	is_num((uint64_t)a.ret, 0, "the store completes");

	start(&a, guest, 0, 8, 1, BASE + 8, 0xdeadbeefcafef00dull);
	v = dm_serve(dm, 0, &r);
	pthread_join(a.thread, NULL);
	ok(v == 0 && r.size == 8 && r.data == 0xdeadbeefcafef00dull &&
	   a.ret == 0, "a 64-bit store carries all 64 bits");
}

static void test_reads(struct dm *dm, struct xensim_guest *guest)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8 };
	unsigned int i;
	ioreq_t r;

	for (i = 0; i < 4; i++) {
		struct access a;

		start(&a, guest, 0, sizes[i], 0, BASE + 0x18, 0);
		dm_serve(dm, 0x1122334455667788ull, &r);
		pthread_join(a.thread, NULL);
		ok(a.ret == 0 && r.dir == IOREQ_READ && r.size == sizes[i],
		   "a %u-byte load reaches the server", sizes[i]);
		/* Xen 4.17 writes the reply back unmasked (fixed in 4.18). */
		is_hex(a.value, 0x1122334455667788ull,
		       "  and returns the server's data as 4.17 does");
	}
}

static void test_unclaimed(struct xensim_guest *guest)
{
	uint64_t v;

	is_num((uint64_t)-guest_mmio_read(guest, 0, 0x23000000, 4, &v), EFAULT,
	       "a load nobody claims is a data abort (-EFAULT)");
	is_num((uint64_t)-guest_mmio_write(guest, 0, BASE, 3, 0), EINVAL,
	       "a 3-byte access is refused");
}

static void test_spis(struct dm *dm, struct xensim_guest *guest)
{
	int64_t seen = guest_spi_count(guest, 33);

	ok(seen >= 0, "SPI 33 exists (nr_spis rounds up to 32)");
	xendevicemodel_set_irq_level(dm->dmod, dm->domid, 33, 1);
	is_num((uint64_t)guest_spi_wait(guest, 33, (uint32_t)seen, 2000),
	       (uint64_t)seen + 1, "set_irq_level(33, 1) injects it");
	xendevicemodel_set_irq_level(dm->dmod, dm->domid, 33, 0);
	xendevicemodel_set_irq_level(dm->dmod, dm->domid, 33, 1);
	is_num((uint64_t)guest_spi_count(guest, 33), (uint64_t)seen + 1,
	       "not again while the guest has not taken it");
	is_num((uint64_t)guest_spi_ack(guest, 33), 0, "the guest acks it");
	xendevicemodel_set_irq_level(dm->dmod, dm->domid, 33, 0);
	xendevicemodel_set_irq_level(dm->dmod, dm->domid, 33, 1);
	is_num((uint64_t)guest_spi_wait(guest, 33, (uint32_t)seen + 1, 2000),
	       (uint64_t)seen + 2, "after that it is injected again");
	ok(xendevicemodel_set_irq_level(dm->dmod, dm->domid, 32, 1) < 0 &&
	   errno == EINVAL, "SPI 32 is Xen's vpl011's: EINVAL");
	ok(xendevicemodel_set_irq_level(dm->dmod, dm->domid, 64, 1) < 0 &&
	   errno == EINVAL, "SPI 64 is beyond nr_spis: EINVAL");
}

static int listed(uint32_t domid)
{
	struct xensim_dominfo info;
	struct xensim_req req = { .op = XS_OP_DOMAIN_INFO, .a = domid, .b = 1 };
	int64_t n = xensim_call(&sim_tool, &req, NULL, 0, &info, sizeof(info),
				NULL);

	return n == 1 && info.domid == domid;
}

static void test_destroy_while_waiting(struct dm *dm,
				       struct xensim_guest *guest)
{
	struct access a;
	ioreq_t r;

	start(&a, guest, 1, 4, 0, BASE + 4, 0);
	ok(dm_serve(dm, NO_REPLY, &r) == 1,
	   "vCPU 1 blocks on a load the server leaves unanswered");
	xensim_simple(&sim_tool, XS_OP_DOMAIN_DESTROY, dm->domid, 0, 0, 0, 0);
	pthread_join(a.thread, NULL);
	is_num((uint64_t)-a.ret, ESRCH,
	       "destroying the domain ends the wait with -ESRCH");
	ok(listed(dm->domid), "the domain lingers while the server page "
	   "is mapped");
	dm_close(dm);
	ok(!listed(dm->domid), "and is gone once the device model unmaps it");
}

static void test_dead_device_model(void)
{
	struct sim_guest g2;
	struct xensim_guest *guest;
	struct dm dead, fresh;
	struct access a;
	ioreq_t r;

	sim_create(&g2, NR_VCPUS, 0, 0);
	guest = guest_attach(g2.domid);
	ok(dm_open(&dead, g2.domid) == 0, "a device model claims the UART");
	start(&a, guest, 0, 4, 0, BASE, 0);
	ok(dm_serve(&dead, NO_REPLY, &r) == 0, "a load is in flight when it dies");
	dm_close(&dead);	/* what its death does to its handles */
	ok(dm_adopt(&fresh, g2.domid, dead.id) == 0,
	   "its server outlives it, as on Xen: a restarted one maps and binds it");
	ok(dm_answer(&fresh, 0, 0x7, &r), "the load is still waiting in its slot");
	pthread_join(a.thread, NULL);
	ok(a.ret == 0 && a.value == 0x7,
	   "and answers the load left in flight");
	start(&a, guest, 0, 4, 0, BASE, 0);
	dm_serve(&fresh, 0x8, &r);
	pthread_join(a.thread, NULL);
	ok(a.ret == 0 && a.value == 0x8, "and serves the guest's next loads");
	dm_close(&fresh);
	guest_detach(guest);
}

int main(int argc, char **argv)
{
	struct sim_guest g;
	struct xensim_guest *guest;
	unsigned int nr = 0;
	struct dm dm;

	(void)argc;
	sim_start(argv[0]);
	sim_create(&g, NR_VCPUS, 2, 1);
	guest = guest_attach(g.domid);
	ok(guest && dm_open(&dm, g.domid) == 0,
	   "ioreq server created, page mapped as a resource, enabled, ports "
	   "bound, range mapped");
	if (!guest)
		return tap_done();
	ok(xendevicemodel_nr_vcpus(dm.dmod, g.domid, &nr) == 0 &&
	   nr == NR_VCPUS, "xendevicemodel_nr_vcpus");
	test_write(&dm, guest);
	test_reads(&dm, guest);
	test_unclaimed(guest);
	test_spis(&dm, guest);
	test_destroy_while_waiting(&dm, guest);
	guest_detach(guest);
	test_dead_device_model();
	sim_stop();
	return tap_done();
}
