/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Internal state of the simulated hypervisor: clients (one per library
 * handle or guest connection), domains with their pages, grant table and
 * event channels, and the hypervisor console ring.  Shared by the hv/ sources
 * only; callers see nothing but the protocol in ../proto.h.
 */
#ifndef XENSIM_HV_H
#define XENSIM_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../proto.h"

struct hv_ioreq_state;

struct hv_client {
	int fd;
	int event_fd;		/* write end of the caller's event pipe */
	uint32_t domid;		/* domain the caller acts for */
	uint32_t restrict_dom;	/* DOMID_INVALID: not restricted */
	unsigned int maps[XENSIM_MAX_DOMAINS];	/* foreign mappings held */
	bool deferred;		/* a reply is owed later (MMIO, SPI wait) */
	int64_t deadline_ms;	/* for a deferred SPI wait, else 0 */
	uint32_t wait_spi;
	uint32_t wait_count;
	struct hv_client *next;
};

struct hv_port {
	enum xensim_port_state state;
	uint32_t remote_dom;
	uint32_t remote_port;
	uint32_t virq;
	bool pending;
	bool masked;
	bool xen;			/* consumed by the hypervisor (ioreq) */
	struct hv_client *owner;	/* NULL: the domain's own kernel */
};

struct hv_domain {
	bool exists;
	bool dying;
	bool paused;
	uint32_t domid;
	uint32_t max_vcpus;
	uint32_t nr_spis;
	uint64_t gfns[XENSIM_MAX_PAGES];
	unsigned int nr_pages;
	uint64_t grants[XENSIM_MAX_GRANTS];	/* gfn + 1; 0 = no grant */
	struct hv_port ports[XENSIM_MAX_PORTS];
	/* Ports at and above it were never used: loops over a domain's ports
	 * stop there, as Xen's stop at the buckets it has allocated. */
	uint32_t port_limit;
	struct hv_client *guest;	/* connection of the guest itself */
	unsigned int maps;		/* mappings held by other domains */
	uint32_t spi_count[1024];	/* times each SPI became deliverable */
	uint64_t params[XENSIM_NR_PARAMS];
	struct hv_ioreq_state *ioreq;
};

/* A reply under construction. */
struct hv_reply {
	uint64_t val;
	uint32_t len;
	char data[XENSIM_MAX_PAYLOAD];
};

#define HV_DEFERRED 1	/* handler result: the reply is sent later */

/* Every request handler: 0, -errno or HV_DEFERRED. */
#define HV_OP(name) int hv_op_##name(struct hv_client *c, \
				     const struct xensim_req *req, \
				     const void *data, struct hv_reply *r)

extern const char *hv_dir;
extern struct hv_domain hv_domains[XENSIM_MAX_DOMAINS];

/* main.c */
void hv_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hv_send_reply(struct hv_client *c, int err, const struct hv_reply *r);
struct hv_client *hv_clients(void);
int64_t hv_now_ms(void);

/* domain.c */
struct hv_domain *hv_domain_get(uint32_t domid);	/* live or dying */
int hv_domain_init_dom0(void);
HV_OP(domain_create);
HV_OP(domain_destroy);
HV_OP(domain_pause);
HV_OP(domain_info);
HV_OP(page_add);
HV_OP(grant_set);
HV_OP(map);
HV_OP(unmap);
HV_OP(param);
int hv_domain_add_page(struct hv_domain *d, uint64_t gfn);
/* Reply with the path of @gfn's file and count @c's mapping of it. */
int hv_map_page(struct hv_client *c, struct hv_domain *d, uint64_t gfn,
		struct hv_reply *r);
int hv_page_path(const struct hv_domain *d, uint64_t gfn, char *buf,
		 size_t size);
void hv_domain_client_gone(struct hv_client *c);

/* evtchn.c */
int hv_port_alloc_unbound(struct hv_domain *d, uint32_t remote,
			  struct hv_client *owner);
/* A port that Xen itself consumes (an ioreq vCPU port). */
int hv_port_alloc_xen(struct hv_domain *d, uint32_t remote);
/* Event arrives at @port of @d. */
void hv_port_raise(struct hv_domain *d, uint32_t port);
/* @d sends on its @port: the peer of an interdomain channel is raised. */
void hv_port_send(struct hv_domain *d, uint32_t port);
void hv_port_close(struct hv_domain *d, uint32_t port);
/*
 * A new guest connection is the guest's kernel from now on: it starts with
 * its ports unmasked and gets what is pending (a previous connection may
 * have left a port masked).
 */
void hv_ports_guest_attached(struct hv_domain *d);
void hv_virq_raise(uint32_t virq);
void hv_ports_close_domain(struct hv_domain *d);
void hv_ports_client_gone(struct hv_client *c);
HV_OP(evtchn);

/* restrict.c */
/*
 * What a request may do on a restricted connection.  The zero value
 * refuses it, so an op nobody classified is refused.
 */
enum hv_restricted {
	HV_R_HYPERCALL,		/* none: EPERM */
	HV_R_DOMAIN,		/* names req->dom: EPERM unless it is the one */
	HV_R_EVTCHN_BIND,	/* binds to req->dom: EACCES unless likewise */
	HV_R_EVTCHN_NEW,	/* a new VIRQ or unbound port: EACCES */
	HV_R_OWN,		/* acts on what the connection holds: allowed */
};
/* 0, or the -errno with which @c's restriction refuses @req. */
int hv_restriction_check(const struct hv_client *c,
			 const struct xensim_req *req, enum hv_restricted use);
HV_OP(restrict);

/* conring.c */
void hv_conring_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
HV_OP(console_write);
HV_OP(console_read);

/* ioreq.c */
HV_OP(ioreq);
HV_OP(mmio);
HV_OP(irq);
void hv_irq_raised(struct hv_domain *d, unsigned int irq);
/* set_irq_level, nr_vcpus and a guest's SPI acknowledgement. */
int hv_ioreq_irq_op(struct hv_client *c, struct hv_domain *d,
		    const struct xensim_req *req, struct hv_reply *r);
void hv_irq_domain_gone(struct hv_domain *d);
int hv_ioreq_domain_init(struct hv_domain *d, bool vuart);
void hv_ioreq_domain_gone(struct hv_domain *d);
void hv_ioreq_client_gone(struct hv_client *c);
void hv_ioreq_port_notified(struct hv_domain *d, uint32_t port);
void hv_spi_timeouts(int64_t now_ms);

#endif
