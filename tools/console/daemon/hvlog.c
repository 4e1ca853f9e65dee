// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor console log (see hvlog.h).  Reads 16 KiB at a time and
 * again while a read comes back full, as stock xenconsoled does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "console.h"
#include "xen.h"
#include "evtchn.h"
#include "hvlog.h"
#include "log.h"

#define CHUNK	16384u

struct hvlog {
	const struct console_env *env;
	struct logfile log;
	uint32_t port;
	uint32_t index;		/* incremental read position */
};

static void hvlog_read(void *ctx, uint32_t port)
{
	struct hvlog *h = ctx;
	char buf[CHUNK];
	unsigned int n;

	(void)port;
	do {
		n = sizeof(buf);
		if (xc_readconsolering(h->env->xen->xc, buf, &n, 0, 1,
				       &h->index) < 0) {
			log_msg(LOG_ERR, "cannot read the hypervisor console: %s",
				strerror(errno));
			return;
		}
		if (n)
			logfile_write(&h->log, buf, n, time(NULL));
	} while (n == sizeof(buf));
}

int hvlog_open(const struct console_env *env,
	       const struct logfile_config *config, struct hvlog **out)
{
	struct hvlog *h = calloc(1, sizeof(*h));
	int rc;

	if (!h)
		return -ENOMEM;
	h->env = env;
	rc = logfile_open(&h->log, config, "hypervisor.log");
	if (rc) {
		log_msg(LOG_ERR, "cannot open hypervisor.log: %s", strerror(-rc));
		free(h);
		return rc;
	}
	rc = evtchn_bind_virq(env->evtchn, VIRQ_CON_RING, hvlog_read, h);
	if (rc < 0) {
		log_msg(LOG_ERR, "cannot bind VIRQ_CON_RING: %s", strerror(-rc));
		logfile_close(&h->log);
		free(h);
		return rc;
	}
	h->port = (uint32_t)rc;
	hvlog_read(h, h->port);		/* what Xen printed before we started */
	*out = h;
	return 0;
}

void hvlog_reopen(struct hvlog *h)
{
	if (h)
		logfile_reopen(&h->log, "hypervisor.log");
}

void hvlog_close(struct hvlog *h)
{
	if (!h)
		return;
	evtchn_unbind(h->env->evtchn, h->port);
	logfile_close(&h->log);
	free(h);
}
