// SPDX-License-Identifier: GPL-2.0-only
/*
 * The bounded byte FIFO: growth up to the bound, order across wrap and
 * growth, backpressure, overwrite with exact drop counts, and the pty
 * helper (raw mode, path, bytes both ways).
 */
#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "bytebuf.h"
#include "pty.h"
#include "tap.h"

static size_t drain(struct bytebuf *b, uint8_t *out, size_t max)
{
	size_t got = 0;
	const uint8_t *run;
	size_t n;

	while (got < max && (n = bytebuf_peek(b, &run)) > 0) {
		if (n > max - got)
			n = max - got;
		memcpy(out + got, run, n);
		bytebuf_consume(b, n);
		got += n;
	}
	return got;
}

static void test_order_and_growth(void)
{
	struct bytebuf b;
	uint8_t in[20000], out[20000];
	size_t put = 0, got = 0;

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 31 + 7);
	bytebuf_init(&b, 10000);
	is_num(b.cap, 0, "nothing allocated before use");
	/* Interleave puts and partial drains so the ring wraps and grows. */
	while (got < sizeof(in)) {
		put += bytebuf_put(&b, in + put, put + 700 < sizeof(in) ? 700 : sizeof(in) - put);
		got += drain(&b, out + got, 300 + got % 500);
		if (put == sizeof(in))
			got += drain(&b, out + got, sizeof(out) - got);
	}
	ok(memcmp(in, out, sizeof(in)) == 0, "20000 bytes through wraps and growth in order");
	ok(b.cap <= 10000, "never allocated past the bound (%zu)", b.cap);
	bytebuf_free(&b);
}

static void test_backpressure(void)
{
	struct bytebuf b;
	uint8_t in[5000];

	memset(in, 'p', sizeof(in));
	bytebuf_init(&b, 4096);
	is_num(bytebuf_put(&b, in, 5000), 4096, "put takes only what fits");
	is_num(bytebuf_room(&b), 0, "full");
	is_num(bytebuf_put(&b, in, 1), 0, "nothing more");
	is_num(b.overwritten, 0, "nothing dropped by put");
	bytebuf_free(&b);
}

static void test_overwrite(void)
{
	struct bytebuf b;
	uint8_t in[300], out[300];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)i;
	bytebuf_init(&b, 100);
	is_num(bytebuf_put_over(&b, in, 60), 0, "fits: nothing dropped");
	is_num(bytebuf_put_over(&b, in + 60, 60), 20, "20 oldest dropped");
	is_num(bytebuf_put_over(&b, in + 120, 180), 180, "larger than the bound");
	is_num(b.overwritten, 200, "drops counted exactly");
	is_num(drain(&b, out, sizeof(out)), 100, "bound kept");
	ok(memcmp(out, in + 200, 100) == 0, "the newest 100 bytes remain, in order");
	bytebuf_free(&b);
}

static void test_pty(void)
{
	struct pty p;
	struct termios t;
	char buf[16];
	int client;

	if (!ok(pty_open(&p) == 0, "pty opened: %s", p.path))
		return;
	ok(!strncmp(p.path, "/dev/pts/", 9), "path under /dev/pts");
	ok(tcgetattr(p.slave, &t) == 0 && !(t.c_lflag & (ECHO | ICANON)),
	   "raw mode: no echo, no line editing");
	ok(fcntl(p.master, F_GETFL) & O_NONBLOCK, "master non-blocking");
	client = open(p.path, O_RDWR | O_NOCTTY);
	(void)!write(client, "in", 2);
	ok(read(p.master, buf, sizeof(buf)) == 2 && !memcmp(buf, "in", 2),
	   "client bytes reach the master unchanged");
	(void)!write(p.master, "out\n", 4);
	ok(read(client, buf, sizeof(buf)) == 4 && !memcmp(buf, "out\n", 4),
	   "master bytes reach the client, no CR added");
	close(client);
	(void)!write(p.master, "x", 1);
	ok(read(p.master, buf, 1) < 0, "client gone: no hangup, no echo back");
	pty_close(&p);
	ok(p.master == -1 && p.slave == -1, "closed");
}

int main(void)
{
	test_order_and_growth();
	test_backpressure();
	test_overwrite();
	test_pty();
	return tap_done();
}
