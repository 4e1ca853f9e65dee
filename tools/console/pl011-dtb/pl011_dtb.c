// SPDX-License-Identifier: GPL-2.0-only
/*
 * xen-pl011-dtb [--vuart] BASE SPI FILE: write the partial device tree (xl.cfg
 * device_tree=) that shows a Xen/Arm guest the PL011 xenconsoled serves
 * at BASE on SPI.  libxl copies only /passthrough and /aliases into the
 * guest's tree, where phandle 65000 is the guest's GIC; Linux's AMBA bus
 * probes a primecell only once it has an "apb_pclk" clock, so a fixed
 * 24 MHz clock (the rate the daemon's firmware reset assumes) goes
 * beside the UART and serves as both of its clocks.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xen_pl011_place.h"

#define PROGRAM			"xen-pl011-dtb"
#define EXIT_USAGE		2
#define GUEST_PHANDLE_GIC	65000u	/* libxl's phandle of the guest GIC */
#define CLOCK_PHANDLE		1u	/* the one phandle the tree defines */
#define CLOCK_HZ		24000000u
#define GIC_SPI			0u	/* first cell of a GIC interrupt */
#define IRQ_LEVEL_HIGH		4u
#define TREE_MAX		4096	/* the tree takes well under 1 KiB */

/* The string list of a property: its NULs are part of the value. */
#define STRINGS(list)		list, sizeof(list)

struct place {
	uint64_t base;
	unsigned int spi;
	bool beside_vuart;	/* libxl's SBSA vuart stays serial0 */
};

/* libfdt's sequential writer; the first error sticks. */
struct tree {
	void *fdt;
	int err;
};

static void begin_node(struct tree *t, const char *name)
{
	if (!t->err)
		t->err = fdt_begin_node(t->fdt, name);
}

static void end_node(struct tree *t)
{
	if (!t->err)
		t->err = fdt_end_node(t->fdt);
}

static void property(struct tree *t, const char *name, const void *value,
		     int len)
{
	if (!t->err)
		t->err = fdt_property(t->fdt, name, value, len);
}

static void string(struct tree *t, const char *name, const char *value)
{
	property(t, name, value, (int)strlen(value) + 1);
}

/* @n 32-bit cells, big-endian in the tree. */
static void cells(struct tree *t, const char *name, unsigned int n, ...)
{
	fdt32_t value[4];
	va_list ap;

	va_start(ap, n);
	for (unsigned int i = 0; i < n; i++)
		value[i] = cpu_to_fdt32(va_arg(ap, uint32_t));
	va_end(ap);
	property(t, name, value, (int)(n * sizeof(value[0])));
}

/* Two address and two size cells, as libxl's guest tree has. */
static void bus_cells(struct tree *t)
{
	cells(t, "#address-cells", 1, 2u);
	cells(t, "#size-cells", 1, 2u);
}

static void clock_node(struct tree *t)
{
	begin_node(t, "clock-24000000");
	string(t, "compatible", "fixed-clock");
	cells(t, "#clock-cells", 1, 0u);
	cells(t, "clock-frequency", 1, CLOCK_HZ);
	cells(t, "phandle", 1, CLOCK_PHANDLE);
	end_node(t);
}

static void uart_node(struct tree *t, const struct place *p,
		      const char *name)
{
	begin_node(t, name);
	property(t, "compatible", STRINGS("arm,pl011\0arm,primecell"));
	cells(t, "reg", 4, (uint32_t)(p->base >> 32), (uint32_t)p->base, 0u,
	      XEN_PL011_PAGE_SIZE);
	cells(t, "interrupt-parent", 1, GUEST_PHANDLE_GIC);
	cells(t, "interrupts", 3, GIC_SPI, p->spi - XEN_PL011_SPI_FIRST,
	      IRQ_LEVEL_HIGH);
	cells(t, "clocks", 2, CLOCK_PHANDLE, CLOCK_PHANDLE);
	property(t, "clock-names", STRINGS("uartclk\0apb_pclk"));
	end_node(t);
}

/* The whole tree into @fdt (@size bytes); 0 or a libfdt error. */
static int build_tree(void *fdt, int size, const struct place *p)
{
	struct tree t = { fdt, fdt_create(fdt, size) };
	char name[32], path[64];

	snprintf(name, sizeof(name), "uart@%" PRIx64, p->base);
	snprintf(path, sizeof(path), "/passthrough/%s", name);
	if (!t.err)
		t.err = fdt_finish_reservemap(fdt);
	begin_node(&t, "");
	bus_cells(&t);
	begin_node(&t, "aliases");
	/* Linux numbers its ttyAMA devices by these aliases. */
	if (p->beside_vuart)
		string(&t, "serial0", "/sbsa-pl011");
	string(&t, p->beside_vuart ? "serial1" : "serial0", path);
	end_node(&t);
	begin_node(&t, "passthrough");
	string(&t, "compatible", "simple-bus");
	property(&t, "ranges", NULL, 0);
	bus_cells(&t);
	clock_node(&t);
	uart_node(&t, p, name);
	end_node(&t);
	end_node(&t);
	if (!t.err)
		t.err = fdt_finish(fdt);
	return t.err;
}

static void usage(FILE *to)
{
	fprintf(to,
		"usage: %s [--vuart] BASE SPI FILE\n"
		"Write the partial device tree (xl.cfg device_tree=) of a guest\n"
		"whose PL011, served by xenconsoled, is at guest-physical BASE\n"
		"(4 KiB aligned) on SPI (%u to %u).\n"
		"      --vuart   the guest also has Xen's SBSA vuart: it stays\n"
		"                serial0 (ttyAMA0), the PL011 is serial1\n"
		"  -h, --help    this text\n",
		PROGRAM, XEN_PL011_SPI_FIRST, XEN_PL011_SPI_LAST);
}

/* A C number (decimal, 0x hex or 0 octal) up to UINT64_MAX, or -EINVAL. */
static int parse_number(const char *text, uint64_t *n)
{
	char *end;

	errno = 0;
	*n = strtoull(text, &end, 0);
	return errno || end == text || *end || text[0] == '-' ? -EINVAL : 0;
}

__attribute__((format(printf, 1, 2)))
static int bad_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", PROGRAM);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see --help)\n");
	return EXIT_USAGE;
}

static int parse_place(const char *base, const char *spi, struct place *p)
{
	uint64_t n;

	if (parse_number(base, &p->base) || !xen_pl011_base_ok(p->base))
		return bad_usage("BASE '%s' is not a 4 KiB aligned address",
				 base);
	if (parse_number(spi, &n) || !xen_pl011_spi_ok(n))
		return bad_usage("SPI '%s' is not an SPI from %u to %u", spi,
				 XEN_PL011_SPI_FIRST, XEN_PL011_SPI_LAST);
	p->spi = (unsigned int)n;
	return 0;
}

static int write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int err;

	if (f && fwrite(data, 1, len, f) == len && !fflush(f) && !ferror(f)) {
		if (!fclose(f))
			return 0;
		f = NULL;
	}
	err = errno;
	if (f)
		fclose(f);
	fprintf(stderr, "%s: %s: %s\n", PROGRAM, path, strerror(err));
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "vuart", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct place p = { 0 };
	char fdt[TREE_MAX];
	int c, rc;

	opterr = 0;
	/* "+": options first; after "--", "-4096" is a BASE to refuse. */
	while ((c = getopt_long(argc, argv, "+h", options, NULL)) != -1) {
		switch (c) {
		case 'v':
			p.beside_vuart = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:	/* optopt: the letter of an unknown short one */
			if (optopt)
				return bad_usage("unknown option '-%c'", optopt);
			return bad_usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 3)
		return bad_usage("BASE, SPI and FILE expected");
	rc = parse_place(argv[optind], argv[optind + 1], &p);
	if (rc)
		return rc;
	rc = build_tree(fdt, sizeof(fdt), &p);
	if (rc) {
		fprintf(stderr, "%s: building the tree: %s\n", PROGRAM,
			fdt_strerror(rc));
		return 1;
	}
	return write_file(argv[optind + 2], fdt, fdt_totalsize(fdt));
}
