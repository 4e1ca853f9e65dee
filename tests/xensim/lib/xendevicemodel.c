// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxendevicemodel.so.1: the ioreq-server life cycle and
 * xendevicemodel_set_irq_level that an Arm device model uses, answered by
 * the xensim hypervisor (which embeds the hypervisor-ioreq-arm model), and
 * xendevicemodel_restrict, the privcmd restriction the handle's dm_ops are
 * held to.  The x86-only and PCI calls fail with ENOSYS.
 */
#include <errno.h>
#include <stdlib.h>
#include <xendevicemodel.h>
#include "toolcore.h"

struct xendevicemodel_handle {
	struct xensim_conn conn;
	struct toolcore_handle tc;
};

static int restrict_cb(struct toolcore_handle *tc, domid_t domid)
{
	return xendevicemodel_restrict(TOOLCORE_OWNER(tc, xendevicemodel_handle,
						      tc), domid);
}

xendevicemodel_handle *xendevicemodel_open(struct xentoollog_logger *logger,
					   unsigned int open_flags)
{
	xendevicemodel_handle *dmod = calloc(1, sizeof(*dmod));
	int err;

	(void)logger;
	(void)open_flags;
	if (!dmod)
		return NULL;
	err = toolcore_connect(&dmod->conn, 0, &dmod->tc, restrict_cb);
	if (err) {
		free(dmod);
		errno = -err;
		return NULL;
	}
	return dmod;
}

int xendevicemodel_close(xendevicemodel_handle *dmod)
{
	if (!dmod)
		return 0;
	toolcore_disconnect(&dmod->conn, &dmod->tc);
	free(dmod);
	return 0;
}

static int64_t call(xendevicemodel_handle *dmod, uint32_t op, domid_t domid,
		    uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	int64_t ret = xensim_simple(&dmod->conn, op, domid, a, b, c, d);

	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return ret;
}

int xendevicemodel_create_ioreq_server(xendevicemodel_handle *dmod,
				       domid_t domid, int handle_bufioreq,
				       ioservid_t *id)
{
	int64_t ret = call(dmod, XS_OP_IOREQ_CREATE, domid,
			   (uint64_t)handle_bufioreq, 0, 0, 0);

	if (ret < 0)
		return -1;
	*id = (ioservid_t)ret;
	return 0;
}

/* As on Xen/Arm, asking for the legacy gfns fails: use map_resource. */
int xendevicemodel_get_ioreq_server_info(xendevicemodel_handle *dmod,
					 domid_t domid, ioservid_t id,
					 xen_pfn_t *ioreq_gfn,
					 xen_pfn_t *bufioreq_gfn,
					 evtchn_port_t *bufioreq_port)
{
	struct xensim_req req = { .op = XS_OP_IOREQ_INFO, .dom = domid,
				  .a = id };
	struct xensim_ioreq_info info;
	int64_t ret;

	if (ioreq_gfn || bufioreq_gfn) {
		errno = EOPNOTSUPP;
		return -1;
	}
	ret = xensim_call(&dmod->conn, &req, NULL, 0, &info, sizeof(info),
			  NULL);
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	if (bufioreq_port)
		*bufioreq_port = info.bufioreq_port;
	return 0;
}

static int map_range(xendevicemodel_handle *dmod, domid_t domid,
		     ioservid_t id, int is_mmio, uint64_t start, uint64_t end,
		     int map)
{
	if (!is_mmio) {
		xensim_unsupported("ioreq port-I/O ranges");
		return -1;
	}
	return (int)call(dmod, XS_OP_IOREQ_MAP_RANGE, domid, id, start, end,
			 (uint64_t)map);
}

int xendevicemodel_map_io_range_to_ioreq_server(xendevicemodel_handle *dmod,
						domid_t domid, ioservid_t id,
						int is_mmio, uint64_t start,
						uint64_t end)
{
	return map_range(dmod, domid, id, is_mmio, start, end, 1);
}

int xendevicemodel_unmap_io_range_from_ioreq_server(
	xendevicemodel_handle *dmod, domid_t domid, ioservid_t id,
	int is_mmio, uint64_t start, uint64_t end)
{
	return map_range(dmod, domid, id, is_mmio, start, end, 0);
}

int xendevicemodel_set_ioreq_server_state(xendevicemodel_handle *dmod,
					  domid_t domid, ioservid_t id,
					  int enabled)
{
	return (int)call(dmod, XS_OP_IOREQ_STATE, domid, id, !!enabled, 0, 0);
}

int xendevicemodel_destroy_ioreq_server(xendevicemodel_handle *dmod,
					domid_t domid, ioservid_t id)
{
	return (int)call(dmod, XS_OP_IOREQ_DESTROY, domid, id, 0, 0, 0);
}

int xendevicemodel_set_irq_level(xendevicemodel_handle *dmod, domid_t domid,
				 unsigned int irq, unsigned int level)
{
	return (int)call(dmod, XS_OP_SET_IRQ_LEVEL, domid, irq, level, 0, 0);
}

/*
 * IOCTL_PRIVCMD_RESTRICT on the handle's privcmd fd
 * (osdep_xendevicemodel_restrict, tools/libs/devicemodel/linux.c).
 */
int xendevicemodel_restrict(xendevicemodel_handle *dmod, domid_t domid)
{
	return toolcore_restrict(&dmod->conn, XS_OP_PRIVCMD_RESTRICT, domid);
}

int xendevicemodel_nr_vcpus(xendevicemodel_handle *dmod, domid_t domid,
			    unsigned int *vcpus)
{
	int64_t ret = call(dmod, XS_OP_NR_VCPUS, domid, 0, 0, 0, 0);

	if (ret < 0)
		return -1;
	*vcpus = (unsigned int)ret;
	return 0;
}

#define UNSUPPORTED() do {			\
		xensim_unsupported(__func__);	\
		return -1;			\
	} while (0)

int xendevicemodel_map_mem_type_to_ioreq_server(xendevicemodel_handle *dmod,
						domid_t domid, ioservid_t id,
						uint16_t type, uint32_t flags)
{
	(void)dmod; (void)domid; (void)id; (void)type; (void)flags;
	UNSUPPORTED();
}

int xendevicemodel_map_pcidev_to_ioreq_server(xendevicemodel_handle *dmod,
					      domid_t domid, ioservid_t id,
					      uint16_t segment, uint8_t bus,
					      uint8_t device, uint8_t function)
{
	(void)dmod; (void)domid; (void)id; (void)segment; (void)bus;
	(void)device; (void)function;
	UNSUPPORTED();
}

int xendevicemodel_unmap_pcidev_from_ioreq_server(
	xendevicemodel_handle *dmod, domid_t domid, ioservid_t id,
	uint16_t segment, uint8_t bus, uint8_t device, uint8_t function)
{
	(void)dmod; (void)domid; (void)id; (void)segment; (void)bus;
	(void)device; (void)function;
	UNSUPPORTED();
}

int xendevicemodel_set_pci_intx_level(xendevicemodel_handle *dmod,
				      domid_t domid, uint16_t segment,
				      uint8_t bus, uint8_t device,
				      uint8_t intx, unsigned int level)
{
	(void)dmod; (void)domid; (void)segment; (void)bus; (void)device;
	(void)intx; (void)level;
	UNSUPPORTED();
}

int xendevicemodel_set_isa_irq_level(xendevicemodel_handle *dmod,
				     domid_t domid, uint8_t irq,
				     unsigned int level)
{
	(void)dmod; (void)domid; (void)irq; (void)level;
	UNSUPPORTED();
}

int xendevicemodel_set_pci_link_route(xendevicemodel_handle *dmod,
				      domid_t domid, uint8_t link,
				      uint8_t irq)
{
	(void)dmod; (void)domid; (void)link; (void)irq;
	UNSUPPORTED();
}

int xendevicemodel_inject_msi(xendevicemodel_handle *dmod, domid_t domid,
			      uint64_t msi_addr, uint32_t msi_data)
{
	(void)dmod; (void)domid; (void)msi_addr; (void)msi_data;
	UNSUPPORTED();
}

int xendevicemodel_track_dirty_vram(xendevicemodel_handle *dmod,
				    domid_t domid, uint64_t first_pfn,
				    uint32_t nr, unsigned long *dirty_bitmap)
{
	(void)dmod; (void)domid; (void)first_pfn; (void)nr;
	(void)dirty_bitmap;
	UNSUPPORTED();
}

int xendevicemodel_modified_memory(xendevicemodel_handle *dmod,
				   domid_t domid, uint64_t first_pfn,
				   uint32_t nr)
{
	(void)dmod; (void)domid; (void)first_pfn; (void)nr;
	UNSUPPORTED();
}

int xendevicemodel_modified_memory_bulk(
	xendevicemodel_handle *dmod, domid_t domid,
	struct xen_dm_op_modified_memory_extent extents[], uint32_t nr)
{
	(void)dmod; (void)domid; (void)extents; (void)nr;
	UNSUPPORTED();
}

int xendevicemodel_set_mem_type(xendevicemodel_handle *dmod, domid_t domid,
				hvmmem_type_t mem_type, uint64_t first_pfn,
				uint32_t nr)
{
	(void)dmod; (void)domid; (void)mem_type; (void)first_pfn; (void)nr;
	UNSUPPORTED();
}

int xendevicemodel_inject_event(xendevicemodel_handle *dmod, domid_t domid,
				int vcpu, uint8_t vector, uint8_t type,
				uint32_t error_code, uint8_t insn_len,
				uint64_t extra)
{
	(void)dmod; (void)domid; (void)vcpu; (void)vector; (void)type;
	(void)error_code; (void)insn_len; (void)extra;
	UNSUPPORTED();
}

int xendevicemodel_shutdown(xendevicemodel_handle *dmod, domid_t domid,
			    unsigned int reason)
{
	(void)dmod; (void)domid; (void)reason;
	UNSUPPORTED();
}

int xendevicemodel_relocate_memory(xendevicemodel_handle *dmod,
				   domid_t domid, uint32_t size,
				   uint64_t src_gfn, uint64_t dst_gfn)
{
	(void)dmod; (void)domid; (void)size; (void)src_gfn; (void)dst_gfn;
	UNSUPPORTED();
}

int xendevicemodel_pin_memory_cacheattr(xendevicemodel_handle *dmod,
					domid_t domid, uint64_t start,
					uint64_t end, uint32_t type)
{
	(void)dmod; (void)domid; (void)start; (void)end; (void)type;
	UNSUPPORTED();
}
