/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Fakes of xen.c's xenstore, ring-mapping and evtchn.c's calls, linked in
 * their place by the unit tests of console.c and the console kinds: a
 * small store of keys, rings the test owns, and event channels that
 * count what was done to them.
 */
#ifndef FAKE_XEN_H
#define FAKE_XEN_H

#include <stdint.h>

#include <xen/io/console.h>

/* Set (value NULL: remove) "<dir>/<key>". */
void fake_xs_set(const char *dir, const char *key, const char *value);
/* What "<dir>/<key>" holds, or NULL. */
const char *fake_xs_get(const char *dir, const char *key);

/* The ring the next xen_map_ring() hands out, and what it was asked. */
extern struct xencons_interface *fake_ring;
extern unsigned long fake_ring_mapped_ref, fake_ring_unmaps;

/* The event channels: bound port, notifications, unbinds. */
struct fake_evtchn {
	uint32_t remote_port;		/* the last one bound */
	unsigned long binds, unbinds, notifies;
};
extern struct fake_evtchn fake_evtchn;

#endif
