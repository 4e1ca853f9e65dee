// SPDX-License-Identifier: GPL-2.0-only
/*
 * Simulated libxenctrl.so.4.17: the calls that the stock xenstored,
 * xenconsoled and xenconsole make (domain info, event-channel status,
 * hypervisor console ring), answered by the xensim hypervisor.  Exported
 * with version VERS_4.17.0 by xenctrl.map; everything else of the real
 * library is absent, so a binary needing it fails to load rather than
 * silently misbehave.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenctrl.h>
#include "../client.h"

struct xc_interface_core {
	struct xensim_conn conn;
};

xc_interface *xc_interface_open(xentoollog_logger *logger,
				xentoollog_logger *dombuild_logger,
				unsigned int open_flags)
{
	xc_interface *xch = calloc(1, sizeof(*xch));
	int err;

	(void)logger;
	(void)dombuild_logger;
	(void)open_flags;
	if (!xch)
		return NULL;
	err = xensim_connect(&xch->conn, 0, 0);
	if (err) {
		free(xch);
		errno = -err;
		return NULL;
	}
	return xch;
}

int xc_interface_close(xc_interface *xch)
{
	if (!xch)
		return 0;
	xensim_disconnect(&xch->conn);
	free(xch);
	return 0;
}

/* Up to max domains from first on into out (XENSIM_MAX_DOMAINS long):
 * the count, or -1 with errno set. */
static int fetch_info(xc_interface *xch, uint32_t first, unsigned int max,
		      struct xensim_dominfo *out)
{
	struct xensim_req req = { .op = XS_OP_DOMAIN_INFO, .a = first };
	int64_t n;

	req.b = max < XENSIM_MAX_DOMAINS ? max : XENSIM_MAX_DOMAINS;
	n = xensim_call(&xch->conn, &req, NULL, 0, out, req.b * sizeof(*out),
			NULL);
	if (n < 0) {
		errno = (int)-n;
		return -1;
	}
	return (int)n;
}

/* Arm guests are "HVM" to the tools (XEN_DOMINF_hvm_guest, with HAP). */
static void fill_dominfo(xc_dominfo_t *info, const struct xensim_dominfo *s)
{
	memset(info, 0, sizeof(*info));
	info->domid = s->domid;
	info->dying = !!(s->flags & XS_DOM_DYING);
	info->paused = !!(s->flags & XS_DOM_PAUSED);
	info->shutdown = !!(s->flags & XS_DOM_SHUTDOWN);
	info->running = !info->paused && !info->dying;
	info->hvm = s->domid != 0;
	info->hap = info->hvm;
	info->nr_pages = s->nr_pages;
	info->max_vcpu_id = s->max_vcpus - 1;
	info->nr_online_vcpus = s->max_vcpus;
}

int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid,
		      unsigned int max_doms, xc_dominfo_t *info)
{
	struct xensim_dominfo buf[XENSIM_MAX_DOMAINS];
	int n = fetch_info(xch, first_domid, max_doms, buf);

	for (int i = 0; i < n; i++)
		fill_dominfo(&info[i], &buf[i]);
	return n;
}

static uint32_t dominf_flags(const struct xensim_dominfo *s)
{
	uint32_t flags = 0;

	if (s->flags & XS_DOM_DYING)
		flags |= XEN_DOMINF_dying;
	if (s->flags & XS_DOM_PAUSED)
		flags |= XEN_DOMINF_paused;
	else if (!(s->flags & XS_DOM_DYING))
		flags |= XEN_DOMINF_running;
	if (s->flags & XS_DOM_SHUTDOWN)
		flags |= XEN_DOMINF_shutdown;
	if (s->domid)
		flags |= XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
	return flags;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain,
			  unsigned int max_domains, xc_domaininfo_t *info)
{
	struct xensim_dominfo buf[XENSIM_MAX_DOMAINS];
	int n = fetch_info(xch, first_domain, max_domains, buf);

	for (int i = 0; i < n; i++) {
		memset(&info[i], 0, sizeof(info[i]));
		info[i].domain = (domid_t)buf[i].domid;
		info[i].flags = dominf_flags(&buf[i]);
		info[i].tot_pages = buf[i].nr_pages;
		info[i].max_vcpu_id = buf[i].max_vcpus - 1;
		info[i].nr_online_vcpus = buf[i].max_vcpus;
	}
	return n;
}

int xc_evtchn_status(xc_interface *xch, xc_evtchn_status_t *status)
{
	struct xensim_req req = {
		.op = XS_OP_EVTCHN_STATUS, .dom = status->dom,
		.a = status->port,
	};
	struct xensim_evtchn_status st;
	static const uint32_t states[] = {
		[XS_PORT_FREE] = EVTCHNSTAT_closed,
		[XS_PORT_UNBOUND] = EVTCHNSTAT_unbound,
		[XS_PORT_INTERDOMAIN] = EVTCHNSTAT_interdomain,
		[XS_PORT_VIRQ] = EVTCHNSTAT_virq,
	};
	int64_t ret = xensim_call(&xch->conn, &req, NULL, 0, &st, sizeof(st),
				  NULL);

	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	status->status = states[st.state];
	status->vcpu = 0;
	if (st.state == XS_PORT_UNBOUND)
		status->u.unbound.dom = (domid_t)st.remote_dom;
	if (st.state == XS_PORT_INTERDOMAIN) {
		status->u.interdomain.dom = (domid_t)st.remote_dom;
		status->u.interdomain.port = st.remote_port;
	}
	if (st.state == XS_PORT_VIRQ)
		status->u.virq = st.virq;
	return 0;
}

/* Clearing the ring is not simulated; xenconsoled never asks for it. */
int xc_readconsolering(xc_interface *xch, char *buffer,
		       unsigned int *pnr_chars, int clear, int incremental,
		       uint32_t *pindex)
{
	struct xensim_req req = {
		.op = XS_OP_CONSOLE_READ, .a = pindex ? *pindex : 0,
		.b = *pnr_chars, .c = !!incremental,
	};
	size_t got = 0;
	int64_t ret;

	if (clear) {
		fprintf(stderr, "xensim: xc_readconsolering(clear=1) is not "
			"implemented by the simulation\n");
		errno = ENOSYS;
		return -1;
	}
	if (*pnr_chars > XENSIM_MAX_PAYLOAD)
		req.b = XENSIM_MAX_PAYLOAD;
	ret = xensim_call(&xch->conn, &req, NULL, 0, buffer, req.b, &got);
	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	*pnr_chars = (unsigned int)got;
	if (pindex && incremental)
		*pindex = (uint32_t)ret;
	return 0;
}
