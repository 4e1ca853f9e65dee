// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 console kind: a full PL011 r1p5 model per guest, served as
 * the Arm ioreq server for the guest's UART page ("serial/0" in
 * xenstore, so stock `xl console -t serial` finds its tty).
 *
 * The UART runs in one of two places.  By default (--pl011-isolation=
 * process) each guest's runs in an emulator process of its own, confined
 * to that guest (pl011_emulator.c), and pl011_proxy.c is its daemon side.
 * With isolation off it runs here: pl011_host.h is the UART behind the
 * ioreq server, and this file gives it the console's bytes.  Either way
 * this file decides which guests get a PL011 and where, and the
 * console's tty key is written once the server claims the page, so a
 * guest that libxl unpauses can never touch an unclaimed UART.
 * pl011_restart.c keeps what a restart needs: a daemon that stops parks
 * its server (or leaves its emulator running), the next one adopts it.
 *
 * Knows the model only through pl011.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crash_point.h"
#include "options.h"
#include "pl011_console.h"
#include "pl011_proxy.h"
#include "xen.h"
#include "xen_pl011_place.h"

/* ---- configuration --------------------------------------------------------- */

static bool has_key(struct console *con, const char *dir, const char *key)
{
	char path[96];
	char *v;

	snprintf(path, sizeof(path), "%s/%s", con->dom_path, dir);
	v = xen_read(con->env->xen, path, key);
	free(v);
	return v != NULL;
}

/*
 * Which address and SPI, or -ENOENT if this guest gets no PL011: either
 * the toolstack asked for one (serial/0/type = "pl011", optional base and
 * spi), or --pl011=auto and the guest has a PV console but no vuart
 * (libxl writes vuart/0 before console/, so its absence is final then).
 */
static int read_config(struct console *con, uint64_t *base, unsigned int *spi)
{
	const struct pl011_options *opt = con->env->pl011;
	struct xen *xen = con->env->xen;
	const char *dir = console_xs_dir(con);
	char *type = xen_read(xen, dir, "type");
	bool asked = type && !strcmp(type, "pl011");
	unsigned long v;

	free(type);
	if (opt->mode == PL011_OFF || (type && !asked))
		return -ENOENT;
	if (!asked && (opt->mode != PL011_AUTO ||
		       !has_key(con, "console", "ring-ref") ||
		       has_key(con, "vuart/0", "ring-ref")))
		return -ENOENT;
	*base = opt->base;
	*spi = opt->spi;
	if (asked && xen_read_uint(xen, dir, "base", &v) == 0)
		*base = v;
	if (asked && xen_read_uint(xen, dir, "spi", &v) == 0)
		*spi = xen_pl011_spi_ok(v) ? (unsigned int)v : 0;
	if (!xen_pl011_base_ok(*base) || !xen_pl011_spi_ok(*spi))
		return -EINVAL;
	/* Xen's own vpl011 handler would win over any ioreq server there. */
	if (*base == XEN_GUEST_PL011_BASE && has_key(con, "vuart/0", "ring-ref"))
		return -EADDRINUSE;
	return 0;
}

/* ---- the UART in the daemon (--pl011-isolation=none) --------------------- */

static struct pl011_console *of_host(struct pl011_host *h)
{
	return PL011_HOST_OWNER(h, struct pl011_console);
}

static void host_kick(struct pl011_host *h)
{
	console_kick(of_host(h)->con);
}

static void host_make_room(struct pl011_host *h)
{
	console_drain(of_host(h)->con, PL011_FIFO_DEPTH);
}

static bool host_input_waiting(struct pl011_host *h)
{
	return bytebuf_len(&of_host(h)->con->in) != 0;
}

static void host_persist(struct pl011_host *h)
{
	pl011_restart_save(&of_host(h)->restart);
}

static void host_guest_error(struct pl011_host *h, const char *msg)
{
	console_guest_error(of_host(h)->con, "%s", msg);
}

static const struct pl011_host_ops in_daemon_ops = {
	.kick = host_kick,
	.make_room = host_make_room,
	.input_waiting = host_input_waiting,
	.persist = host_persist,
	.guest_error = host_guest_error,
};

/*
 * Take over the server a previous daemon left (enabled, range claimed):
 * its UART state and input back, then the server, which answers what
 * was left in flight.
 */
static int adopt(struct pl011_console *p, const struct pl011_server_place *left)
{
	struct pl011_host *h = &p->host;
	int rc;

	h->base = left->base;
	h->spi = left->spi;
	if (pl011_restart_restore(&p->restart, &h->uart, &p->con->in))
		log_msg(LOG_WARNING, "dom%u pl011 console: saved UART state "
			"rejected, starting from reset", h->domid);
	rc = pl011_host_adopt(h, (ioservid_t)left->id);
	if (rc)
		return rc;
	pl011_host_resume(h);
	log_msg(LOG_INFO, "dom%u: PL011 ioreq server %u taken over", h->domid,
		left->id);
	return 0;
}

/*
 * What a previous daemon left for this domain instance: its server
 * adopted (true), or nothing to adopt (false, with a stale server
 * destroyed and the UART at reset).  Shared by both isolation modes.
 */
int pl011_console_restart(struct pl011_console *p,
			  int (*adopt_fn)(struct pl011_console *p,
					  const struct pl011_server_place *left),
			  struct pl011 *uart, const struct ioreq_env *xen)
{
	struct console *con = p->con;
	struct pl011_server_place left;
	int rc;

	switch (pl011_restart_open(&p->restart, con->env->state_dirfd,
				   con->domid, con->dom_handle, uart,
				   &con->in, &left)) {
	case PL011_LEFT_SERVER:
		rc = adopt_fn(p, &left);
		if (rc == 0)
			return 1;
		log_msg(LOG_WARNING, "dom%u pl011 console: cannot take over "
			"ioreq server %u (%s), starting a new one", con->domid,
			left.id, strerror(-rc));
		return rc;
	case PL011_LEFT_STALE:
		ioreq_server_discard(xen, con->domid, (ioservid_t)left.id);
		break;
	case PL011_LEFT_NOTHING:
		/* No state file where one was asked for: said by restart. */
		con->stats.daemon_errors += con->env->state_dirfd >= 0 &&
					    !p->restart.file;
		break;
	}
	return 0;
}

/* A new server: the state file describes it from now on. */
void pl011_console_new_server(struct pl011_console *p, uint32_t id)
{
	struct console *con = p->con;

	pl011_restart_server(&p->restart, con->domid, con->dom_handle,
			     &(struct pl011_server_place){ p->base, p->spi, id });
}

/* Adopt what a previous daemon left, else start anew. */
static int connect(struct pl011_console *p)
{
	struct pl011_host *h = &p->host;
	int rc = pl011_console_restart(p, adopt, &h->uart, &h->ioreq_env);

	if (rc > 0)
		return 0;
	if (rc < 0) {
		/* Failed: a new server from reset, and no stale input. */
		pl011_host_close(h, false);
		bytebuf_consume(&p->con->in, bytebuf_len(&p->con->in));
		rc = pl011_host_init(h, &p->config);
		if (rc)
			return rc;
	}
	rc = pl011_host_open(h);
	if (rc)
		return rc;
	pl011_console_new_server(p, h->server.id);
	return 0;
}

static int attach_in_daemon(struct pl011_console *p)
{
	int rc = pl011_host_init(&p->host, &p->config);

	if (rc)
		return rc;
	rc = connect(p);
	if (rc)
		return rc;
	log_msg(LOG_INFO, "dom%u: PL011 at %#llx, SPI %u, ioreq server %u, "
		"%u vCPUs", p->con->domid, (unsigned long long)p->host.base,
		p->host.spi, p->host.server.id, p->host.server.nr_vcpus);
	return 0;
}

/* ---- the console kind ------------------------------------------------------- */

/*
 * park: the daemon is on its way out and leaves the UART (its server,
 * or its emulator) for the next one, when there is a state file to find
 * it by.
 */
static void pl011_detach(struct console *con, bool park)
{
	struct pl011_console *p = con->priv;

	if (!p->con)
		return;
	park = park && p->restart.file;
	if (p->isolated)
		pl011_proxy_detach(p, park);
	else
		pl011_host_close(&p->host, park);
	pl011_restart_close(&p->restart, con->env->state_dirfd, con->domid,
			    park);
	memset(p, 0, sizeof(*p));
}

static int pl011_attach(struct console *con)
{
	struct pl011_console *p = con->priv;
	const struct console_env *env = con->env;
	const struct pl011_options *opt = env->pl011;
	uint64_t base;
	unsigned int spi;
	int rc;

	if (p->con)
		return 0;		/* claimed: later key changes are ignored */
	rc = read_config(con, &base, &spi);
	if (rc)
		return rc;
	if (!env->xen->xdm)
		return -ENOSYS;
	p->con = con;
	p->base = base;
	p->spi = spi;
	p->isolated = opt->isolation == PL011_ISOLATION_PROCESS;
	p->config = (struct pl011_host_config){
		.domid = con->domid, .base = base, .spi = spi,
		.trm_reset = opt->trm_reset, .tx_drop = opt->tx_drop,
		.fast_path = opt->fast_path,
		.ioreq = { env->xen->xdm, env->xen->xfm, env->evtchn,
			   env->loop },
		.ops = &in_daemon_ops, .stats = &con->stats,
	};
	rc = p->isolated ? pl011_proxy_attach(p) : attach_in_daemon(p);
	if (rc)
		pl011_detach(con, false);
	return rc;
}

static size_t pl011_pull(struct console *con, uint8_t *buf, size_t max)
{
	struct pl011_console *p = con->priv;
	size_t n;

	if (!p->con)
		return 0;
	if (p->restart.checking) {
		n = pl011_restart_undelivered(&p->restart, &con->log, buf, max);
		if (n || p->restart.checking)
			return n;
	}
	n = p->isolated ? pl011_proxy_pull(p, buf, max) :
			  pl011_host_take(&p->host, buf, max);
	if (n) {
		crash_point("pl011-pulled");
		pl011_restart_stage(&p->restart, buf, n, logfile_mark(&con->log));
		crash_point("pl011-staged");
	}
	return n;
}

static size_t pl011_push(struct console *con, const uint8_t *buf, size_t n)
{
	struct pl011_console *p = con->priv;

	if (!p->con)
		return 0;
	return p->isolated ? pl011_proxy_push(p, buf, n) :
			     pl011_host_give(&p->host, buf, n);
}

/* Bytes moved: anything staged has been delivered by now. */
static void pl011_save_op(struct console *con)
{
	struct pl011_console *p = con->priv;

	if (!p->con)
		return;
	if (p->isolated)
		pl011_proxy_delivered(p);
	else
		pl011_host_counters(&p->host);
	pl011_restart_delivered(&p->restart);
}

const struct console_kind console_kind_pl011 = {
	.name = "pl011",
	.xs_dir = "serial/0",
	.log_suffix = "-serial0",
	.priv_size = sizeof(struct pl011_console),
	.attach = pl011_attach,
	.detach = pl011_detach,
	.pull = pl011_pull,
	.push = pl011_push,
	.save = pl011_save_op,
};
