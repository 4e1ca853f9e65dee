// SPDX-License-Identifier: GPL-2.0-only
/*
 * pl011-xen-guest: a test guest for the daemon's PL011 on the simulated
 * Xen.
 *
 *   pl011-xen-guest [-b BASE] [-s SPI] [-c VCPU] DOMID replay DRIVER CMD...
 *     init            the driver's probe and bring-up
 *     ready FILE      create FILE (the script may type now)
 *     write           stdin as console output, line by line
 *     tty-write       stdin as a tty write(2) per 4 KiB (Linux drivers
 *                     only): FIFO fills, then the TX interrupt
 *     tx-wait ris|mixed
 *                     stdin (17-32 bytes) to DR, then wait for RIS.TX by
 *                     polling RIS, or by DR and RIS reads in turn (no
 *                     register twice running); prints "POLLS MS"
 *     read N MS       N bytes of input (ending after MS quiet) to stdout
 *     flood FILE      lines "flood line NNNNNN: FLOOD_TEXT\n" until FILE
 *                     exists; prints how many on stdout
 *     echo FILE       what is typed back, a typed CR as a new line, until
 *                     FILE exists (the demo's guest)
 *     rtt N           N FR reads, then N DR writes (16-bit, as Linux):
 *                     prints "FR_NS DR_NS", the mean round trip of each
 *     smp NVCPUS LINES N MS
 *                     vCPUs 1..NVCPUS-1 each print LINES lines under the
 *                     port lock while vCPU 0 takes N bytes of input by
 *                     interrupt; input to stdout
 *   pl011-xen-guest [...] DOMID pv-latency COUNT PERIOD_MS
 *   pl011-xen-guest [...] DOMID forge
 *
 * Exit status: 0, 1 when a check failed (stderr says which), 2 when the
 * guest could not run or hung.  With PX_STATS set in the environment, a
 * replay ends with "guest: N accesses, M TX interrupts" on stderr (its
 * MMIO count and the TX interrupts a tty write took).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "drivers.h"

#define SMP_MAX_VCPUS	8
#define FLOOD_TEXT	"the quick brown fox jumps over the lazy dog"

struct smp_vcpu {
	struct port port;
	struct uart uart;
	unsigned int lines;
	pthread_t thread;
};

static uint8_t *alloc_or_die(size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);

	if (!buf)
		uart_die("out of memory");
	return buf;
}

static void do_write(struct port *p)
{
	static uint8_t buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		port_write(p, buf, n);
}

/* The tty layer hands the driver at most its xmit buffer, a page. */
static void do_tty_write(struct port *p)
{
	static uint8_t buf[4096];
	size_t n;

	if (strncmp(p->drv->name, "linux-", 6))
		uart_die("tty-write: a Linux driver only");
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		linux_tty_write(p, buf, n);
}

/*
 * Wait for the TX interrupt status without the interrupt, as a polling
 * driver might: more than the trigger level written clears RIS.TX first.
 */
static void do_tx_wait(struct port *p, const char *mode)
{
	uint8_t buf[32];
	size_t n = fread(buf, 1, sizeof(buf), stdin);
	int64_t t0, limit;
	unsigned long polls = 0;
	bool mixed = !strcmp(mode, "mixed");

	if (n <= 16 || (!mixed && strcmp(mode, "ris")))
		uart_die("tx-wait ris|mixed, 17 to 32 bytes on stdin");
	for (size_t i = 0; i < n; i++)
		uart_wr(p->u, PL011_DR, 2, buf[i]);
	t0 = uart_now_us();
	limit = t0 + 5000000;
	while (!(uart_rd(p->u, PL011_RIS, 2) & PL011_INT_TX)) {
		polls++;
		if (mixed)
			uart_rd(p->u, PL011_DR, 2);
		if (!uart_check(uart_now_us() < limit, "RIS.TX not set in 5 s"))
			return;
	}
	printf("%lu %lld\n", polls, (long long)((uart_now_us() - t0) / 1000));
}

static void do_read(struct port *p, size_t want, int quiet_ms)
{
	uint8_t *buf = alloc_or_die(want);
	size_t got = port_read(p, buf, want, quiet_ms);

	uart_check(got == want, "%zu of %zu input bytes arrived", got, want);
	fwrite(buf, 1, got, stdout);
	free(buf);
}

static void do_flood(struct port *p, const char *stop)
{
	unsigned int n = 0;
	char line[80];
	int len;

	while (access(stop, F_OK) != 0) {
		len = snprintf(line, sizeof(line), "flood line %06u: %s\n", n++,
			       FLOOD_TEXT);
		port_write(p, (const uint8_t *)line, (size_t)len);
	}
	printf("%u\n", n);
}

static void do_echo(struct port *p, const char *stop)
{
	uint8_t in[64], out[2 * sizeof(in)];
	size_t n, len;

	while (access(stop, F_OK) != 0) {
		n = port_read(p, in, sizeof(in), 50);
		len = 0;
		for (size_t i = 0; i < n; i++) {
			out[len++] = in[i];
			if (in[i] == '\r')
				out[len++] = '\n';
		}
		if (len)
			port_write(p, out, len);
	}
}

static void do_rtt(struct port *p, unsigned long n)
{
	int64_t t0 = uart_now_us(), t1, t2;

	for (unsigned long i = 0; i < n; i++)
		uart_rd(p->u, PL011_FR, 2);
	t1 = uart_now_us();
	for (unsigned long i = 0; i < n; i++)
		uart_wr(p->u, PL011_DR, 2, 'a' + i % 26);
	t2 = uart_now_us();
	printf("%lld %lld\n", (long long)((t1 - t0) * 1000 / (int64_t)n),
	       (long long)((t2 - t1) * 1000 / (int64_t)n));
}

static void do_ready(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		uart_die("%s: %s", path, strerror(errno));
	close(fd);
}

/*
 * Another vCPU's printk: whole lines under the port lock; between lines
 * it also reads the ID and flag registers without the lock, so accesses
 * of several vCPUs are in flight together.
 */
static void *smp_writer(void *arg)
{
	struct smp_vcpu *v = arg;
	char line[80];
	int len;

	for (unsigned int j = 0; j < v->lines; j++) {
		len = snprintf(line, sizeof(line),
			       "vcpu %u line %04u: the quick brown fox\n",
			       v->uart.vcpu, j);
		port_write(&v->port, (const uint8_t *)line, (size_t)len);
		uart_check(uart_rd(&v->uart, PL011_PERIPHID0, 4) == 0x11,
			   "vCPU %u reads PeriphID0", v->uart.vcpu);
		uart_rd(&v->uart, PL011_FR, 2);
	}
	return NULL;
}

static void do_smp(const struct guest_opts *o, struct port *p0,
		   unsigned int nr, unsigned int lines, size_t want,
		   int quiet_ms)
{
	static struct smp_vcpu v[SMP_MAX_VCPUS];
	unsigned int i;
	int err;

	if (nr < 2 || nr > SMP_MAX_VCPUS)
		uart_die("smp: 2 to %d vCPUs", SMP_MAX_VCPUS);
	for (i = 1; i < nr; i++) {
		err = uart_open(&v[i].uart, o->domid, o->base, o->spi, i);
		if (err)
			uart_die("vCPU %u: attach: %s", i, strerror(-err));
		v[i].port = *p0;	/* one uart_amba_port for all CPUs */
		v[i].port.u = &v[i].uart;
		v[i].lines = lines;
		if (pthread_create(&v[i].thread, NULL, smp_writer, &v[i]))
			uart_die("pthread_create failed");
	}
	do_read(p0, want, quiet_ms);
	for (i = 1; i < nr; i++) {
		pthread_join(v[i].thread, NULL);
		uart_close(&v[i].uart);
	}
}

/* Returns how many arguments the command took, or dies on bad usage. */
static int run_one(const struct guest_opts *o, struct port *p, int argc,
		   char **argv)
{
	if (!strcmp(argv[0], "init")) {
		p->drv->init(p);
		return 1;
	}
	if (!strcmp(argv[0], "write")) {
		do_write(p);
		return 1;
	}
	if (!strcmp(argv[0], "tty-write")) {
		do_tty_write(p);
		return 1;
	}
	if (!strcmp(argv[0], "tx-wait") && argc > 1) {
		do_tx_wait(p, argv[1]);
		return 2;
	}
	if (!strcmp(argv[0], "ready") && argc > 1) {
		do_ready(argv[1]);
		return 2;
	}
	if (!strcmp(argv[0], "flood") && argc > 1) {
		do_flood(p, argv[1]);
		return 2;
	}
	if (!strcmp(argv[0], "rtt") && argc > 1) {
		do_rtt(p, strtoul(argv[1], NULL, 0));
		return 2;
	}
	if (!strcmp(argv[0], "echo") && argc > 1) {
		do_echo(p, argv[1]);
		return 2;
	}
	if (!strcmp(argv[0], "read") && argc > 2) {
		do_read(p, strtoul(argv[1], NULL, 0), atoi(argv[2]));
		return 3;
	}
	if (!strcmp(argv[0], "smp") && argc > 4) {
		do_smp(o, p, (unsigned int)atoi(argv[1]),
		       (unsigned int)atoi(argv[2]),
		       strtoul(argv[3], NULL, 0), atoi(argv[4]));
		return 5;
	}
	uart_die("bad command '%s' (see the source header)", argv[0]);
}

static int cmd_replay(const struct guest_opts *o, int argc, char **argv)
{
	pthread_mutex_t port_lock = PTHREAD_MUTEX_INITIALIZER;
	const struct driver *drv = argc ? driver_find(argv[0]) : NULL;
	struct uart u;
	struct port p;
	int err, i;

	if (!drv)
		uart_die("replay: a driver of %s", driver_names());
	err = uart_open(&u, o->domid, o->base, o->spi, o->vcpu);
	if (err)
		uart_die("attach to domain %u: %s", o->domid, strerror(-err));
	port_init(&p, &u, drv, &port_lock);
	for (i = 1; i < argc;)
		i += run_one(o, &p, argc - i, argv + i);
	fflush(stdout);
	if (getenv("PX_STATS"))
		fprintf(stderr, "guest: %lu accesses, %lu TX interrupts\n",
			u.accesses, p.tx_irqs);
	uart_close(&u);
	return uart_failures() ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct guest_opts o = { .base = 0x22000000, .spi = 32 };
	int opt;

	while ((opt = getopt(argc, argv, "+b:s:c:")) != -1) {
		if (opt == 'b')
			o.base = strtoull(optarg, NULL, 0);
		else if (opt == 's')
			o.spi = (unsigned int)strtoul(optarg, NULL, 0);
		else if (opt == 'c')
			o.vcpu = (unsigned int)strtoul(optarg, NULL, 0);
		else
			return 2;
	}
	if (argc - optind < 2)
		uart_die("usage: pl011-xen-guest [-b BASE] [-s SPI] [-c VCPU] "
			 "DOMID replay|pv-latency|forge ...");
	o.domid = (uint32_t)strtoul(argv[optind], NULL, 0);
	argv += optind + 1;
	argc -= optind + 1;
	if (!strcmp(argv[0], "replay"))
		return cmd_replay(&o, argc - 1, argv + 1);
	if (!strcmp(argv[0], "pv-latency"))
		return cmd_pv_latency(&o, argc - 1, argv + 1);
	if (!strcmp(argv[0], "forge"))
		return cmd_forge(&o, argc - 1, argv + 1);
	uart_die("unknown command '%s'", argv[0]);
}
