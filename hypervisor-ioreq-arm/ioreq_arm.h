/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ioreq_arm.h - a model of what Xen on Arm (4.17, and 4.18+ where they
 * differ) does between a guest's MMIO access and its completion: data
 * abort decode, in-Xen MMIO handlers, ioreq servers and their shared page,
 * the vCPU wait, read completion, the mapcache-invalidate broadcast and
 * the vGIC SPIs behind XEN_DMOP_set_irq_level.
 *
 * The model does no I/O, starts no threads and never sleeps.  The caller
 * (a simulated hypervisor) owns the ioreq pages, the event channels and the
 * scheduling of vCPUs; it learns what happened from return values and from
 * the callbacks in struct ioreq_arm_ops.  It knows nothing of UARTs.
 *
 * Not thread-safe: serialise all calls on one domain (Xen holds locks and
 * pauses the domain where the model simply runs to completion).
 *
 * Driving one guest access end to end
 * -----------------------------------
 *  1. The guest vCPU @v executes a load/store to an IPA that has no RAM.
 *     Fill struct ioreq_arm_access (ESR_EL2, IPA, FAR, and the instruction
 *     word for ISV=0 decoding) and call ioreq_arm_guest_access().
 *  2. The model decodes the syndrome, looks for an in-Xen MMIO handler
 *     (which wins), then for the highest-id enabled server whose MEMORY
 *     rangeset contains [ipa, ipa+size-1].  Nothing found, no valid syndrome,
 *     or a bad slot: it injects a data abort and returns IOREQ_ARM_DABT.
 *  3. For a server it writes the ioreq_t into vcpu_ioreq[v] of that
 *     server's page, state written last with release ordering, calls
 *     ops->evtchn_notify(ctx, port) and returns IOREQ_ARM_BLOCKED: the vCPU
 *     must not run guest code until the model says so.
 *  4. The device model answers on the page (data, then state =
 *     STATE_IORESP_READY with release ordering) and notifies its port.  The
 *     caller turns that into ioreq_arm_evtchn_send(d, port, &v).  The model
 *     re-reads the slot as Xen's wait_for_io() does: still READY/INPROCESS
 *     means BLOCKED again; IORESP_READY completes the access: the slot goes
 *     back to STATE_IOREQ_NONE, a read's data is written to the destination
 *     register (masked on 4.18+, sign-extended when SSE), a post-indexed
 *     base register is updated, PC advances, and the call returns
 *     IOREQ_ARM_RUNNING.  A state that goes backwards or is unknown crashes
 *     the domain (IOREQ_ARM_CRASHED).
 *  5. Before a vCPU re-enters the guest after a hypercall, call
 *     ioreq_arm_vcpu_enter_guest(): it sends the IOREQ_TYPE_INVALIDATE
 *     broadcast that ioreq_arm_p2m_ram_removed() asked for, which blocks the
 *     vCPU until every enabled server has answered.  Accesses and
 *     completions do the same on their way back to the guest.
 *
 * Server lifecycle (the dm_op calls; @emulator is the calling domain)
 * -------------------------------------------------------------------
 *  create (BUFIOREQ_OFF only) -> map_frame(ioreq frame) -> set_state(1)
 *  -> read vp_eport from the page -> map_range ... -> unmap_range ->
 *  set_state(0) -> destroy.  Destroying the domain destroys every server.
 *  Errors are Xen's: -ENOSYS (hypervisor built without CONFIG_IOREQ_SERVER),
 *  -ENOENT (no such server), -EPERM (server belongs to another emulator),
 *  -EINVAL, -ENOSPC (8 servers), -EEXIST (overlap within one server),
 *  -ENOMEM (256 ranges), -EOPNOTSUPP (Arm has no gfn-mapped pages).
 */
#ifndef IOREQ_ARM_H
#define IOREQ_ARM_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/hvm/dm_op.h>
#include <xen/hvm/ioreq.h>

#define IOREQ_ARM_MAX_SERVERS	8	/* MAX_NR_IOREQ_SERVERS */
#define IOREQ_ARM_MAX_RANGES	256	/* MAX_NR_IO_RANGES, per type */
#define IOREQ_ARM_MAX_VCPUS	128	/* 32-byte ioreq_t slots in 4 KiB */
#define IOREQ_ARM_MAX_HANDLERS	16	/* in-Xen MMIO handlers per domain */
#define IOREQ_ARM_PAGE_SIZE	4096
#define IOREQ_ARM_NR_LOCAL_IRQS	32	/* SGIs + PPIs; SPIs start here */
#define IOREQ_ARM_MAX_SPIS	(1020 - IOREQ_ARM_NR_LOCAL_IRQS)
#define IOREQ_ARM_ESR_EC_DABT_LOW 0x24	/* data abort from a lower EL */

/*
 * The two behaviours of read/write data handling (try_fwd_ioserv() and
 * handle_ioserv() in xen/arch/arm/ioreq.c, before and after 4.18).
 */
enum ioreq_arm_xen_version {
	/*
	 * 4.17: data carries the whole destination register, also for
	 * reads; the returned 64 bits are written back unmasked.
	 */
	IOREQ_ARM_XEN_4_17,
	/*
	 * 4.18+ (01343f99de): reads send 0, writes send the register masked
	 * to the access size, the returned data is masked before use.
	 */
	IOREQ_ARM_XEN_4_18,
};

enum ioreq_arm_vgic_kind {
	/* Default vGIC: level=1 makes the SPI pending, level=0 is a no-op. */
	IOREQ_ARM_VGIC_OLD,
	/*
	 * CONFIG_NEW_VGIC: an SPI the guest configured level-sensitive
	 * follows the line; an edge-configured one (Xen's reset value)
	 * latches on level=1 only.
	 */
	IOREQ_ARM_VGIC_NEW,
};

struct ioreq_arm_config {
	unsigned int nr_vcpus;		/* 1..IOREQ_ARM_MAX_VCPUS */
	/* As libxl passes it; rounded up to a multiple of 32 as Xen does. */
	unsigned int nr_spis;
	enum ioreq_arm_xen_version version;
	enum ioreq_arm_vgic_kind vgic;
	/* false: every dm_op fails -ENOSYS, map_frame -EOPNOTSUPP. */
	bool ioreq_server_built;
	/* Size of the range checked for a cache maintenance op; 0 means 64. */
	unsigned int dcache_line_bytes;
	/*
	 * Our patch (fast-path.md) is built: servers may have the buffered
	 * ring, the published frame maps, and try_fwd_ioserv() posts writes
	 * and answers published reads.  false: stock Xen.
	 */
	bool fast_path;
};

/* What the model asks of its caller.  All members are required. */
struct ioreq_arm_ops {
	/*
	 * alloc_unbound_xen_event_channel(): a new port in the guest, bound
	 * to guest vCPU @vcpu, remote end @emulator.  Return the port (> 0)
	 * or -errno, which fails the server creation.
	 */
	int (*evtchn_alloc)(void *ctx, unsigned int vcpu, uint16_t emulator);
	/* free_xen_event_channel(): the port is closed.  No vCPU is woken. */
	void (*evtchn_free)(void *ctx, uint32_t port);
	/* notify_via_xen_event_channel(): Xen signals the device model. */
	void (*evtchn_notify)(void *ctx, uint32_t port);
	/*
	 * The vGIC made SPI @irq deliverable (vcpu_kick): the guest will
	 * take it when it next runs.  Called once per transition.
	 */
	void (*irq_raised)(void *ctx, unsigned int irq);
};

/* What a guest vCPU is doing, as ioreq_arm_*() report it. */
enum ioreq_arm_outcome {
	/* Running guest code; the access, if any, has completed. */
	IOREQ_ARM_RUNNING,
	/* Blocked in Xen until a device model answers (_VPF_blocked_in_xen). */
	IOREQ_ARM_BLOCKED,
	/* A data abort was injected; the vCPU runs its abort handler. */
	IOREQ_ARM_DABT,
	/* domain_crash(): the domain is dead, nothing runs any more. */
	IOREQ_ARM_CRASHED,
};

/*
 * The part of a vCPU's register file the MMIO path reads and writes.
 * The caller may read and change it whenever the vCPU is not blocked.
 */
struct ioreq_arm_regs {
	uint64_t x[31];		/* X0..X30; register 31 in a syndrome is XZR */
	uint64_t sp;		/* SP_EL1: base 31 of post-indexed forms */
	uint64_t pc;		/* advanced by 4 (IL=1) or 2 on completion */
	/* Data aborts injected so far, and FAR_EL1 of the last one. */
	unsigned int dabts_injected;
	uint64_t last_dabt_far;
};

/* A decoded ESR_EL2 data-abort syndrome (Arm ARM ISS encoding for EC 0x24). */
struct ioreq_arm_dabt {
	unsigned int dfsc;	/* fault status code, bits [5:0] */
	bool write;		/* WnR */
	bool s1ptw;		/* fault on a stage 1 table walk */
	bool cache;		/* CM: cache maintenance or AT instruction */
	bool sixty_four;	/* SF: 64-bit destination; Xen ignores it */
	unsigned int reg;	/* SRT; 31 is XZR */
	bool sign;		/* SSE */
	unsigned int size;	/* access size in bytes, 1 << SAS */
	bool valid;		/* ISV: the fields above from SF on are valid */
	bool len32;		/* IL: 32-bit instruction */
};

/* One trapped access, as the stage 2 abort handler sees it. */
struct ioreq_arm_access {
	uint32_t esr;	/* ESR_EL2; EC must be IOREQ_ARM_ESR_EC_DABT_LOW */
	uint64_t ipa;	/* faulting guest physical address */
	uint64_t far;	/* faulting guest virtual address, given to aborts */
	/*
	 * The instruction at PC.  Read only when ISV=0: Xen then decodes
	 * AArch64 LDR/STR (immediate, post-index) itself.
	 */
	uint32_t insn;
};

/* Guest-side handler registered inside "Xen" (vGIC, vpl011, ...). */
struct ioreq_arm_mmio_ops {
	/* Return false to make the access a data abort (IO_ABORT). */
	bool (*read)(void *priv, unsigned int vcpu, uint64_t ipa,
		     const struct ioreq_arm_dabt *dabt, uint64_t *value);
	/* @value is the whole source register (0 for XZR), as Xen passes. */
	bool (*write)(void *priv, unsigned int vcpu, uint64_t ipa,
		      const struct ioreq_arm_dabt *dabt, uint64_t value);
};

struct ioreq_arm_domain;

/* ---- syndrome ---------------------------------------------------------- */

/* Decode @esr.  -EINVAL when its EC is not a data abort from a lower EL. */
int ioreq_arm_dabt_decode(uint32_t esr, struct ioreq_arm_dabt *dabt);

/* The ESR_EL2 value (EC 0x24) that decodes to @dabt; for callers and tests. */
uint32_t ioreq_arm_dabt_encode(const struct ioreq_arm_dabt *dabt);

/* ---- the shared ioreq page, both sides ------------------------------- */

/* Acquire-load of an ioreq_t's 4-bit state (pairs with the store below). */
unsigned int ioreq_arm_slot_state(const ioreq_t *slot);

/*
 * Release-store of an ioreq_t's state: every earlier write to the slot is
 * visible before the new state.  Xen uses it for READY, a device model for
 * IORESP_READY.  Leaves the bits that share the byte (dir, ...) intact.
 */
void ioreq_arm_slot_set_state(ioreq_t *slot, unsigned int state);

/* ---- domain ------------------------------------------------------------ */

/*
 * A guest domain: its vCPUs' registers, vGIC SPIs, in-Xen MMIO handlers
 * and ioreq servers.  @ops and @ctx must outlive it.  Returns NULL with
 * errno EINVAL (bad config) or ENOMEM.
 */
struct ioreq_arm_domain *ioreq_arm_domain_create(
	const struct ioreq_arm_config *config,
	const struct ioreq_arm_ops *ops, void *ctx);

/*
 * Domain destruction (ioreq_server_destroy_all): every server is
 * disabled and destroyed, its ports freed through ops->evtchn_free.  A vCPU
 * blocked on an ioreq simply stops existing; the model never touches a
 * server page again, so a device model may still write to its mapping.
 * Accepts NULL.
 */
void ioreq_arm_domain_destroy(struct ioreq_arm_domain *d);

/* True after domain_crash(); only destruction is left. */
bool ioreq_arm_domain_crashed(const struct ioreq_arm_domain *d);

/* XEN_DMOP_nr_vcpus.  0, or -ENOSYS without CONFIG_IOREQ_SERVER. */
int ioreq_arm_nr_vcpus(const struct ioreq_arm_domain *d, unsigned int *nr);

/*
 * register_mmio_handler(): [@base, @base+@size-1] is emulated in Xen and
 * takes precedence over every ioreq server.  A handler is chosen by the
 * access's first byte only, as in Xen.  -EINVAL (size 0 or wraps),
 * -EEXIST (overlaps another handler), -ENOSPC (IOREQ_ARM_MAX_HANDLERS).
 */
int ioreq_arm_register_mmio(struct ioreq_arm_domain *d, uint64_t base,
			    uint64_t size, const struct ioreq_arm_mmio_ops *ops,
			    void *priv);

/* ---- ioreq servers (dm_op) ------------------------------------------- */

/*
 * XEN_DMOP_create_ioreq_server.  The lowest free id (0..7) is used, so
 * the newest server is not always the highest id.  One port per vCPU
 * comes from ops->evtchn_alloc, and one more for the buffered ring when
 * @bufioreq_handling asks for it.  The server starts disabled, without a
 * page.  -EINVAL (@bufioreq_handling is not HVM_IOREQSRV_BUFIOREQ_OFF on
 * stock Xen, above HVM_IOREQSRV_BUFIOREQ_ATOMIC with fast_path), -ENOSPC,
 * -ENOMEM, or the error of evtchn_alloc.
 */
int ioreq_arm_server_create(struct ioreq_arm_domain *d, uint16_t emulator,
			    int bufioreq_handling, ioservid_t *id);

/*
 * XEN_DMOP_get_ioreq_server_info.  With @want_gfns (the legacy gfn
 * mapping) Arm fails -EOPNOTSUPP; without, it succeeds and sets
 * *@bufioreq_port when the server has a buffered ring (never on stock
 * Xen/Arm), leaving it untouched otherwise.
 */
int ioreq_arm_server_get_info(struct ioreq_arm_domain *d, uint16_t emulator,
			      ioservid_t id, bool want_gfns,
			      uint32_t *bufioreq_port);

/*
 * XENMEM_acquire_resource of XENMEM_resource_ioreq_server frame @frame.
 * The first call gives the server its page: @page (IOREQ_ARM_PAGE_SIZE
 * bytes, caller-owned, e.g. a shared mapping) is cleared and used until
 * the server is destroyed.  Later calls ignore @page (may be NULL) and
 * keep the first.  As in Xen the page is attached before @frame is
 * checked: frame 0 (bufioreq) gives -ENOENT, frames above 1 -EINVAL.
 * -EOPNOTSUPP without CONFIG_IOREQ_SERVER; -EINVAL for a NULL first page.
 * With fast_path, frame 0 of a server with a buffered ring and frame
 * XENMEM_resource_ioreq_server_frame_published take @page as their own
 * page (cleared on the first call, kept until the server is destroyed);
 * their first call needs a @page too.
 */
int ioreq_arm_server_map_frame(struct ioreq_arm_domain *d, uint16_t emulator,
			       ioservid_t id, unsigned int frame, void *page);

/* The server's page, or NULL when it has none (or no such server). */
shared_iopage_t *ioreq_arm_server_page(const struct ioreq_arm_domain *d,
				       ioservid_t id);

/*
 * XEN_DMOP_map_io_range_to_ioreq_server: [@start, @end], inclusive.
 * @type is XEN_DMOP_IO_RANGE_{PORT,MEMORY,PCI}; Arm only ever matches
 * MEMORY.  Adjacent ranges merge (Xen rangesets), so one access may span
 * two mappings.  -EINVAL (@start > @end, bad type), -ENOENT, -EPERM,
 * -EEXIST (overlaps this server's ranges of @type; other servers are not
 * checked), -ENOMEM (IOREQ_ARM_MAX_RANGES).
 */
int ioreq_arm_server_map_range(struct ioreq_arm_domain *d, uint16_t emulator,
			       ioservid_t id, uint32_t type, uint64_t start,
			       uint64_t end);

/*
 * XEN_DMOP_unmap_io_range_from_ioreq_server: [@start, @end] must lie in one
 * (merged) range, else -ENOENT; punching a hole may need a range: -ENOMEM.
 */
int ioreq_arm_server_unmap_range(struct ioreq_arm_domain *d,
				 uint16_t emulator, ioservid_t id,
				 uint32_t type, uint64_t start, uint64_t end);

/*
 * XEN_DMOP_set_ioreq_server_state.  Enabling writes each vCPU's port to
 * vp_eport of the page, if the server has a page by then.
 */
int ioreq_arm_server_set_state(struct ioreq_arm_domain *d, uint16_t emulator,
			       ioservid_t id, bool enabled);

/*
 * XEN_DMOP_destroy_ioreq_server.  As Xen: a vCPU blocked on this server
 * stays blocked for ever (its port is freed without a wake-up), so
 * ioreq_arm_vcpu_state() keeps reporting IOREQ_ARM_BLOCKED.
 */
int ioreq_arm_server_destroy(struct ioreq_arm_domain *d, uint16_t emulator,
			     ioservid_t id);

/* ---- the guest side ---------------------------------------------------- */

/* vCPU @vcpu's registers, or NULL for a bad index. */
struct ioreq_arm_regs *ioreq_arm_vcpu_regs(struct ioreq_arm_domain *d,
					   unsigned int vcpu);

/* RUNNING, BLOCKED or CRASHED; -EINVAL for a bad index. */
int ioreq_arm_vcpu_state(const struct ioreq_arm_domain *d, unsigned int vcpu);

/*
 * A stage 2 data abort taken by vCPU @vcpu (do_trap_stage2_abort_guest).
 * Returns an enum ioreq_arm_outcome, or -EINVAL (bad vCPU, EC not 0x24),
 * -EBUSY (the vCPU is blocked and cannot execute).  In-Xen handlers and
 * ignored cache maintenance complete at once (RUNNING).  The way back to
 * the guest also sends a pending INVALIDATE, so BLOCKED can follow even
 * an aborted access; regs->dabts_injected tells.
 */
int ioreq_arm_guest_access(struct ioreq_arm_domain *d, unsigned int vcpu,
			   const struct ioreq_arm_access *access);

/*
 * The device model notified @port (evtchn_send on a Xen-consumer channel):
 * if that port's vCPU is blocked it wakes and re-checks its pending
 * slots, completing what it can.  *@vcpu (if not NULL) gets the vCPU.
 * Returns its enum ioreq_arm_outcome, or -ENOENT for a port the model did
 * not allocate.
 */
int ioreq_arm_evtchn_send(struct ioreq_arm_domain *d, uint32_t port,
			  unsigned int *vcpu);

/*
 * A RAM entry of the guest's p2m was removed or replaced while the
 * domain has an ioreq server: @vcpu is the guest vCPU whose hypercall did
 * it, or -1 for another domain (then every vCPU is flagged; Xen does that
 * only once creation has finished, which the model assumes).
 */
void ioreq_arm_p2m_ram_removed(struct ioreq_arm_domain *d, int vcpu);

/*
 * vCPU @vcpu is about to return to the guest (hypercall exit): a pending
 * mapcache invalidation is broadcast now as IOREQ_TYPE_INVALIDATE
 * (addr 0, size 4, count 0, data ~0, write) to every enabled server.
 * Returns an enum ioreq_arm_outcome (BLOCKED until all have answered), or
 * -EINVAL / -EBUSY as ioreq_arm_guest_access().
 */
int ioreq_arm_vcpu_enter_guest(struct ioreq_arm_domain *d, unsigned int vcpu);

/* ---- vGIC SPIs --------------------------------------------------------- */

/*
 * XEN_DMOP_set_irq_level.  -ENOSYS without CONFIG_IOREQ_SERVER; -EINVAL
 * when @irq is not an SPI of this domain (32..32+nr_spis-1), @level is not
 * 0/1, or Xen reserved @irq (ioreq_arm_vgic_reserve).
 */
int ioreq_arm_set_irq_level(struct ioreq_arm_domain *d, unsigned int irq,
			    unsigned int level);

/*
 * vgic_reserve_virq(): Xen itself uses @irq (vpl011's SPI 32, passthrough).
 * -EINVAL when out of range, -EBUSY when already reserved.
 */
int ioreq_arm_vgic_reserve(struct ioreq_arm_domain *d, unsigned int irq);

/*
 * The guest programs GICD_ICFGR for SPI @irq.  Only the new vGIC looks at
 * it; every SPI starts edge-triggered there.  -EINVAL when not an SPI.
 */
int ioreq_arm_vgic_configure(struct ioreq_arm_domain *d, unsigned int irq,
			     bool level_triggered);

/* True when SPI @irq would be taken by the guest now. */
bool ioreq_arm_vgic_deliverable(const struct ioreq_arm_domain *d,
				unsigned int irq);

/*
 * The guest acknowledges SPI @irq (reads GICC_IAR): it becomes active and
 * its edge latch clears.  -EINVAL when not an SPI, -ENOENT when it was not
 * deliverable.
 */
int ioreq_arm_vgic_ack(struct ioreq_arm_domain *d, unsigned int irq);

/*
 * The guest ends SPI @irq (GICC_EOIR): no longer active.  If it is
 * deliverable again (latched meanwhile, or a level line still high on the
 * new vGIC) ops->irq_raised fires.  -EINVAL when not an active SPI.
 */
int ioreq_arm_vgic_eoi(struct ioreq_arm_domain *d, unsigned int irq);

#endif
