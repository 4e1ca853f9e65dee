// SPDX-License-Identifier: GPL-2.0-only
/*
 * forge (see commands.h): requests no Arm guest access can produce
 * (count != 1, data_is_ptr, df, unknown types, addresses outside the
 * page, sizes other than 1/2/4/8) and Xen's IOREQ_TYPE_INVALIDATE, which
 * the simulation never sends.  The guest API has no way to make them, so
 * this plays the hypervisor's half of the slot protocol by hand: it maps
 * the server's ioreq page file and sends the slot's event through the
 * simulation's wire protocol (proto.h, client.h), as Xen would.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xen/xen.h>
#include <xen/hvm/ioreq.h>

#include "client.h"
#include "commands.h"
#include "uart.h"

#define PAGE_SIZE	4096
#define STATE_BYTE	30	/* state:4, data_is_ptr, dir, df share it */
#define STATE_MASK	0x0fu
#define ANSWER_US	2000000
#define POISON		0x5a5a5a5a5a5a5a5aull

struct forged {
	const char *name;
	uint8_t type;
	uint8_t dir;
	uint32_t offset;	/* from the UART's base; may leave the page */
	uint32_t size;
	uint32_t count;
	uint8_t data_is_ptr;
	uint8_t df;
	uint64_t data;		/* written value (writes), else poison */
};

#define RD_REQ(n, off, sz, cnt, ptr, df_) \
	{ n, IOREQ_TYPE_COPY, IOREQ_READ, off, sz, cnt, ptr, df_, POISON }

static const struct forged requests[] = {
	/* A well-formed one first: proves the forging itself works. */
	RD_REQ("control", 0xfe0, 4, 1, 0, 0),
	RD_REQ("count-2", 0x018, 4, 2, 0, 0),
	RD_REQ("count-0", 0x018, 4, 0, 0, 0),
	RD_REQ("data-is-ptr", 0x018, 4, 1, 1, 0),
	RD_REQ("df", 0x018, 4, 1, 0, 1),
	RD_REQ("size-3", 0x018, 3, 1, 0, 0),
	RD_REQ("size-0", 0x018, 0, 1, 0, 0),
	RD_REQ("size-16", 0x010, 16, 1, 0, 0),
	RD_REQ("below-page", (uint32_t)-4, 4, 1, 0, 0),
	RD_REQ("above-page", 0x1000, 4, 1, 0, 0),
	RD_REQ("straddles-end", 0xffe, 4, 1, 0, 0),
	{ "type-pio", IOREQ_TYPE_PIO, IOREQ_READ, 0x018, 4, 1, 0, 0, POISON },
	{ "type-pci-config", IOREQ_TYPE_PCI_CONFIG, IOREQ_READ, 0x018, 4, 1,
	  0, 0, POISON },
	{ "type-0x42", 0x42, IOREQ_READ, 0x018, 4, 1, 0, 0, POISON },
	/* Writes of 'Z' to DR that must not reach the log. */
	{ "write-count-2", IOREQ_TYPE_COPY, IOREQ_WRITE, 0, 1, 2, 0, 0, 'Z' },
	{ "write-size-3", IOREQ_TYPE_COPY, IOREQ_WRITE, 0, 3, 1, 0, 0, 'Z' },
	{ "write-data-is-ptr", IOREQ_TYPE_COPY, IOREQ_WRITE, 0, 1, 1, 1, 0,
	  'Z' },
	/* Xen's mapcache broadcast: addr 0, size 4, count 0, data ~0. */
	{ "invalidate", IOREQ_TYPE_INVALIDATE, IOREQ_WRITE, 0, 4, 0, 0, 0,
	  ~0ull },
};

static ioreq_t *map_slot(uint32_t domid, unsigned int vcpu, void **page)
{
	const char *dir = xensim_dir();
	char path[512];
	int fd;

	if (!dir)
		return NULL;
	/* The first ioreq server of a domain gets the first private page. */
	snprintf(path, sizeof(path), "%s/mem/d%u/%llx", dir, domid,
		 (unsigned long long)XENSIM_PRIVATE_GFN);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		uart_die("%s: %s", path, strerror(errno));
	*page = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		     0);
	close(fd);
	if (*page == MAP_FAILED)
		uart_die("mmap %s: %s", path, strerror(errno));
	return &((shared_iopage_t *)*page)->vcpu_ioreq[vcpu];
}

static uint8_t *state_of(ioreq_t *slot)
{
	return (uint8_t *)slot + STATE_BYTE;
}

/* Xen's send: fields, then READY (release), then the event. */
static void post(ioreq_t *slot, struct xensim_conn *conn, uint64_t base,
		 const struct forged *f)
{
	ioreq_t req = {
		.addr = base + (uint64_t)(int64_t)(int32_t)f->offset,
		.data = f->data, .count = f->count, .size = f->size,
		.vp_eport = slot->vp_eport, .state = STATE_IOREQ_NONE,
		.data_is_ptr = f->data_is_ptr, .dir = f->dir, .df = f->df,
		.type = f->type,
	};
	uint8_t bits;
	int64_t ret;

	memcpy(slot, &req, sizeof(req));
	bits = *state_of(&req);
	__atomic_store_n(state_of(slot), (uint8_t)(bits | STATE_IOREQ_READY),
			 __ATOMIC_RELEASE);
	ret = xensim_simple(conn, XS_OP_EVTCHN_NOTIFY, 0, req.vp_eport, 0, 0,
			    0);
	if (ret < 0)
		uart_die("notify port %u: %s", req.vp_eport,
			 strerror((int)-ret));
}

/* Wait for IORESP_READY; print the outcome; free the slot again. */
static bool collect(ioreq_t *slot, const struct forged *f)
{
	int64_t deadline = uart_now_us() + ANSWER_US;
	uint8_t bits;

	do {
		bits = __atomic_load_n(state_of(slot), __ATOMIC_ACQUIRE);
		if ((bits & STATE_MASK) == STATE_IORESP_READY) {
			printf("%s answered 0x%llx\n", f->name,
			       (unsigned long long)slot->data);
			__atomic_store_n(state_of(slot), (uint8_t)0,
					 __ATOMIC_RELEASE);
			return true;
		}
		usleep(100);
	} while (uart_now_us() < deadline);
	printf("%s unanswered (state %u)\n", f->name, bits & STATE_MASK);
	return false;
}

int cmd_forge(const struct guest_opts *o, int argc, char **argv)
{
	struct xensim_conn conn;
	ioreq_t *slot;
	void *page;
	bool all = true;

	(void)argv;
	if (argc)
		uart_die("usage: forge (no arguments)");
	slot = map_slot(o->domid, o->vcpu, &page);
	if (!slot || xensim_connect(&conn, o->domid, 0) < 0)
		uart_die("cannot reach the simulation");
	for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++) {
		if ((*state_of(slot) & STATE_MASK) != STATE_IOREQ_NONE)
			uart_die("vCPU %u's slot is busy", o->vcpu);
		post(slot, &conn, o->base, &requests[i]);
		all = collect(slot, &requests[i]) && all;
		fflush(stdout);
	}
	xensim_disconnect(&conn);
	munmap(page, PAGE_SIZE);
	return all ? 0 : 1;
}
