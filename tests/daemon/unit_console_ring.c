// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PV console kind (console_ring.c) against a fake environment: the
 * toolstack's keys in a fake xenstore, a ring page the test plays the
 * guest on, event channels that count (lib/fake_xen.c).  Checked: no
 * connection before every key is there, nor for a QEMU console; the ring
 * and port the keys name; output taken and input given with the guest
 * told; hostile indexes counted as a guest error and skipped; a changed
 * port rebinds; detach lets go of both.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fake_xen.h"
#include "tap.h"

extern const struct console_kind console_kind_pv;

#define DIR	"/local/domain/3/console"

static struct xencons_interface page;

static void guest_prints(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++)
		page.out[MASK_XENCONS_IDX(page.out_prod + i, page.out)] = s[i];
	page.out_prod += (XENCONS_RING_IDX)n;
}

int main(void)
{
	static const uint8_t handle[16];
	struct console_queue queue = { NULL, NULL };
	struct console_env env = { .state_dirfd = -1, .ready = &queue };
	const struct console_kind *kind = &console_kind_pv;
	struct console *con;
	uint8_t buf[64];
	size_t n;

	if (loop_create(&env.loop))
		return 1;
	fake_ring = &page;
	con = console_create(&env, 3, handle, kind);
	ok(con != NULL, "console created");

	is_num((uint64_t)-kind->attach(con), ENOENT, "no keys yet: not there");
	fake_xs_set(DIR, "ring-ref", "5");
	is_num((uint64_t)-kind->attach(con), ENOENT, "no port yet: not there");
	fake_xs_set(DIR, "port", "7");
	fake_xs_set(DIR, "type", "ioemu");
	is_num((uint64_t)-kind->attach(con), ENOENT, "QEMU's console: not ours");
	fake_xs_set(DIR, "type", NULL);
	is_num((uint64_t)kind->attach(con), 0, "every key: attached");
	ok(fake_ring_mapped_ref == 5 && fake_evtchn.remote_port == 7,
	   "the ring and the port the keys name");

	guest_prints("hello");
	n = kind->pull(con, buf, sizeof(buf));
	ok(n == 5 && !memcmp(buf, "hello", 5), "output taken from the ring");
	ok(page.out_cons == page.out_prod && fake_evtchn.notifies == 1,
	   "consumed, and the guest told");
	is_num(kind->push(con, (const uint8_t *)"typed", 5), 5, "input given");
	ok(page.in_prod == 5 && !memcmp(page.in, "typed", 5) &&
	   fake_evtchn.notifies == 2, "in the ring, and the guest told");

	page.out_prod = page.out_cons + 3 * sizeof(page.out);
	is_num(kind->pull(con, buf, sizeof(buf)), 0, "hostile indexes: nothing "
	       "taken");
	ok(con->stats.guest_errors == 1 && page.out_cons == page.out_prod,
	   "counted as a guest error, and skipped");

	fake_xs_set(DIR, "port", "8");
	is_num((uint64_t)kind->attach(con), 0, "a changed port: attached again");
	ok(fake_evtchn.unbinds == 1 && fake_evtchn.remote_port == 8 &&
	   fake_ring_unmaps == 1, "the old port and ring let go, the new bound");
	kind->detach(con, true);
	ok(fake_evtchn.unbinds == 2 && fake_ring_unmaps == 2,
	   "detach lets go of both, park or not: the ring is Xen's");
	console_destroy(con, false);
	loop_destroy(env.loop);
	return tap_done();
}
