// SPDX-License-Identifier: GPL-2.0-only
/*
 * Handles registered with libxentoolcore (see toolcore.h).  The
 * restriction itself lives in the hypervisor, on the connection
 * (hv/restrict.c); the libraries only ask for it.
 */
#include <errno.h>
#include "toolcore.h"

int toolcore_connect(struct xensim_conn *conn, int want_events,
		     struct toolcore_handle *tc,
		     toolcore_restrict_fn *restrict_cb)
{
	int err;

	tc->restrict_callback = restrict_cb;
	xentoolcore__register_active_handle(tc);
	err = xensim_connect(conn, 0, want_events);
	if (err)
		xentoolcore__deregister_active_handle(tc);
	return err;
}

void toolcore_disconnect(struct xensim_conn *conn, struct toolcore_handle *tc)
{
	xentoolcore__deregister_active_handle(tc);
	xensim_disconnect(conn);
}

int toolcore_restrict(struct xensim_conn *conn, uint32_t op, domid_t domid)
{
	int64_t ret = xensim_simple(conn, op, 0, domid, 0, 0, 0);

	if (ret < 0) {
		errno = (int)-ret;
		return -1;
	}
	return 0;
}
