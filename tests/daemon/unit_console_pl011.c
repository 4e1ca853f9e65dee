// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PL011 console kind (console_pl011.c) against a fake environment:
 * the toolstack's keys in a fake xenstore (lib/fake_xen.c), a fake ioreq
 * server through whose region the test plays the guest's accesses, and a
 * set_irq_level that can refuse (lib/fake_ioreq.c); the model, pacing and
 * restart state are the real ones, over a real loop, pty and state
 * directory.  Checked: the page claimed where the keys say; output held
 * while nobody waits and taken once the guest finds TXFF; a guest that
 * never reads FR loses nothing; a refused interrupt is counted and set
 * again later; a parked server is adopted by a successor, and a server
 * not parked leaves no state behind; with the fast path, the interrupt
 * is raised only once the publication shows it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "fake_ioreq.h"
#include "fake_xen.h"
#include "options.h"
#include "pl011_regs.h"
#include "tap.h"
#include "xen.h"

extern const struct console_kind console_kind_pl011;

#define DOMID	4

static struct console_queue queue;
static struct xen xen;
static struct pl011_options pl011 = {
	.mode = PL011_XENSTORE, .base = 0x22000000, .spi = 32 };
static struct console_env env = { .xen = &xen, .pl011 = &pl011,
				  .ready = &queue };

static struct console *attached(void)
{
	static const uint8_t handle[16] = { 1 };
	struct console *con = console_create(&env, DOMID, handle,
					     &console_kind_pl011);

	ok(con && console_attach(con) == 0, "attached");
	fcntl(con->pty.slave, F_SETFL, O_NONBLOCK);
	return con;
}

static size_t pty_bytes(struct console *con)
{
	char buf[256];
	size_t got = 0;
	ssize_t n;

	loop_run_once(env.loop, 0);
	while ((n = read(con->pty.slave, buf, sizeof(buf))) > 0)
		got += (size_t)n;
	return got;
}

static void test_output(struct console *con)
{
	struct ioreq_server *s = fake_ioreq.server;

	ok(fake_ioreq.opens == 1 && s && s->region.base == 0x22000000 &&
	   s->region.size == 4096, "the page the keys name is claimed");
	is_hex(fake_ioreq_access(true, 0xfe0, 0), 0x11,
	       "the guest reads PeriphID0 through it");
	console_queue_drain(&queue, 4096);	/* attach's own kick */
	for (int i = 0; i < 32; i++)
		fake_ioreq_access(false, PL011_DR, 'a' + i % 26);
	ok(!con->on_ready_list, "a full FIFO nobody waits on is held");
	ok(fake_ioreq_access(true, PL011_FR, 0) & PL011_FR_TXFF,
	   "the guest finds TXFF");
	ok(con->on_ready_list, "...and waits: the output is taken now");
	console_queue_drain(&queue, 4096);
	is_num(pty_bytes(con), 32, "32 bytes on the pty");

	for (int i = 0; i < 40; i++)
		fake_ioreq_access(false, PL011_DR, 'x');
	while (console_queue_drain(&queue, 4096))
		;
	console_drain(con, 4096);
	is_num(con->stats.uart_dropped, 0, "40 bytes written without a look "
	       "at FR: none lost to the full FIFO");
	is_num(pty_bytes(con), 40, "all 40 on the pty");
}

static void test_irq_retry(struct console *con)
{
	fake_ioreq.irq_failures = 1;
	/* TX is raised (the FIFO drained): unmasking it raises the line. */
	fake_ioreq_access(false, PL011_IMSC, PL011_INT_TX);
	is_num(con->stats.irq_refusals, 1, "Xen refuses the interrupt: counted");
	is_num(fake_ioreq.irq_raises, 0, "...and nothing raised yet");
	for (int i = 0; i < 30 && !fake_ioreq.irq_raises; i++)
		loop_run_once(env.loop, 100);
	is_num(fake_ioreq.irq_raises, 1, "set again a while later, and raised");
	fake_ioreq_access(false, PL011_IMSC, 0);
}

static void test_restart(struct console *con)
{
	unsigned long opens = fake_ioreq.opens;

	console_destroy(con, true);
	ok(fake_ioreq.parked, "parked on the way out");
	ok(faccessat(env.state_dirfd, "pl011-4", F_OK, 0) == 0,
	   "its state is kept");
	con = attached();
	ok(fake_ioreq.adopts == 1 && fake_ioreq.opens == opens,
	   "a successor adopts the server rather than opening one");
	console_destroy(con, false);
	ok(!fake_ioreq.parked && faccessat(env.state_dirfd, "pl011-4", F_OK,
					   0) != 0,
	   "not parked: the server and its state go");
}

/*
 * With the fast path a guest woken by the interrupt reads MIS from the
 * published page: the line must never be raised ahead of a publication
 * that shows why.
 */
static void test_fast_path_line(void)
{
	struct console *con;
	unsigned long raises;

	fake_ioreq.fast_path = pl011.fast_path = true;
	con = attached();
	console_queue_drain(&queue, 4096);	/* attach's own kick */
	for (int i = 0; i < 32; i++)
		fake_ioreq_access(false, PL011_DR, 'f');
	fake_ioreq_access(false, PL011_IMSC, PL011_INT_TX);
	raises = fake_ioreq.irq_raises;
	ok(fake_ioreq_access(true, PL011_FR, 0) & PL011_FR_TXFF,
	   "fast path: the guest finds TXFF, TX interrupt unmasked");
	console_queue_drain(&queue, 4096);
	ok(fake_ioreq.irq_raises > raises,
	   "taking its output raises the TX interrupt");
	is_num(fake_ioreq.raises_unpublished, 0,
	       "...never before the publication shows it in MIS");
	is_num(pty_bytes(con), 32, "the 32 bytes on the pty");
	console_destroy(con, false);
}

int main(void)
{
	char dir[] = "/tmp/unit_console_pl011.XXXXXX";
	struct console *con;

	if (!mkdtemp(dir) || loop_create(&env.loop))
		return 1;
	env.state_dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	xen.xdm = (xendevicemodel_handle *)&xen;	/* present, never used */
	fake_xs_set("/local/domain/4/serial/0", "type", "pl011");
	con = attached();
	test_output(con);
	test_irq_retry(con);
	test_restart(con);
	test_fast_path_line();
	loop_destroy(env.loop);
	close(env.state_dirfd);
	rmdir(dir);
	return tap_done();
}
