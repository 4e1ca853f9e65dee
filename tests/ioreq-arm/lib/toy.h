/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * toy.h - test fixtures for the Arm ioreq model: a toy "hypervisor host"
 * implementing struct ioreq_arm_ops (ports, notifications, interrupts
 * recorded for inspection) and a toy ioreq server that plays the device
 * model on the shared page the way QEMU and virtio-disk do.
 */
#ifndef TOY_H
#define TOY_H

#include "ioreq_arm.h"

#define TOY_MAX_EVENTS	256
#define TOY_DFSC_TRANS_L3 0x07	/* translation fault, level 3 */
#define TOY_DOM0	0

/* The caller side of the model: what the simulated hypervisor would do. */
struct toy_host {
	uint32_t next_port;
	int fail_alloc_at;		/* nth allocation fails; 0: none */
	unsigned int nr_allocs;
	unsigned int nr_freed;
	uint32_t freed[TOY_MAX_EVENTS];
	unsigned int nr_notified;
	uint32_t notified[TOY_MAX_EVENTS];	/* ports Xen notified */
	unsigned int nr_irqs;
	unsigned int irqs[TOY_MAX_EVENTS];	/* SPIs raised */
};

extern const struct ioreq_arm_ops toy_ops;

struct toy_config {
	unsigned int nr_vcpus;
	unsigned int nr_spis;
	enum ioreq_arm_xen_version version;
	enum ioreq_arm_vgic_kind vgic;
	bool fast_path;			/* our patch (fast-path.md) */
};

/* A domain on a host built with CONFIG_IOREQ_SERVER; aborts on failure. */
struct ioreq_arm_domain *toy_domain(struct toy_host *host,
				    const struct toy_config *cfg);

/* A device model process: one ioreq server and its page. */
struct toy_server {
	struct ioreq_arm_domain *d;
	uint16_t emulator;
	ioservid_t id;
	shared_iopage_t *page;
	/* Returned by reads; a read's data in the reply. */
	uint64_t read_value;
	/* Requests seen, and a copy of the last one as read from the slot. */
	unsigned int nr_seen;
	ioreq_t last;
	/* Step through INPROCESS before answering. */
	bool use_inprocess;
};

/*
 * create + map_frame + set_state(1) + map_range([start, end]) in the
 * order virtio-disk uses.  Returns 0 or the first -errno.
 */
int toy_server_start(struct toy_server *t, struct ioreq_arm_domain *d,
		     uint16_t emulator, uint64_t start, uint64_t end);

/* The page's slot for @vcpu. */
ioreq_t *toy_slot(struct toy_server *t, unsigned int vcpu);

/*
 * One pass of the device model loop for @vcpu: if the slot is READY,
 * read it (after an acquire), answer it (data, then IORESP_READY with
 * release) and notify the port.  Returns the model's outcome for the
 * vCPU, or -EAGAIN when the slot was not READY.
 */
int toy_server_serve(struct toy_server *t, unsigned int vcpu);

/* Free the page (after the model is done with it). */
void toy_server_free_page(struct toy_server *t);

/* ESR_EL2 for a valid-syndrome access: size in bytes, Xn/Wn register. */
uint32_t toy_esr(bool write, unsigned int size, unsigned int reg, bool sign,
		 bool sixty_four);

/* A guest access with a valid syndrome at @ipa. */
int toy_access(struct ioreq_arm_domain *d, unsigned int vcpu, bool write,
	       unsigned int size, unsigned int reg, uint64_t ipa);

#endif
