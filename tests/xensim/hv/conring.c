// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor console ring ("conring"): what Xen's printk writes and
 * xc_readconsolering() reads, with VIRQ_CON_RING raised on every write.
 * Indices are free-running byte counters, as in Xen's console.c, so an
 * incremental reader that fell behind skips what was overwritten.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <xen/xen.h>
#include "hv.h"

static char ring[XENSIM_CONRING_SIZE];
static uint32_t ring_prod;	/* total bytes ever written */

static void conring_put(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		ring[(ring_prod + i) % XENSIM_CONRING_SIZE] = buf[i];
	ring_prod += (uint32_t)len;
	hv_virq_raise(VIRQ_CON_RING);
}

void hv_conring_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		conring_put(buf, (size_t)n < sizeof(buf) ? (size_t)n :
			    sizeof(buf) - 1);
}

/* A guest's writes are prefixed "(dN) " per line, as Xen's guest_console_write
 * does for HYPERVISOR_console_io. */
HV_OP(console_write)
{
	char prefix[16];
	const char *p = data, *end = p + req->len, *nl;

	(void)r;
	if (!c->domid) {
		conring_put(data, req->len);
		return 0;
	}
	snprintf(prefix, sizeof(prefix), "(d%u) ", c->domid);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		conring_put(prefix, strlen(prefix));
		conring_put(p, (size_t)(nl - p));
		p = nl;
	}
	return 0;
}

/*
 * a: reader's index (incremental) ; b: buffer size ; c: incremental.
 * A non-incremental read returns the oldest bytes still in the ring.
 */
HV_OP(console_read)
{
	uint32_t oldest = ring_prod > XENSIM_CONRING_SIZE ?
			  ring_prod - XENSIM_CONRING_SIZE : 0;
	uint32_t idx = req->c ? (uint32_t)req->a : oldest;
	uint32_t n = 0;

	(void)c;
	(void)data;
	if (req->b > sizeof(r->data))
		return -EINVAL;
	if ((int32_t)(idx - oldest) < 0)
		idx = oldest;
	while (idx != ring_prod && n < req->b)
		r->data[n++] = ring[idx++ % XENSIM_CONRING_SIZE];
	r->len = n;
	r->val = idx;
	return 0;
}
