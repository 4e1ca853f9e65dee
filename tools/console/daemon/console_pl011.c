// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 console kind: a full PL011 r1p5 model per guest, served as
 * the Arm ioreq server for the guest's UART page ("serial/0" in
 * xenstore, so stock `xl console -t serial` finds its tty).
 *
 * ioreq_server.c owns the Xen side and mmio.c the request path;
 * pl011_uart.c is the UART behind them (its registers as MMIO ops, its
 * interrupt as an SPI, when to take its output); this file is the console
 * kind: which guests get a PL011 and where, the server's life cycle, and
 * the UART's FIFOs as the console's bytes.  The console's tty key is
 * written once the server claims the page, so a guest that libxl
 * unpauses can never touch an unclaimed UART.  pl011_restart.c keeps what a restart needs:
 * a daemon that stops parks its server, the next one adopts it.
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

/*
 * park: the daemon is on its way out and leaves the server for the next
 * one, when there is a state file to find it by.
 */
static void pl011_detach(struct console *con, bool park)
{
	struct pl011_console *p = con->priv;

	if (!p->con)
		return;
	park = park && p->restart.file;
	ioreq_server_close(&p->server, park);
	pl011_timers_release(p, con->env->loop);
	pl011_uart_counters(p);
	pl011_restart_close(&p->restart, con->env->state_dirfd, domid_of(p),
			    park);
	memset(p, 0, sizeof(*p));
}

static int server_init(struct pl011_console *p)
{
	return ioreq_server_init(&p->server, &p->ioreq_env, domid_of(p),
				 &(struct mmio_region){ p->base,
							XEN_PL011_PAGE_SIZE,
							&pl011_mmio_ops, p },
				 pl011_served);
}

/*
 * Take over the server a previous daemon left (enabled, range claimed):
 * its UART state and input back, then the server, which answers what
 * was left in flight.
 */
static int adopt(struct pl011_console *p, const struct pl011_server_place *left)
{
	int rc;

	p->base = left->base;
	p->spi = left->spi;
	rc = server_init(p);
	if (rc)
		return rc;
	if (pl011_restart_restore(&p->restart, &p->uart, &p->con->in))
		log_msg(LOG_WARNING, "dom%u pl011 console: saved UART state "
			"rejected, starting from reset", domid_of(p));
	pl011_set_modem(&p->uart, CONNECTED_LINE);	/* as now, whatever was */
	rc = ioreq_server_adopt(&p->server, (ioservid_t)left->id);
	if (rc)
		return rc;
	if (pl011_irq_level(&p->uart))
		pl011_inject(p, true, true);	/* it may have been lost with us */
	pl011_update_timer(p);
	log_msg(LOG_INFO, "dom%u: PL011 ioreq server %u taken over", domid_of(p),
		left->id);
	return 0;
}

/* Adopt what a previous daemon left, else start anew. */
static int connect(struct pl011_console *p)
{
	struct console *con = p->con;
	uint64_t base = p->base;
	unsigned int spi = p->spi;
	struct pl011_server_place left;
	int rc;

	switch (pl011_restart_open(&p->restart, con->env->state_dirfd,
				   con->domid, con->dom_handle, &p->uart,
				   &con->in, &left)) {
	case PL011_LEFT_SERVER:
		rc = adopt(p, &left);
		if (rc == 0)
			return 0;
		log_msg(LOG_WARNING, "dom%u pl011 console: cannot take over "
			"ioreq server %u (%s), starting a new one", domid_of(p),
			left.id, strerror(-rc));
		ioreq_server_close(&p->server, false);
		pl011_reset(&p->uart);
		bytebuf_consume(&con->in, bytebuf_len(&con->in));
		p->base = base;
		p->spi = spi;
		break;
	case PL011_LEFT_STALE:
		ioreq_server_discard(&p->ioreq_env, con->domid,
				     (ioservid_t)left.id);
		break;
	case PL011_LEFT_NOTHING:
		/* No state file where one was asked for: said by restart. */
		con->stats.daemon_errors += con->env->state_dirfd >= 0 &&
					    !p->restart.file;
		break;
	}
	rc = server_init(p);
	if (rc == 0)
		rc = ioreq_server_open(&p->server);
	if (rc)
		return rc;
	pl011_restart_server(&p->restart, con->domid, con->dom_handle,
			     &(struct pl011_server_place){ p->base, p->spi,
							   p->server.id });
	return 0;
}

static int pl011_attach(struct console *con)
{
	struct pl011_console *p = con->priv;
	const struct console_env *env = con->env;
	enum pl011_tx_policy policy = env->pl011->tx_drop ? PL011_TX_DROP :
							    PL011_TX_BLOCK;
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
	rc = pl011_timers_init(p, env->loop);
	if (rc)
		return rc;
	p->con = con;
	p->base = base;
	p->spi = spi;
	p->ioreq_env = (struct ioreq_env){ env->xen->xdm, env->xen->xfm,
					   env->evtchn, env->loop };
	pl011_init(&p->uart, &(struct pl011_config){
		.reset_mode = env->pl011->trm_reset ? PL011_RESET_TRM :
						      PL011_RESET_FIRMWARE,
		.tx_policy = policy,
		.irq = pl011_inject,
		.ctx = p,
		.modem_inputs = CONNECTED_LINE,
	});
	pl011_pacing_init(&p->pacing, policy);
	pl011_advance(&p->uart, loop_clock());
	rc = connect(p);
	if (rc) {
		pl011_detach(con, false);
		return rc;
	}
	log_msg(LOG_INFO, "dom%u: PL011 at %#llx, SPI %u, ioreq server %u, "
		"%u vCPUs", con->domid, (unsigned long long)p->base, p->spi,
		p->server.id, p->server.nr_vcpus);
	return 0;
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
	pl011_advance(&p->uart, loop_clock());
	if (max > PL011_FIFO_DEPTH)
		max = PL011_FIFO_DEPTH;	/* one batch: what a restart stages */
	n = pl011_tx_pull(&p->uart, buf, max);
	if (n) {
		pl011_pacing_taken(&p->pacing, &p->uart);
		crash_point("pl011-pulled");
		pl011_uart_counters(p);
		pl011_restart_stage(&p->restart, buf, n, logfile_mark(&con->log));
		crash_point("pl011-staged");
	}
	return n;
}

static size_t pl011_push(struct console *con, const uint8_t *buf, size_t n)
{
	struct pl011_console *p = con->priv;
	size_t taken;

	if (!p->con)
		return 0;
	pl011_advance(&p->uart, loop_clock());
	taken = pl011_rx_push(&p->uart, buf, n);
	pl011_update_timer(p);
	return taken;
}

/* Bytes moved: anything staged has been delivered by now. */
static void pl011_save_op(struct console *con)
{
	struct pl011_console *p = con->priv;

	pl011_uart_counters(p);
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
