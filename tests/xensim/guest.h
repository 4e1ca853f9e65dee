/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Guest-side API of the simulated Xen, for test guests: a process attaches
 * as domain N and then behaves as that guest's kernel would: it writes and
 * reads the PV console ring and the vuart ring (standing in for Xen's
 * vpl011 there) with event-channel notifications, performs MMIO loads and
 * stores that go through the hypervisor (and so to an ioreq server), and
 * waits for injected SPIs.  It knows the protocol, not the hypervisor.
 */
#ifndef XENSIM_GUEST_H
#define XENSIM_GUEST_H

#include <stddef.h>
#include <stdint.h>

struct xensim_guest;

enum guest_console {
	GUEST_CONSOLE_PV,	/* console page + event channel (hvc0) */
	GUEST_CONSOLE_VUART,	/* vuart ring that Xen's vpl011 would fill */
};

/*
 * Attach to domain @domid of the simulation in $XENSIM_DIR: map its console
 * ring (and vuart ring if it has one) and receive its events.  Returns NULL
 * with errno set on failure.
 */
struct xensim_guest *guest_attach(uint32_t domid);
void guest_detach(struct xensim_guest *g);

/*
 * Put all @len bytes into the console's OUT ring, notifying the backend
 * after each chunk and waiting for space while the ring is full.  Returns
 * @len, or -ETIMEDOUT after @timeout_ms without progress, -ENODEV if the
 * console does not exist, -ESRCH if the domain died.
 */
int guest_console_write(struct xensim_guest *g, enum guest_console con,
			const void *buf, size_t len, int timeout_ms);

/*
 * Take up to @max bytes from the console's IN ring, waiting up to
 * @timeout_ms for the first byte.  Returns the count, 0 on timeout, or
 * -errno as above.
 */
int guest_console_read(struct xensim_guest *g, enum guest_console con,
		       void *buf, size_t max, int timeout_ms);

/* Bytes the backend has not yet consumed from the OUT ring. */
unsigned int guest_console_unread(struct xensim_guest *g,
				  enum guest_console con);

/*
 * MMIO access of @size bytes (1, 2, 4 or 8) by vCPU @vcpu at guest
 * physical address @gpa.  A load blocks until the ioreq server (if any)
 * completes it.  Returns 0, or -errno: -ESRCH when the domain is destroyed
 * meanwhile, -EFAULT for an unclaimed address (a data abort in the guest).
 */
int guest_mmio_read(struct xensim_guest *g, unsigned int vcpu, uint64_t gpa,
		    unsigned int size, uint64_t *val);
int guest_mmio_write(struct xensim_guest *g, unsigned int vcpu, uint64_t gpa,
		     unsigned int size, uint64_t val);

/*
 * How many times the vGIC has made SPI @spi deliverable to this guest so
 * far (an injection), or -errno (-EINVAL: the domain has no such SPI).
 */
int64_t guest_spi_count(struct xensim_guest *g, unsigned int spi);

/*
 * Wait until that count differs from @seen.  Returns the new count,
 * -ETIMEDOUT, or -errno (-ESRCH if the domain dies meanwhile).
 */
int64_t guest_spi_wait(struct xensim_guest *g, unsigned int spi,
		       uint32_t seen, int timeout_ms);

/*
 * Take and end the interrupt, as a guest's handler does (GICC_IAR read,
 * then GICC_EOIR write), so the vGIC can deliver SPI @spi again.  0, or
 * -ENOENT when it was not pending.
 */
int guest_spi_ack(struct xensim_guest *g, unsigned int spi);

/* HYPERVISOR_console_io: text goes to the hypervisor console as "(dN) ". */
int guest_hvc_write(struct xensim_guest *g, const char *text);

#endif
