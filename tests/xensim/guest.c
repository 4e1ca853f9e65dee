// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest-side API of the simulated Xen (see guest.h).  The console rings are
 * the real struct xencons_interface, mapped from the page files; the
 * producer/consumer protocol and barriers are those of Linux's hvc_xen.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/io/console.h>
#include <xen/hvm/params.h>
#include "client.h"
#include "guest.h"
#include "lib/pages.h"

struct guest_ring {
	struct xencons_interface *intf;
	uint32_t port;
};

struct xensim_guest {
	struct page_set mem;
	uint32_t domid;
	struct guest_ring ring[2];
};

static int64_t param(struct xensim_guest *g, unsigned int index)
{
	return xensim_simple(&g->mem.conn, XS_OP_PARAM_GET, 0, index, 0, 0, 0);
}

static int map_ring(struct xensim_guest *g, struct guest_ring *ring,
		    unsigned int pfn_param, unsigned int port_param)
{
	int64_t gfn = param(g, pfn_param), port = param(g, port_param);
	uint64_t key;

	if (gfn < 0 || port < 0)
		return gfn < 0 ? (int)gfn : (int)port;
	if (!gfn)
		return 0;	/* no such console */
	key = (uint64_t)gfn;
	ring->intf = pages_map(&g->mem, XS_OP_MAP_FOREIGN, &g->domid, 1, &key,
			       1, PROT_READ | PROT_WRITE, NULL, NULL, 0);
	ring->port = (uint32_t)port;
	return ring->intf ? 0 : -errno;
}

struct xensim_guest *guest_attach(uint32_t domid)
{
	struct xensim_guest *g = calloc(1, sizeof(*g));
	int err;

	if (!g)
		return NULL;
	g->domid = domid;
	err = xensim_connect(&g->mem.conn, domid, 1);
	if (err)
		goto fail_free;
	err = map_ring(g, &g->ring[GUEST_CONSOLE_PV], HVM_PARAM_CONSOLE_PFN,
		       HVM_PARAM_CONSOLE_EVTCHN);
	if (!err)
		err = map_ring(g, &g->ring[GUEST_CONSOLE_VUART],
			       XENSIM_PARAM_VUART_GFN, XENSIM_PARAM_VUART_PORT);
	if (!err)
		return g;
	xensim_disconnect(&g->mem.conn);
fail_free:
	free(g);
	errno = -err;
	return NULL;
}

void guest_detach(struct xensim_guest *g)
{
	if (!g)
		return;
	pages_forget_all(&g->mem);
	xensim_disconnect(&g->mem.conn);
	free(g);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait for any event of this domain, acknowledging (unmasking) what came.
 * Returns 1 on an event, 0 on timeout, -ESRCH when the domain is gone.
 */
static int wait_event(struct xensim_guest *g, int timeout_ms)
{
	struct pollfd pfd = { .fd = g->mem.conn.event_fd, .events = POLLIN };
	uint32_t ports[16];
	ssize_t n;
	int ret, i;

	ret = poll(&pfd, 1, timeout_ms);
	if (ret <= 0)
		return ret < 0 ? -errno : 0;
	n = read(pfd.fd, ports, sizeof(ports));
	if (n <= 0)
		return -ESRCH;
	for (i = 0; i < n / (ssize_t)sizeof(ports[0]); i++)
		xensim_simple(&g->mem.conn, XS_OP_EVTCHN_UNMASK, 0, ports[i],
			      0, 0, 0);
	return 1;
}

static struct guest_ring *ring_of(struct xensim_guest *g,
				  enum guest_console con)
{
	if ((unsigned int)con > GUEST_CONSOLE_VUART || !g->ring[con].intf)
		return NULL;
	return &g->ring[con];
}

static void notify(struct xensim_guest *g, struct guest_ring *r)
{
	xensim_simple(&g->mem.conn, XS_OP_EVTCHN_NOTIFY, 0, r->port, 0, 0, 0);
}

static size_t put_out(struct xencons_interface *intf, const char *buf,
		      size_t len)
{
	XENCONS_RING_IDX cons = __atomic_load_n(&intf->out_cons,
						__ATOMIC_ACQUIRE);
	XENCONS_RING_IDX prod = intf->out_prod;
	size_t n = 0;

	while (n < len && prod - cons < sizeof(intf->out))
		intf->out[MASK_XENCONS_IDX(prod++, intf->out)] = buf[n++];
	__atomic_store_n(&intf->out_prod, prod, __ATOMIC_RELEASE);
	return n;
}

int guest_console_write(struct xensim_guest *g, enum guest_console con,
			const void *buf, size_t len, int timeout_ms)
{
	struct guest_ring *r = ring_of(g, con);
	size_t done = 0, n;
	int ret;

	if (!r)
		return -ENODEV;
	while (done < len) {
		n = put_out(r->intf, (const char *)buf + done, len - done);
		done += n;
		if (n)
			notify(g, r);
		if (done == len)
			break;
		ret = wait_event(g, timeout_ms);
		if (ret <= 0)
			return ret ? ret : -ETIMEDOUT;
	}
	return (int)len;
}

static size_t take_in(struct xencons_interface *intf, char *buf, size_t max)
{
	XENCONS_RING_IDX prod = __atomic_load_n(&intf->in_prod,
						__ATOMIC_ACQUIRE);
	XENCONS_RING_IDX cons = intf->in_cons;
	size_t n = 0;

	while (n < max && cons != prod)
		buf[n++] = intf->in[MASK_XENCONS_IDX(cons++, intf->in)];
	__atomic_store_n(&intf->in_cons, cons, __ATOMIC_RELEASE);
	return n;
}

int guest_console_read(struct xensim_guest *g, enum guest_console con,
		       void *buf, size_t max, int timeout_ms)
{
	struct guest_ring *r = ring_of(g, con);
	int64_t deadline = now_ms() + timeout_ms;
	size_t n;
	int ret;

	if (!r)
		return -ENODEV;
	for (;;) {
		n = take_in(r->intf, buf, max);
		if (n) {
			notify(g, r);	/* the backend may refill */
			return (int)n;
		}
		if (now_ms() >= deadline)
			return 0;
		ret = wait_event(g, (int)(deadline - now_ms()));
		if (ret < 0)
			return ret;
	}
}

unsigned int guest_console_unread(struct xensim_guest *g,
				  enum guest_console con)
{
	struct guest_ring *r = ring_of(g, con);

	if (!r)
		return 0;
	return __atomic_load_n(&r->intf->out_prod, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&r->intf->out_cons, __ATOMIC_ACQUIRE);
}

/* The loaded value comes back as data: it may have bit 63 set. */
static int mmio(struct xensim_guest *g, unsigned int vcpu, uint64_t gpa,
		unsigned int size, uint64_t *val, int write)
{
	struct xensim_req req = {
		.op = XS_OP_MMIO, .a = vcpu, .b = gpa,
		.c = size | (write ? XS_MMIO_WRITE : 0), .d = *val,
	};
	uint64_t loaded = 0;
	int64_t ret;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	ret = xensim_call(&g->mem.conn, &req, NULL, 0, &loaded,
			  sizeof(loaded), NULL);
	if (ret < 0)
		return (int)ret;
	if (!write)
		*val = loaded;
	return 0;
}

int guest_mmio_read(struct xensim_guest *g, unsigned int vcpu, uint64_t gpa,
		    unsigned int size, uint64_t *val)
{
	*val = 0;
	return mmio(g, vcpu, gpa, size, val, 0);
}

int guest_mmio_write(struct xensim_guest *g, unsigned int vcpu, uint64_t gpa,
		     unsigned int size, uint64_t val)
{
	return mmio(g, vcpu, gpa, size, &val, 1);
}

int64_t guest_spi_count(struct xensim_guest *g, unsigned int spi)
{
	return xensim_simple(&g->mem.conn, XS_OP_SPI_WAIT, 0, spi, 0, 0, 0);
}

int guest_spi_ack(struct xensim_guest *g, unsigned int spi)
{
	return (int)xensim_simple(&g->mem.conn, XS_OP_SPI_ACK, 0, spi, 0, 0,
				  0);
}

int64_t guest_spi_wait(struct xensim_guest *g, unsigned int spi,
		       uint32_t seen, int timeout_ms)
{
	return xensim_simple(&g->mem.conn, XS_OP_SPI_WAIT, 0, spi, seen,
			     timeout_ms > 0 ? (uint64_t)timeout_ms : 1, 0);
}

int guest_hvc_write(struct xensim_guest *g, const char *text)
{
	struct xensim_req req = { .op = XS_OP_CONSOLE_WRITE };

	return (int)xensim_call(&g->mem.conn, &req, text, strlen(text), NULL,
				0, NULL);
}
