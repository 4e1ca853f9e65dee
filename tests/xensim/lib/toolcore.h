/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Library handles registered with the real libxentoolcore.so.1, so that
 * xentoolcore_restrict_all() reaches ours as it reaches the real
 * libxendevicemodel, libxenforeignmemory and libxenevtchn: each registers
 * its handle with a restrict callback when it opens (all_restrict_cb in
 * Xen's tools/libs/{devicemodel,foreignmemory,evtchn}/core.c) and
 * deregisters it when it closes.
 *
 * Debian installs no header for the registration.  struct toolcore_handle
 * has the layout of Xentoolcore__Active_Handle in Xen's
 * tools/include/xentoolcore_internal.h: the callback, then the BSD list
 * entry libxentoolcore links the handles by (XEN_LIST_ENTRY, as LIST_ENTRY
 * of <sys/queue.h>).  The two functions are its VERS_1.0 exports.
 */
#ifndef XENSIM_LIB_TOOLCORE_H
#define XENSIM_LIB_TOOLCORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>
#include <xen/xen.h>
#include "../client.h"

struct toolcore_handle;

/* 0, or -1 with errno set.  Called with libxentoolcore's lock held. */
typedef int toolcore_restrict_fn(struct toolcore_handle *tc, domid_t domid);

struct toolcore_handle {
	toolcore_restrict_fn *restrict_callback;
	LIST_ENTRY(toolcore_handle) entry;	/* libxentoolcore's */
};

void xentoolcore__register_active_handle(struct toolcore_handle *tc);
void xentoolcore__deregister_active_handle(struct toolcore_handle *tc);

/* The handle of type @type whose member @member is @tc. */
#define TOOLCORE_OWNER(tc, type, member) \
	((type *)(void *)((char *)(tc) - offsetof(type, member)))

/*
 * Register @tc with @restrict_cb, then connect @conn as dom0 (with an event
 * pipe if @want_events), in the order xentoolcore_internal.h asks of
 * libraries.  Returns 0 or -errno, and leaves @tc unregistered on failure.
 */
int toolcore_connect(struct xensim_conn *conn, int want_events,
		     struct toolcore_handle *tc,
		     toolcore_restrict_fn *restrict_cb);

/* Deregister @tc first, then disconnect @conn. */
void toolcore_disconnect(struct xensim_conn *conn, struct toolcore_handle *tc);

/*
 * Restrict @conn to @domid with @op (XS_OP_PRIVCMD_RESTRICT or
 * XS_OP_EVTCHN_RESTRICT): 0, or -1 with errno set, as the real libraries
 * return the ioctl's result.
 */
int toolcore_restrict(struct xensim_conn *conn, uint32_t op, domid_t domid);

#endif
