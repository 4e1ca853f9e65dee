/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a guest's PL011 may sit on Xen/Arm, for the daemon that serves it
 * and xen-pl011-dtb that describes it to the guest: one 4 KiB page of
 * guest-physical memory and one SPI (GIC INTIDs 32 to 1019).  Xen's own
 * place for a guest UART, which its vuart takes when configured, is the
 * default.
 */
#ifndef XEN_PL011_PLACE_H
#define XEN_PL011_PLACE_H

#include <stdbool.h>
#include <stdint.h>

#define XEN_PL011_PAGE_SIZE	4096u
#define XEN_PL011_SPI_FIRST	32u
#define XEN_PL011_SPI_LAST	1019u
#define XEN_GUEST_PL011_BASE	0x22000000ull	/* Xen's GUEST_PL011_BASE */
#define XEN_GUEST_PL011_SPI	32u		/* Xen's GUEST_VPL011_SPI */

/* A whole page, aligned, below 2^64. */
static inline bool xen_pl011_base_ok(uint64_t base)
{
	return base % XEN_PL011_PAGE_SIZE == 0 &&
	       base <= UINT64_MAX - (XEN_PL011_PAGE_SIZE - 1);
}

static inline bool xen_pl011_spi_ok(uint64_t spi)
{
	return spi >= XEN_PL011_SPI_FIRST && spi <= XEN_PL011_SPI_LAST;
}

#endif
