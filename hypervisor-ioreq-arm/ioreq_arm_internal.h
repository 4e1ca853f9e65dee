/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioreq_arm_internal.h - the model's private state and the calls between
 * its files.
 * Each struct mirrors the Xen structure named next to it, keeping only
 * the fields the MMIO path observes.  Nothing outside this directory may
 * include it; the contract is ioreq_arm.h.
 */
#ifndef IOREQ_ARM_INTERNAL_H
#define IOREQ_ARM_INTERNAL_H

#include "ioreq_arm.h"
#include "ioreq_published.h"

/* XEN_DMOP_IO_RANGE_{PORT,MEMORY,PCI} */
#define NR_IO_RANGE_TYPES	3
#define NO_SERVER		IOREQ_ARM_MAX_SERVERS

/* struct rangeset: sorted, disjoint, adjacent ranges merged. */
struct io_range {
	uint64_t s, e;
};

struct io_rangeset {
	unsigned int nr;
	struct io_range r[IOREQ_ARM_MAX_RANGES];
};

/* struct ioreq_vcpu: one vCPU's port and wait state for one server. */
struct server_vcpu {
	uint32_t port;
	bool pending;
	/* wait_for_io()'s prev_state, kept while the vCPU is blocked */
	unsigned int prev_state;
};

/* struct ioreq_server */
struct server {
	uint16_t emulator;
	bool enabled;
	shared_iopage_t *page;
	/* The fast path (fast-path.md): created with BUFIOREQ_ATOMIC. */
	bool bufioreq;
	uint32_t bufioreq_port;
	buffered_iopage_t *buf_page;
	struct ioreq_published_page *published;
	uint32_t posted;		/* writes posted; Xen's own count */
	uint32_t posted_at_read;	/* posted at the last published read */
	struct io_rangeset range[NR_IO_RANGE_TYPES];
	struct server_vcpu vcpu[];	/* config.nr_vcpus entries */
};

/* How a decoded access must be finished (struct instr_details). */
enum instr_state {
	INSTR_VALID,		/* the syndrome says it all */
	INSTR_POST_INDEX,	/* decoded LDR/STR post-index: Rn += imm9 */
	INSTR_CACHE,		/* cache maintenance: ignored when emulated */
};

struct pending_access {
	struct ioreq_arm_dabt dabt;
	enum instr_state instr;
	unsigned int rn;
	int64_t imm9;
};

/* The vCPU: registers plus Xen's struct vcpu_io and pause flags. */
struct vcpu {
	struct ioreq_arm_regs regs;
	bool blocked;			/* _VPF_blocked_in_xen */
	bool orphaned;			/* its server died under its wait */
	unsigned int waiting_on;	/* server id, or NO_SERVER */
	bool mapcache_invalidate;
	bool mmio_completion;		/* VIO_mmio_completion */
	ioreq_t req;			/* vio->req */
	struct pending_access access;	/* hsr and vio->info.dabt_instr */
};

/* One SPI as the guest sees it, for both vGICs. */
struct spi {
	bool reserved;		/* set in allocated_irqs */
	bool level_cfg;		/* GICD_ICFGR: level-sensitive (new vGIC) */
	bool line;		/* line_level (new vGIC) */
	bool latch;		/* QUEUED / pending_latch */
	bool active;
};

struct mmio_handler {
	uint64_t base, size;
	const struct ioreq_arm_mmio_ops *ops;
	void *priv;
};

struct ioreq_arm_domain {
	struct ioreq_arm_config cfg;
	const struct ioreq_arm_ops *ops;
	void *ctx;
	bool crashed;
	struct server *server[IOREQ_ARM_MAX_SERVERS];
	unsigned int nr_handlers;
	struct mmio_handler handler[IOREQ_ARM_MAX_HANDLERS];
	struct spi *spi;		/* cfg.nr_spis entries, SPI 32 first */
	struct vcpu *vcpu;		/* cfg.nr_vcpus entries */
};

/* rangeset.c: Xen's rangeset semantics for one type of one server. */
bool rangeset_overlaps(const struct io_rangeset *r, uint64_t s, uint64_t e);
bool rangeset_contains(const struct io_rangeset *r, uint64_t s, uint64_t e);
int rangeset_add(struct io_rangeset *r, uint64_t s, uint64_t e);
int rangeset_remove(struct io_rangeset *r, uint64_t s, uint64_t e);

/* dabt.c: instruction decode and register write-back. */
int decode_post_index(uint32_t insn, struct pending_access *access);
uint64_t access_mask(unsigned int size);
uint64_t vcpu_get_reg(const struct vcpu *v, unsigned int reg);
void vcpu_write_back(struct vcpu *v, uint64_t data, bool masked);
void vcpu_finish_insn(struct vcpu *v);

/* ioreq.c: the slot protocol and the vCPU wait. */
struct server *domain_server(const struct ioreq_arm_domain *d, ioservid_t id);
bool domain_has_server(const struct ioreq_arm_domain *d);
bool ioreq_send(struct ioreq_arm_domain *d, struct server *s,
		unsigned int vcpu, const ioreq_t *proto);
enum ioreq_arm_outcome vcpu_leave_xen(struct ioreq_arm_domain *d,
				      unsigned int vcpu);

/* fast.c: posted writes and published reads (fast-path.md). */
bool fast_post_write(struct ioreq_arm_domain *d, struct server *s,
		     uint64_t ipa, unsigned int size, uint32_t data);
bool fast_published_read(struct server *s, uint64_t ipa,
			 unsigned int size, uint64_t *data);

/* domain.c */
void domain_crash(struct ioreq_arm_domain *d);

#endif
