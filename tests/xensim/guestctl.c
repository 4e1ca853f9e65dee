// SPDX-License-Identifier: GPL-2.0-only
/*
 * xensim-guest: the guest API (guest.h) as a command, for shell tests.
 *
 *   xensim-guest DOMID write pv|vuart           stdin -> OUT ring
 *   xensim-guest DOMID read pv|vuart N MS       IN ring -> stdout, until N
 *                                               bytes or MS of silence
 *   xensim-guest DOMID echo pv|vuart            IN ring back to OUT ring (a
 *                                               typed CR as a new line) until
 *                                               the domain goes
 *   xensim-guest DOMID hvc TEXT                 hypervisor console write
 *   xensim-guest DOMID mmio-read VCPU GPA SIZE  prints the value (hex)
 *   xensim-guest DOMID mmio-write VCPU GPA SIZE VALUE
 *   xensim-guest DOMID spi-wait SPI SEEN MS     prints the new count
 *   xensim-guest DOMID spi-ack SPI              IAR + EOI
 *
 * Exit status 0 on success, 1 with a message on stderr otherwise.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "guest.h"

/* How long a ring write may wait for the backend: $XENSIM_GUEST_TIMEOUT_MS. */
static int timeout_ms(void)
{
	const char *s = getenv("XENSIM_GUEST_TIMEOUT_MS");

	return s && atoi(s) > 0 ? atoi(s) : 5000;
}

static enum guest_console console_arg(const char *s)
{
	return strcmp(s, "vuart") ? GUEST_CONSOLE_PV : GUEST_CONSOLE_VUART;
}

static int fail(const char *what, int err)
{
	fprintf(stderr, "xensim-guest: %s: %s\n", what, strerror(-err));
	return 1;
}

static int do_write(struct xensim_guest *g, enum guest_console con)
{
	char buf[4096];
	ssize_t n;
	int ret;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		ret = guest_console_write(g, con, buf, (size_t)n, timeout_ms());
		if (ret < 0)
			return fail("write", ret);
	}
	return n < 0 ? fail("stdin", -errno) : 0;
}

static int do_read(struct xensim_guest *g, enum guest_console con,
		   size_t want, int quiet_ms)
{
	char buf[1024];
	size_t got = 0;
	int n;

	while (got < want) {
		n = guest_console_read(g, con, buf, sizeof(buf) < want - got ?
				       sizeof(buf) : want - got, quiet_ms);
		if (n < 0)
			return fail("read", n);
		if (n == 0)
			break;
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return fail("stdout", -EIO);
		got += (size_t)n;
	}
	return 0;
}

static int do_echo(struct xensim_guest *g, enum guest_console con)
{
	char in[256], out[2 * sizeof(in)];
	size_t len;
	int n;

	for (;;) {
		n = guest_console_read(g, con, in, sizeof(in), 1000);
		if (n < 0)
			return fail("read", n);
		len = 0;
		for (int i = 0; i < n; i++) {
			out[len++] = in[i];
			if (in[i] == '\r')
				out[len++] = '\n';
		}
		if (len && (n = guest_console_write(g, con, out, len, timeout_ms())) < 0)
			return fail("write", n);
	}
}

static int do_mmio(struct xensim_guest *g, char **argv, int write)
{
	unsigned int vcpu = (unsigned int)strtoul(argv[0], NULL, 0);
	uint64_t gpa = strtoull(argv[1], NULL, 0);
	unsigned int size = (unsigned int)strtoul(argv[2], NULL, 0);
	uint64_t val = write ? strtoull(argv[3], NULL, 0) : 0;
	int ret;

	if (write)
		ret = guest_mmio_write(g, vcpu, gpa, size, val);
	else
		ret = guest_mmio_read(g, vcpu, gpa, size, &val);
	if (ret < 0)
		return fail(write ? "mmio-write" : "mmio-read", ret);
	if (!write)
		printf("0x%" PRIx64 "\n", val);
	return 0;
}

static int run(struct xensim_guest *g, int argc, char **argv)
{
	int64_t count;

	if (argc == 2 && !strcmp(argv[0], "write"))
		return do_write(g, console_arg(argv[1]));
	if (argc == 4 && !strcmp(argv[0], "read"))
		return do_read(g, console_arg(argv[1]),
			       strtoul(argv[2], NULL, 0), atoi(argv[3]));
	if (argc == 2 && !strcmp(argv[0], "echo"))
		return do_echo(g, console_arg(argv[1]));
	if (argc == 2 && !strcmp(argv[0], "hvc"))
		return guest_hvc_write(g, argv[1]) < 0;
	if (argc == 4 && !strcmp(argv[0], "mmio-read"))
		return do_mmio(g, argv + 1, 0);
	if (argc == 5 && !strcmp(argv[0], "mmio-write"))
		return do_mmio(g, argv + 1, 1);
	if (argc == 4 && !strcmp(argv[0], "spi-wait")) {
		count = guest_spi_wait(g, (unsigned int)atoi(argv[1]),
				       (uint32_t)atoi(argv[2]), atoi(argv[3]));
		if (count < 0)
			return fail("spi-wait", (int)count);
		printf("%" PRId64 "\n", count);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[0], "spi-ack"))
		return guest_spi_ack(g, (unsigned int)atoi(argv[1])) < 0;
	fprintf(stderr, "xensim-guest: bad usage (see the source header)\n");
	return 1;
}

int main(int argc, char **argv)
{
	struct xensim_guest *g;
	int ret;

	if (argc < 3) {
		fprintf(stderr, "usage: xensim-guest DOMID COMMAND ...\n");
		return 1;
	}
	g = guest_attach((uint32_t)atoi(argv[1]));
	if (!g)
		return fail("attach", -errno);
	ret = run(g, argc - 2, argv + 2);
	fflush(stdout);
	guest_detach(g);
	return ret;
}
