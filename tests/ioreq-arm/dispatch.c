// SPDX-License-Identifier: GPL-2.0-only
/*
 * dispatch.c - who gets an access: in-Xen handlers before ioreq servers,
 * the highest enabled server id among those whose MEMORY ranges contain
 * the whole access, inclusive range ends, Xen's rangeset rules (overlap
 * per server, merge of adjacent ranges, 256 limit), and the data abort
 * for an address nobody claims or a disabled server.
 */
#include <errno.h>
#include <stdlib.h>

#include "tap.h"
#include "lib/toy.h"

#define BASE 0x22000000ull
#define MEM XEN_DMOP_IO_RANGE_MEMORY

static struct toy_host host;

static struct ioreq_arm_domain *domain(void)
{
	host = (struct toy_host){ 0 };
	return toy_domain(&host, &(struct toy_config){ 0 });
}

struct vpl011 {
	unsigned int reads, writes;
	uint64_t written;
	bool refuse;
};

static bool vpl011_read(void *priv, unsigned int vcpu, uint64_t ipa,
			const struct ioreq_arm_dabt *dabt, uint64_t *value)
{
	struct vpl011 *u = priv;

	(void)vcpu;
	(void)ipa;
	(void)dabt;
	u->reads++;
	*value = 0x90;
	return !u->refuse;
}

static bool vpl011_write(void *priv, unsigned int vcpu, uint64_t ipa,
			 const struct ioreq_arm_dabt *dabt, uint64_t value)
{
	struct vpl011 *u = priv;

	(void)vcpu;
	(void)ipa;
	(void)dabt;
	u->writes++;
	u->written = value;
	return !u->refuse;
}

static const struct ioreq_arm_mmio_ops vpl011_ops = {
	.read = vpl011_read, .write = vpl011_write,
};

static void test_in_xen_handler_wins(void)
{
	struct ioreq_arm_domain *d = domain();
	struct ioreq_arm_regs *regs = ioreq_arm_vcpu_regs(d, 0);
	struct vpl011 u = { 0 };
	struct toy_server t;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	is_num((uint64_t)ioreq_arm_register_mmio(d, BASE, 0x1000, &vpl011_ops,
						 &u), 0,
	       "vpl011-like handler registered over the server's range");
	regs->x[1] = 0xabcdef0123ull;
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE + 0x18),
	       IOREQ_ARM_RUNNING, "read handled without blocking");
	is_num((uint64_t)toy_access(d, 0, true, 4, 1, BASE), IOREQ_ARM_RUNNING,
	       "write handled without blocking");
	ok(u.reads == 1 && u.writes == 1 && regs->x[0] == 0x90 &&
	   u.written == 0xabcdef0123ull && t.nr_seen == 0 &&
	   host.nr_notified == 0,
	   "handler saw both (whole register on write), server nothing");
	u.refuse = true;
	is_num((uint64_t)toy_access(d, 0, true, 8, 1, BASE), IOREQ_ARM_DABT,
	       "handler refusing (vpl011's 64-bit access) is a data abort");
	is_num((uint64_t)ioreq_arm_register_mmio(d, BASE + 0xfff, 2,
						 &vpl011_ops, &u),
	       (uint64_t)-EEXIST, "overlapping handler refused");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

/* Which of @t's servers saw the access; -1 for none. */
static int who_served(struct toy_server *t, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (toy_server_serve(&t[i], 0) == IOREQ_ARM_RUNNING)
			return (int)t[i].id;
	return -1;
}

static void test_highest_id_wins(void)
{
	struct ioreq_arm_domain *d = domain();
	struct toy_server t[3];
	ioservid_t id;

	toy_server_start(&t[0], d, TOY_DOM0, BASE, BASE + 0xfff);
	toy_server_start(&t[1], d, TOY_DOM0, BASE + 0x800, BASE + 0x8ff);
	toy_server_start(&t[2], d, TOY_DOM0, BASE + 0x1000, BASE + 0x1fff);
	ok(t[0].id == 0 && t[1].id == 1 && t[2].id == 2,
	   "ids are handed out from 0");
	toy_access(d, 0, false, 4, 0, BASE + 0x800);
	is_num((uint64_t)who_served(t, 3), 1,
	       "overlap across servers: the higher id (1) serves");
	toy_access(d, 0, false, 4, 0, BASE + 0x7fc);
	is_num((uint64_t)who_served(t, 3), 0, "outside id 1's range: id 0");
	ioreq_arm_server_set_state(d, TOY_DOM0, 1, false);
	toy_access(d, 0, false, 4, 0, BASE + 0x800);
	is_num((uint64_t)who_served(t, 3), 0, "id 1 disabled: id 0 serves");
	ioreq_arm_server_destroy(d, TOY_DOM0, 0);
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 0, &id), 0,
	       "create after destroy");
	is_num(id, 0, "the lowest free id (0) is reused");
	ioreq_arm_domain_destroy(d);
	for (id = 0; id < 3; id++)
		toy_server_free_page(&t[id]);
}

static void test_eight_servers(void)
{
	struct ioreq_arm_domain *d = domain();
	ioservid_t id = 0;
	unsigned int i;
	int rc = 0;

	for (i = 0; i < IOREQ_ARM_MAX_SERVERS && !rc; i++)
		rc = ioreq_arm_server_create(d, TOY_DOM0, 0, &id);
	ok(rc == 0 && id == 7, "8 servers created, ids 0..7");
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 0, &id),
	       (uint64_t)-ENOSPC, "the 9th fails -ENOSPC");
	is_num(host.nr_allocs, 8, "one port per vCPU per server, none for "
	       "the refused one");
	ioreq_arm_domain_destroy(d);
	is_num(host.nr_freed, 8, "domain destroy frees every port");
}

static void test_inclusive_ends(void)
{
	struct ioreq_arm_domain *d = domain();
	struct toy_server t;

	toy_server_start(&t, d, TOY_DOM0, BASE + 0x100, BASE + 0x1ff);
	is_num((uint64_t)toy_access(d, 0, false, 1, 0, BASE + 0x100),
	       IOREQ_ARM_BLOCKED, "first byte of the range is forwarded");
	toy_server_serve(&t, 0);
	is_num((uint64_t)toy_access(d, 0, false, 1, 0, BASE + 0x1ff),
	       IOREQ_ARM_BLOCKED, "last byte (end is inclusive) is forwarded");
	toy_server_serve(&t, 0);
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE + 0x1fc),
	       IOREQ_ARM_BLOCKED, "word ending on the last byte is forwarded");
	toy_server_serve(&t, 0);
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE + 0x1fd),
	       IOREQ_ARM_DABT, "unaligned word crossing the end: abort");
	is_num((uint64_t)toy_access(d, 0, false, 8, 0, BASE + 0xfc),
	       IOREQ_ARM_DABT, "dword starting before the range: abort");
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE + 0x102),
	       IOREQ_ARM_BLOCKED, "unaligned word inside: forwarded as is");
	is_hex(toy_slot(&t, 0)->addr, BASE + 0x102, "raw address, no rounding");
	toy_server_serve(&t, 0);
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE + 0x200),
	       IOREQ_ARM_DABT, "unclaimed address: data abort");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

static int map(struct ioreq_arm_domain *d, struct toy_server *t,
	       uint32_t type, uint64_t start, uint64_t end)
{
	return ioreq_arm_server_map_range(d, TOY_DOM0, t->id, type, start, end);
}

static int unmap(struct ioreq_arm_domain *d, struct toy_server *t,
		 uint64_t start, uint64_t end)
{
	return ioreq_arm_server_unmap_range(d, TOY_DOM0, t->id, MEM, start,
					    end);
}

static void test_range_errors(void)
{
	struct ioreq_arm_domain *d = domain();
	struct toy_server t, u;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xff);
	is_num((uint64_t)toy_server_start(&u, d, TOY_DOM0, BASE + 0x80,
					  BASE + 0x17f), 0,
	       "overlap with another server's range is allowed");
	is_num((uint64_t)map(d, &t, MEM, BASE + 0xff, BASE + 0x1ff),
	       (uint64_t)-EEXIST, "overlap within one server: -EEXIST");
	is_num((uint64_t)map(d, &t, MEM, BASE + 0x200, BASE + 0x1ff),
	       (uint64_t)-EINVAL, "start > end: -EINVAL");
	is_num((uint64_t)map(d, &t, 3, BASE, BASE), (uint64_t)-EINVAL,
	       "unknown range type: -EINVAL");
	ok(map(d, &t, XEN_DMOP_IO_RANGE_PORT, BASE + 0x1000, BASE + 0x1003) ==
	   0 && toy_access(d, 0, false, 4, 0, BASE + 0x1000) == IOREQ_ARM_DABT,
	   "PORT ranges are accepted but never match on Arm");
	is_num((uint64_t)unmap(d, &t, BASE + 0x70, BASE + 0x10f),
	       (uint64_t)-ENOENT, "unmap not inside one range: -ENOENT");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
	toy_server_free_page(&u);
}

static void test_range_merge_and_limit(void)
{
	struct ioreq_arm_domain *d = domain();
	struct toy_server t;
	uint64_t a;
	int rc = 0;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xff);
	map(d, &t, MEM, BASE + 0x100, BASE + 0x1ff);
	is_num((uint64_t)toy_access(d, 0, false, 8, 0, BASE + 0xfc),
	       IOREQ_ARM_BLOCKED, "access across two adjacent mappings "
	       "is forwarded (ranges merge)");
	toy_server_serve(&t, 0);
	is_num((uint64_t)unmap(d, &t, BASE + 0x80, BASE + 0x17f), 0,
	       "unmap across the seam succeeds");
	ok(toy_access(d, 0, false, 1, 0, BASE + 0x80) == IOREQ_ARM_DABT &&
	   toy_access(d, 0, false, 1, 0, BASE + 0x7f) == IOREQ_ARM_BLOCKED,
	   "hole punched; the part before it still forwarded");
	toy_server_serve(&t, 0);
	/* Now 2 ranges; the rangeset holds 256 disjoint ones at most. */
	for (a = 0; a <= IOREQ_ARM_MAX_RANGES && !rc; a += !rc)
		rc = map(d, &t, MEM, BASE + 0x10000 + 2 * a,
			 BASE + 0x10000 + 2 * a);
	ok(rc == -ENOMEM && a == 254, "range 257 of a server fails -ENOMEM");
	is_num((uint64_t)unmap(d, &t, BASE + 0x10, BASE + 0x20),
	       (uint64_t)-ENOMEM, "punching a hole needs a range: -ENOMEM");
	ok(unmap(d, &t, BASE, BASE + 0x7f) == 0 &&
	   map(d, &t, MEM, BASE + 0x20000, BASE + 0x20000) == 0,
	   "removing a whole range frees one");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

static void test_dm_op_errors(void)
{
	struct ioreq_arm_domain *d = domain();
	struct toy_server t;
	ioservid_t id;
	uint32_t port = 0;

	toy_server_start(&t, d, TOY_DOM0, BASE, BASE + 0xfff);
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 1, &id),
	       (uint64_t)-EINVAL, "BUFIOREQ_LEGACY refused on Arm");
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 2, &id),
	       (uint64_t)-EINVAL, "BUFIOREQ_ATOMIC refused on Arm");
	is_num((uint64_t)ioreq_arm_server_set_state(d, 7, t.id, false),
	       (uint64_t)-EPERM, "another emulator domain: -EPERM");
	is_num((uint64_t)ioreq_arm_server_destroy(d, 7, t.id),
	       (uint64_t)-EPERM, "destroy by another emulator: -EPERM");
	is_num((uint64_t)ioreq_arm_server_set_state(d, TOY_DOM0, 5, true),
	       (uint64_t)-ENOENT, "no such server: -ENOENT");
	is_num((uint64_t)ioreq_arm_server_get_info(d, TOY_DOM0, t.id, true,
						   &port),
	       (uint64_t)-EOPNOTSUPP, "get_info with gfns: -EOPNOTSUPP");
	is_num((uint64_t)ioreq_arm_server_get_info(d, TOY_DOM0, t.id, false,
						   &port),
	       0, "get_info without gfns succeeds");
	is_num(port, 0, "and reports no buffered ring's port");
	is_num((uint64_t)ioreq_arm_server_map_frame(d, TOY_DOM0, t.id, 0, NULL),
	       (uint64_t)-ENOENT, "bufioreq frame: -ENOENT");
	is_num((uint64_t)ioreq_arm_server_map_frame(d, TOY_DOM0, t.id, 2, NULL),
	       (uint64_t)-EINVAL, "frame 2: -EINVAL");
	ok(ioreq_arm_server_map_frame(d, TOY_DOM0, t.id, 1, NULL) == 0 &&
	   ioreq_arm_server_page(d, t.id) == t.page,
	   "mapping again keeps the first page");
	ioreq_arm_domain_destroy(d);
	toy_server_free_page(&t);
}

static void test_without_ioreq_server(void)
{
	const struct ioreq_arm_config cfg = { .nr_vcpus = 1, .nr_spis = 32 };
	struct toy_host h = { 0 };
	struct ioreq_arm_domain *d = ioreq_arm_domain_create(&cfg, &toy_ops,
							     &h);
	unsigned int nr;
	ioservid_t id;

	if (!d)
		abort();
	is_num((uint64_t)ioreq_arm_server_create(d, TOY_DOM0, 0, &id),
	       (uint64_t)-ENOSYS, "no CONFIG_IOREQ_SERVER: create -ENOSYS");
	is_num((uint64_t)ioreq_arm_nr_vcpus(d, &nr), (uint64_t)-ENOSYS,
	       "no CONFIG_IOREQ_SERVER: nr_vcpus -ENOSYS (no dm_op at all)");
	is_num((uint64_t)ioreq_arm_set_irq_level(d, 33, 1), (uint64_t)-ENOSYS,
	       "no CONFIG_IOREQ_SERVER: set_irq_level -ENOSYS");
	is_num((uint64_t)ioreq_arm_server_map_frame(d, TOY_DOM0, 0, 1, NULL),
	       (uint64_t)-EOPNOTSUPP,
	       "no CONFIG_IOREQ_SERVER: acquire_resource -EOPNOTSUPP");
	is_num((uint64_t)toy_access(d, 0, false, 4, 0, BASE), IOREQ_ARM_DABT,
	       "no CONFIG_IOREQ_SERVER: MMIO to a hole aborts");
	ioreq_arm_domain_destroy(d);
}

int main(void)
{
	test_in_xen_handler_wins();
	test_highest_id_wins();
	test_eight_servers();
	test_inclusive_ends();
	test_range_errors();
	test_range_merge_and_limit();
	test_dm_op_errors();
	test_without_ioreq_server();
	return tap_done();
}
