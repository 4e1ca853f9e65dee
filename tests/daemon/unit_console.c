// SPDX-License-Identifier: GPL-2.0-only
/*
 * console.c against a fake environment: a fake console kind whose guest
 * is a pair of buffers, and fake Xen calls (lib/fake_xen.c, linked in
 * place of xen.c) over a real loop, pty and log directory.  Checked: the tty key is written once the kind is ready,
 * output reaches the log and the pty, typed input reaches the guest,
 * draining is fair between consoles, "keep" holds the guest while
 * "discard" counts what the pty lost, and park reaches the kind.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console.h"
#include "fake_xen.h"
#include "tap.h"

/* ---- the fake kind: a guest that is two buffers -------------------------- */

struct fake_guest {
	uint8_t out[1 << 16];		/* what the guest wrote, not yet pulled */
	size_t out_len, out_pos;
	uint8_t in[256];		/* what reached the guest */
	size_t in_len;
	size_t in_room;			/* what it takes before it is full */
	unsigned int detaches;
	bool parked;
};

static int fake_attach(struct console *con)
{
	(void)con;
	return 0;
}

static void fake_detach(struct console *con, bool park)
{
	struct fake_guest *g = con->priv;

	g->detaches++;
	g->parked = park;
}

static size_t fake_pull(struct console *con, uint8_t *buf, size_t max)
{
	struct fake_guest *g = con->priv;
	size_t n = g->out_len - g->out_pos;

	if (n > max)
		n = max;
	memcpy(buf, g->out + g->out_pos, n);
	g->out_pos += n;
	return n;
}

static size_t fake_push(struct console *con, const uint8_t *buf, size_t n)
{
	struct fake_guest *g = con->priv;

	if (n > g->in_room)
		n = g->in_room;
	memcpy(g->in + g->in_len, buf, n);
	g->in_len += n;
	g->in_room -= n;
	return n;
}

static const struct console_kind fake_kind = {
	.name = "fake", .xs_dir = "console", .log_suffix = "",
	.priv_size = sizeof(struct fake_guest),
	.attach = fake_attach, .detach = fake_detach,
	.pull = fake_pull, .push = fake_push,
};

/* ---- helpers -------------------------------------------------------------- */

static struct console_queue queue;
static struct logfile_config log_config;
static struct console_env env;

static void guest_writes(struct console *con, const char *text, size_t times)
{
	struct fake_guest *g = con->priv;

	for (size_t i = 0; i < times; i++) {
		memcpy(g->out + g->out_len, text, strlen(text));
		g->out_len += strlen(text);
	}
	console_kick(con);
}

static size_t read_all(int fd, char *buf, size_t max)
{
	size_t got = 0;
	ssize_t n;

	while (got < max && (n = read(fd, buf + got, max - got)) > 0)
		got += (size_t)n;
	return got;
}

static size_t file_size(int dirfd, const char *name)
{
	struct stat st;

	return fstatat(dirfd, name, &st, 0) == 0 ? (size_t)st.st_size : 0;
}

/*
 * Bytes of guest output in the log from offset from on, for output with no
 * newline of its own: the notes, and the line breaks they add, left out.
 */
static size_t guest_bytes_logged(size_t from)
{
	static char buf[1 << 17];
	int fd = openat(log_config.dirfd, "guest-fake.log", O_RDONLY);
	size_t n = fd < 0 ? 0 : (size_t)pread(fd, buf, sizeof(buf) - 1, (off_t)from);
	size_t guest = 0;

	if (fd >= 0)
		close(fd);
	buf[n] = 0;
	for (char *line = buf, *end; line < buf + n; line = end) {
		end = memchr(line, '\n', (size_t)(buf + n - line));
		end = end ? end + 1 : buf + n;
		if (strncmp(line, "[xenconsoled: ", 14))
			guest += (size_t)(end - line) - (end[-1] == '\n');
	}
	return guest;
}

static struct console *make(uint32_t domid)
{
	static const uint8_t handle[16];
	struct console *con = console_create(&env, domid, handle, &fake_kind);

	ok(con && console_attach(con) == 0, "dom%u: created and attached",
	   domid);
	/* Slave non-blocking: a read drains what is there and returns. */
	fcntl(con->pty.slave, F_SETFL, O_NONBLOCK);
	return con;
}

static void test_output_and_input(void)
{
	struct console *con = make(7);
	struct fake_guest *g = con->priv;
	char buf[64];

	ok(fake_xs_get("/local/domain/7/console", "tty") &&
	   !strcmp(fake_xs_get("/local/domain/7/console", "tty"), con->pty.path),
	   "the tty key names its pty");
	guest_writes(con, "hello\n", 1);
	ok(con->on_ready_list, "a kick queues the console");
	console_queue_drain(&queue, 4096);
	is_num(file_size(log_config.dirfd, "guest-fake.log"), 6,
	       "the output is in guest-fake.log");
	loop_run_once(env.loop, 0);
	is_num(read_all(con->pty.slave, buf, sizeof(buf)), 6, "...and on the pty");
	ok(!memcmp(buf, "hello\n", 6), "...byte for byte");

	g->in_room = 3;
	if (write(con->pty.slave, "typed", 5) != 5)
		diag("write to the pty failed");
	for (int i = 0; i < 5 && g->in_len < 3; i++)
		loop_run_once(env.loop, 100);
	is_num(g->in_len, 3, "typed input reaches the guest as far as it has room");
	g->in_room = 10;
	console_kick(con);
	is_num(g->in_len, 5, "the rest once the guest makes room, none lost");
	ok(!memcmp(g->in, "typed", 5), "...in order");
	console_destroy(con, false);
}

static void test_fairness(void)
{
	struct console *a = make(8), *b = make(9);
	struct fake_guest *ga = a->priv, *gb = b->priv;

	guest_writes(a, "aaaaaaaaaaaaaaaa", 1024);	/* 16 KiB */
	guest_writes(b, "bb", 16);			/* 32 bytes */
	ok(console_queue_drain(&queue, 1024), "a pass with a budget of 1 KiB "
	   "leaves work queued");
	is_num(ga->out_pos, 1024, "the busy console got one budget");
	is_num(gb->out_pos, 32, "the quiet one got all it had, in the same pass");
	while (console_queue_drain(&queue, 1024))
		;
	is_num(ga->out_pos, 16384, "later passes finish the busy one");
	console_destroy(a, false);
	console_destroy(b, false);
}

static void test_overflow(void)
{
	struct console *con;
	struct fake_guest *g;

	size_t logged = file_size(log_config.dirfd, "guest-fake.log");

	env.overflow_keep = false;
	con = make(10);
	g = con->priv;
	con->out.max = 4096;		/* what libxl's "limit" key sets */
	guest_writes(con, "0123456789abcdef", 4096);	/* 64 KiB, no reader */
	while (console_queue_drain(&queue, 65536))
		loop_run_once(env.loop, 0);
	is_num(g->out_pos, g->out_len, "discard: the guest is never held back");
	is_num(guest_bytes_logged(logged), 65536, "discard: the log has every "
	       "byte, beside its notes of what the pty missed");
	ok(con->stats.pty_dropped > 0, "discard: what the pty could not take "
	   "is counted (%llu)", (unsigned long long)con->stats.pty_dropped);
	console_destroy(con, false);

	env.overflow_keep = true;
	con = make(11);
	g = con->priv;
	con->out.max = 4096;
	guest_writes(con, "0123456789abcdef", 4096);
	console_queue_drain(&queue, 65536);
	ok(g->out_pos < g->out_len, "keep: with nobody reading, the guest is "
	   "held back (%zu of %zu taken)", g->out_pos, g->out_len);
	is_num(con->stats.pty_dropped, 0, "keep: nothing dropped");
	env.overflow_keep = false;
	console_destroy(con, false);
}

static void test_park_and_destroy(void)
{
	struct console *con = make(12);
	struct fake_guest *g = con->priv;

	guest_writes(con, "last words\n", 1);
	console_detach(con, true);
	ok(g->detaches == 1 && g->parked, "park reaches the kind's detach");
	is_num(g->out_pos, g->out_len, "what the guest wrote last is drained "
	       "first");
	console_destroy(con, true);
	con = make(13);
	guest_writes(con, "queued", 1);
	ok(queue.head == con, "queued");
	console_destroy(con, false);
	ok(!queue.head && !queue.tail, "a destroyed console leaves the queue");
}

int main(void)
{
	char dir[] = "/tmp/unit_console.XXXXXX";

	if (!mkdtemp(dir) || loop_create(&env.loop))
		return 1;
	/* One name for every domain here: one log file to look at. */
	for (uint32_t domid = 7; domid <= 13; domid++) {
		char path[32];

		snprintf(path, sizeof(path), "/local/domain/%u", domid);
		fake_xs_set(path, "name", "fake");
	}
	log_config = (struct logfile_config){
		.dirfd = open(dir, O_RDONLY | O_DIRECTORY) };
	env.state_dirfd = -1;
	env.guest_log = &log_config;
	env.ready = &queue;
	test_output_and_input();
	test_fairness();
	test_overflow();
	test_park_and_destroy();
	loop_destroy(env.loop);
	unlinkat(log_config.dirfd, "guest-fake.log", 0);
	close(log_config.dirfd);
	rmdir(dir);
	return tap_done();
}
