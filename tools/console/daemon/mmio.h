/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Answering Xen's ioreqs for one MMIO region: the request path every
 * device model behind an ioreq server shares, and the code a guest talks
 * to most directly.  Pure: it reads and answers the slots of an ioreq page
 * and calls the device through its ops (as QEMU's MemoryRegionOps or
 * kvmtool's kvm__register_iotrap), nothing else; the Xen side (server,
 * page, event channels) is ioreq_server.h's.
 *
 * The split of checks: this file checks the ioreq's envelope (type,
 * count, data by pointer, direction flag, the address inside the region) and masks data
 * to the access size; the device owns the access itself (size,
 * alignment, byte lanes).  Every READY slot is answered exactly once,
 * whatever it holds: a refused request reads zero and writes nothing.
 */
#ifndef MMIO_H
#define MMIO_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/hvm/ioreq.h>

struct mmio_ops {
	/* A guest access at offset (< the region's size) of size bytes. */
	uint64_t (*read)(void *ctx, uint32_t offset, unsigned int size);
	void (*write)(void *ctx, uint32_t offset, unsigned int size,
		      uint64_t value);
	/*
	 * After the access and before the vCPU can see the answer: where
	 * the device saves what must survive a crash (a crash before the
	 * answer repeats the access, never loses it).  NULL: nothing.
	 */
	void (*commit)(void *ctx);
};

struct mmio_region {
	uint64_t base;
	uint32_t size;
	const struct mmio_ops *ops;
	void *ctx;
};

/* What became of one slot. */
struct mmio_served {
	ioreq_t req;			/* the request, as read (once) */
	const char *refused;		/* why it was not performed, or NULL */
};

/*
 * Answer the slot if a request waits in it: perform it (or refuse it),
 * write the data of a read, then the state IORESP_READY.  True when
 * answered: the caller then notifies the vCPU's port.  A slot in any
 * other state is left untouched.
 */
bool mmio_serve(ioreq_t *slot, const struct mmio_region *region,
		struct mmio_served *served);

/*
 * A request waits in the slot (an acquire: what Xen wrote before it is
 * seen, such as the writes it posted on the buffered ring first).
 */
bool mmio_request_waiting(const ioreq_t *slot);

/*
 * An answer Xen has not taken yet: its vCPU may not have been told (a
 * spare notification is harmless, Xen checks the state).
 */
bool mmio_answer_pending(const ioreq_t *slot);

/* Told of each slot mmio_serve_page() answered. */
typedef void mmio_answered_fn(void *ctx, unsigned int vcpu,
			      const struct mmio_served *served);

/*
 * Answer every vCPU's waiting request, in vCPU order (after a takeover,
 * or before the page goes away).  Returns how many were answered.
 */
unsigned int mmio_serve_page(shared_iopage_t *page, unsigned int nr_vcpus,
			     const struct mmio_region *region,
			     mmio_answered_fn *answered, void *ctx);

#endif
