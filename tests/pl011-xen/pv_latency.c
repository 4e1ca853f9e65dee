// SPDX-License-Identifier: GPL-2.0-only
/*
 * pv-latency (see commands.h): how long a quiet guest's PV console line
 * waits before the backend takes it out of the ring, while other guests
 * keep the backend busy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "guest.h"
#include "uart.h"

#define CONSUME_TIMEOUT_US	1000000
#define POLL_NS			20000

static void sleep_ns(long ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000,
			       .tv_nsec = ns % 1000000000 };

	nanosleep(&ts, NULL);
}

/* One line out; microseconds until the ring is empty again. */
static int64_t one_line(struct xensim_guest *g, unsigned int n)
{
	char line[32];
	int len = snprintf(line, sizeof(line), "quiet line %04u\n", n);
	int64_t start = uart_now_us(), now = start;

	if (guest_console_write(g, GUEST_CONSOLE_PV, line, (size_t)len,
				CONSUME_TIMEOUT_US / 1000) != len)
		uart_die("PV console write failed");
	while (guest_console_unread(g, GUEST_CONSOLE_PV)) {
		now = uart_now_us();
		if (now - start > CONSUME_TIMEOUT_US)
			break;
		sleep_ns(POLL_NS);
	}
	return uart_now_us() - start;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int cmd_pv_latency(const struct guest_opts *o, int argc, char **argv)
{
	unsigned int count = argc > 0 ? (unsigned int)atoi(argv[0]) : 0;
	long period_ns = argc > 1 ? atol(argv[1]) * 1000000L : 0;
	struct xensim_guest *g;
	int64_t *lat;

	if (count == 0)
		uart_die("usage: pv-latency COUNT PERIOD_MS");
	g = guest_attach(o->domid);
	lat = calloc(count, sizeof(*lat));
	if (!g || !lat)
		uart_die("attach to domain %u failed", o->domid);
	for (unsigned int i = 0; i < count; i++) {
		lat[i] = one_line(g, i);
		sleep_ns(period_ns);
	}
	qsort(lat, count, sizeof(*lat), cmp_i64);
	printf("%lld %lld %lld\n", (long long)lat[count - 1],
	       (long long)lat[count / 2], (long long)lat[count * 9 / 10]);
	free(lat);
	guest_detach(g);
	return 0;
}
