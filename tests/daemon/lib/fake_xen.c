// SPDX-License-Identifier: GPL-2.0-only
/* Fakes of the Xen calls console.c and the kinds make (see fake_xen.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evtchn.h"
#include "fake_xen.h"
#include "xen.h"

#define MAX_KEYS	32

static struct {
	char path[128];
	char value[128];
} keys[MAX_KEYS];

struct xencons_interface *fake_ring;
unsigned long fake_ring_mapped_ref, fake_ring_unmaps;
struct fake_evtchn fake_evtchn;

static int find(const char *path)
{
	for (int i = 0; i < MAX_KEYS; i++)
		if (!strcmp(keys[i].path, path))
			return i;
	return -1;
}

void fake_xs_set(const char *dir, const char *key, const char *value)
{
	char path[128];
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	i = find(path);
	if (!value) {
		if (i >= 0)
			keys[i].path[0] = 0;
		return;
	}
	if (i < 0)
		i = find("");
	if (i < 0)
		abort();		/* the test set too many */
	snprintf(keys[i].path, sizeof(keys[i].path), "%s", path);
	snprintf(keys[i].value, sizeof(keys[i].value), "%s", value);
}

const char *fake_xs_get(const char *dir, const char *key)
{
	char path[128];
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	i = find(path);
	return i < 0 ? NULL : keys[i].value;
}

char *xen_read(struct xen *x, const char *dir, const char *key)
{
	const char *v = fake_xs_get(dir, key);

	(void)x;
	return v ? strdup(v) : NULL;
}

int xen_read_uint(struct xen *x, const char *dir, const char *key,
		  unsigned long *value)
{
	const char *v = fake_xs_get(dir, key);
	char *end;

	(void)x;
	if (!v)
		return -ENOENT;
	*value = strtoul(v, &end, 0);
	return *end ? -EINVAL : 0;
}

int xen_write(struct xen *x, const char *dir, const char *key,
	      const char *value)
{
	(void)x;
	fake_xs_set(dir, key, value);
	return 0;
}

void *xen_map_ring(struct xen *x, uint32_t domid, unsigned long ring_ref,
		   bool use_grant, bool *by_grant)
{
	(void)x;
	(void)domid;
	*by_grant = use_grant;
	fake_ring_mapped_ref = ring_ref;
	return fake_ring;
}

void xen_unmap_ring(struct xen *x, void *ring, bool by_grant)
{
	(void)x;
	(void)by_grant;
	fake_ring_unmaps += ring != NULL;
}

int evtchn_bind_interdomain(struct evtchn *ev, uint32_t domid,
			    uint32_t remote_port, evtchn_fn *fn, void *ctx)
{
	(void)ev;
	(void)domid;
	(void)fn;
	(void)ctx;
	fake_evtchn.remote_port = remote_port;
	fake_evtchn.binds++;
	return (int)(100 + remote_port);	/* our local port */
}

void evtchn_unbind(struct evtchn *ev, uint32_t port)
{
	(void)ev;
	(void)port;
	fake_evtchn.unbinds++;
}

int evtchn_notify(struct evtchn *ev, uint32_t port)
{
	(void)ev;
	(void)port;
	fake_evtchn.notifies++;
	return 0;
}
