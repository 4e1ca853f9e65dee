/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Wire protocol between the simulated hypervisor (hv/) and its callers: the
 * replacement Xen libraries (lib/), the guest API (guest.c) and the xensim
 * toolstack command.  One SOCK_SEQPACKET connection per library handle; a
 * request is one datagram, so is its reply.  This header knows nothing of
 * either side's internals.
 */
#ifndef XENSIM_PROTO_H
#define XENSIM_PROTO_H

#include <stdint.h>

/* Environment variable naming the directory that holds one simulation. */
#define XENSIM_ENV_DIR "XENSIM_DIR"
#define XENSIM_SOCKET "hv.sock"

/*
 * Arm guest layout (xen/include/public/arch-arm.h).  Spelt out here because
 * on an x86 build host the installed headers do not select arch-arm.h.
 */
#define XENSIM_MAGIC_GFN	0x39000ULL	/* GUEST_MAGIC_BASE >> 12 */
#define XENSIM_CONSOLE_GFN	(XENSIM_MAGIC_GFN + 0)
#define XENSIM_XENSTORE_GFN	(XENSIM_MAGIC_GFN + 1)
#define XENSIM_VUART_GFN	(XENSIM_MAGIC_GFN + 3)
#define XENSIM_PL011_BASE	0x22000000ULL
#define XENSIM_PL011_SPI	32

#define XENSIM_MAX_DOMAINS	1100
#define XENSIM_MAX_PORTS	4096
#define XENSIM_MAX_GRANTS	32
#define XENSIM_MAX_PAGES	64
#define XENSIM_MAX_VCPUS	8
#define XENSIM_CONRING_SIZE	16384
#define XENSIM_MAX_PAYLOAD	65536

enum xensim_op {
	XS_OP_HELLO = 1,	/* a: domid acted for; fd: event pipe or -1 */
	XS_OP_BYE,		/* drop what the connection holds, now */
	XS_OP_DOMAIN_CREATE,	/* a: max_vcpus, b: nr_spis, c: flags -> val */
	XS_OP_DOMAIN_DESTROY,	/* dom */
	XS_OP_DOMAIN_PAUSE,	/* dom */
	XS_OP_DOMAIN_UNPAUSE,	/* dom */
	XS_OP_DOMAIN_INFO,	/* a: first domid, b: max -> xensim_dominfo[] */
	XS_OP_PAGE_ADD,		/* dom, a: gfn; toolstack builds memory */
	XS_OP_GRANT_SET,	/* dom, a: ref, b: gfn */
	XS_OP_MAP_GRANT,	/* dom, a: ref -> data: page path */
	XS_OP_MAP_FOREIGN,	/* dom, a: gfn -> data: page path */
	XS_OP_UNMAP,		/* dom: drop one mapping of that domain */
	XS_OP_EVTCHN_ALLOC_UNBOUND,	/* dom, a: remote domid -> val: port */
	XS_OP_EVTCHN_BIND_INTERDOMAIN,	/* dom: remote, a: remote port */
	XS_OP_EVTCHN_BIND_VIRQ,		/* a: virq -> val: port */
	XS_OP_EVTCHN_UNBIND,		/* a: port of the caller */
	XS_OP_EVTCHN_NOTIFY,		/* a: port of the caller */
	XS_OP_EVTCHN_UNMASK,		/* a: port of the caller */
	XS_OP_EVTCHN_STATUS,	/* dom, a: port -> xensim_evtchn_status */
	XS_OP_CONSOLE_WRITE,	/* data: bytes appended to the console ring */
	XS_OP_CONSOLE_READ,	/* a: index, b: max, c: incremental */
	XS_OP_IOREQ_CREATE,	/* dom, a: handle_bufioreq -> val: id */
	XS_OP_IOREQ_INFO,	/* dom, a: id -> xensim_ioreq_info */
	XS_OP_IOREQ_MAP_RANGE,	/* dom, a: id, b: start, c: end, d: map? */
	XS_OP_IOREQ_STATE,	/* dom, a: id, b: enabled */
	XS_OP_IOREQ_DESTROY,	/* dom, a: id */
	XS_OP_IOREQ_RESOURCE,	/* dom, a: id << 32 | frame -> data: path */
	XS_OP_SET_IRQ_LEVEL,	/* dom, a: irq, b: level */
	XS_OP_MMIO,		/* a: vcpu, b: gpa, c: size, d: value -> data */
	XS_OP_SPI_WAIT,		/* a: spi, b: seen, c: timeout ms -> count */
	XS_OP_SPI_ACK,		/* a: spi: the guest's IAR read + EOI write */
	XS_OP_NR_VCPUS,		/* dom -> val */
	XS_OP_PARAM_SET,	/* dom, a: index, b: value (toolstack) */
	XS_OP_PARAM_GET,	/* dom (a guest: itself), a: index -> val */
	XS_OP_PRIVCMD_RESTRICT,	/* a: domid (hv/restrict.c) */
	XS_OP_EVTCHN_RESTRICT,	/* a: domid */
	XS_OP_IOREQ_RESOURCE_SIZE,	/* dom -> val: frames */
};

/*
 * Per-domain parameters a guest reads at boot, indexed as Xen's HVM params
 * (xen/hvm/params.h) plus two private slots for the vuart, whose ring and
 * port a real guest never sees (Xen's vpl011 uses them on its behalf).
 */
#define XENSIM_NR_PARAMS	48
#define XENSIM_PARAM_VUART_GFN	46
#define XENSIM_PARAM_VUART_PORT	47

#define XS_CREATE_VUART		1u	/* flags: Xen's vpl011 owns SPI 32 */
/* Pages the hypervisor gives out that are not in the guest's p2m. */
#define XENSIM_PRIVATE_GFN	(1ull << 52)
#define XS_MMIO_WRITE		(1ull << 63)	/* in c (size): a store */

struct xensim_req {
	uint32_t op;
	uint32_t dom;
	uint64_t a, b, c, d;
	uint32_t len;		/* bytes of data that follow the header */
	uint32_t pad;
};

struct xensim_rsp {
	int32_t err;		/* 0 or a positive errno */
	uint32_t len;		/* bytes of data that follow the header */
	uint64_t val;
};

#define XS_DOM_DYING	(1u << 0)
#define XS_DOM_PAUSED	(1u << 1)
#define XS_DOM_SHUTDOWN	(1u << 2)

struct xensim_dominfo {
	uint32_t domid;
	uint32_t flags;
	uint32_t max_vcpus;
	uint32_t nr_spis;
	uint32_t nr_pages;
	uint32_t pad;
};

enum xensim_port_state {
	XS_PORT_FREE,
	XS_PORT_UNBOUND,
	XS_PORT_INTERDOMAIN,
	XS_PORT_VIRQ,
};

struct xensim_evtchn_status {
	uint32_t state;		/* enum xensim_port_state */
	uint32_t remote_dom;	/* unbound: allowed peer; interdomain: peer */
	uint32_t remote_port;
	uint32_t virq;
};

struct xensim_ioreq_info {
	uint64_t ioreq_gfn;	/* frame index 1 of the resource */
	uint64_t bufioreq_gfn;
	uint32_t bufioreq_port;
	uint32_t vcpu_ports[XENSIM_MAX_VCPUS];
	uint32_t nr_vcpus;
};

#endif
