// SPDX-License-Identifier: GPL-2.0-only
/*
 * xensim: the toolstack of the simulated Xen, in the spirit of xl.
 *
 *   xensim create NAME [--vcpus N] [--nr-spis N] [--vuart]   prints domid
 *   xensim destroy DOMID|NAME
 *   xensim pause|unpause DOMID|NAME
 *   xensim list
 *   xensim hvlog TEXT          append to the hypervisor console ring
 *
 * Domain creation follows libxl for an Arm PVH guest: build the magic pages
 * and grants, allocate the console/xenstore (and vuart) event channels, then
 * write the xenstore keys libxl writes, in libxl's order (domain dir,
 * XS_INTRODUCE, vuart, console).  It talks to the hypervisor through the
 * xensim protocol and to xenstored through the real libxenstore.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <xenstore.h>
#include <xen/grant_table.h>
#include <xen/hvm/params.h>
#include "client.h"

#define CONSOLE_LIMIT "1048576"		/* LIBXL_XENCONSOLE_LIMIT */
#define CONSOLE_PROTOCOL "vt100"	/* LIBXL_XENCONSOLE_PROTOCOL */

struct build {
	uint32_t domid;
	const char *name;
	unsigned int vcpus;
	unsigned int nr_spis;
	int vuart;
	uint32_t console_port;
	uint32_t store_port;
	uint32_t vuart_port;
};

static struct xensim_conn hv;
static struct xs_handle *xs;

static void die(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xensim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static uint64_t hv_call(uint32_t op, uint32_t dom, uint64_t a, uint64_t b)
{
	int64_t ret = xensim_simple(&hv, op, dom, a, b, 0, 0);

	if (ret < 0)
		die("hypervisor request %u for d%u: %s", op, dom,
		    strerror((int)-ret));
	return (uint64_t)ret;
}

static void xs_put(xs_transaction_t t, const char *value,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void xs_put(xs_transaction_t t, const char *value,
		   const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (!xs_write(xs, t, path, value, strlen(value)))
		die("xenstore write %s: %s", path, strerror(errno));
}

/* Owner first: {owner, others' access}, then extra readers. */
static void xs_perm(xs_transaction_t t, const char *path, uint32_t owner,
		    uint32_t reader)
{
	struct xs_permissions perms[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};

	if (!xs_set_permissions(xs, t, path, perms, owner == reader ? 1 : 2))
		die("xenstore chmod %s: %s", path, strerror(errno));
}

static uint32_t alloc_port(uint32_t domid)
{
	return (uint32_t)hv_call(XS_OP_EVTCHN_ALLOC_UNBOUND, domid, 0, 0);
}

static void add_page(struct build *b, uint64_t gfn, int grant_ref)
{
	hv_call(XS_OP_PAGE_ADD, b->domid, gfn, 0);
	if (grant_ref >= 0)
		hv_call(XS_OP_GRANT_SET, b->domid, (uint64_t)grant_ref, gfn);
}

/* The domain builder's part: memory, grants, event channels, params. */
static void build_domain(struct build *b)
{
	struct xensim_req req = {
		.op = XS_OP_DOMAIN_CREATE, .a = b->vcpus, .b = b->nr_spis,
		.c = b->vuart ? XS_CREATE_VUART : 0,
	};
	int64_t ret = xensim_call(&hv, &req, NULL, 0, NULL, 0, NULL);

	if (ret < 0)
		die("domain create: %s", strerror((int)-ret));
	b->domid = (uint32_t)ret;
	add_page(b, XENSIM_CONSOLE_GFN, GNTTAB_RESERVED_CONSOLE);
	add_page(b, XENSIM_XENSTORE_GFN, GNTTAB_RESERVED_XENSTORE);
	b->console_port = alloc_port(b->domid);
	b->store_port = alloc_port(b->domid);
	hv_call(XS_OP_PARAM_SET, b->domid, HVM_PARAM_CONSOLE_PFN,
		XENSIM_CONSOLE_GFN);
	hv_call(XS_OP_PARAM_SET, b->domid, HVM_PARAM_CONSOLE_EVTCHN,
		b->console_port);
	hv_call(XS_OP_PARAM_SET, b->domid, HVM_PARAM_STORE_PFN,
		XENSIM_XENSTORE_GFN);
	hv_call(XS_OP_PARAM_SET, b->domid, HVM_PARAM_STORE_EVTCHN,
		b->store_port);
	if (!b->vuart)
		return;
	add_page(b, XENSIM_VUART_GFN, -1);
	b->vuart_port = alloc_port(b->domid);
	hv_call(XS_OP_PARAM_SET, b->domid, XENSIM_PARAM_VUART_GFN,
		XENSIM_VUART_GFN);
	hv_call(XS_OP_PARAM_SET, b->domid, XENSIM_PARAM_VUART_PORT,
		b->vuart_port);
}

static xs_transaction_t begin(void)
{
	xs_transaction_t t = xs_transaction_start(xs);

	if (t == XBT_NULL)
		die("xenstore transaction: %s", strerror(errno));
	return t;
}

/* Returns false when the transaction must be retried (EAGAIN). */
static int commit(xs_transaction_t t)
{
	if (xs_transaction_end(xs, t, false))
		return 1;
	if (errno != EAGAIN)
		die("xenstore commit: %s", strerror(errno));
	return 0;
}

/* A directory the guest owns (libxl's "rwperm" nodes). */
static void guest_dir(xs_transaction_t t, const char *dom, uint32_t domid,
		      const char *leaf)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", dom, leaf);
	xs_put(t, "", "%s", path);
	xs_perm(t, path, domid, domid);
}

/* libxl__domain_make(): the domain's directory tree. */
static void write_domain_dir(const struct build *b)
{
	static const char *const rw[] = { "device", "control", "data" };
	char dom[64], vm[64], buf[32];
	xs_transaction_t t;
	size_t i;

	snprintf(dom, sizeof(dom), "/local/domain/%u", b->domid);
	snprintf(vm, sizeof(vm), "/vm/00000000-0000-0000-0000-%012x",
		 b->domid);
	snprintf(buf, sizeof(buf), "%u", b->domid);
	do {
		t = begin();
		xs_rm(xs, t, dom);
		xs_put(t, "", "%s", dom);
		xs_perm(t, dom, 0, b->domid);
		xs_rm(xs, t, vm);
		xs_put(t, "", "%s", vm);
		xs_perm(t, vm, 0, b->domid);
		xs_put(t, vm, "%s/vm", dom);
		xs_put(t, b->name, "%s/name", dom);
		xs_put(t, b->name, "%s/name", vm);
		xs_put(t, buf, "%s/domid", dom);
		for (i = 0; i < sizeof(rw) / sizeof(rw[0]); i++)
			guest_dir(t, dom, b->domid, rw[i]);
	} while (!commit(t));
}

/* libxl__build_post(): store keys, then XS_INTRODUCE. */
static void introduce(const struct build *b)
{
	char num[32];

	snprintf(num, sizeof(num), "%u", b->store_port);
	xs_put(XBT_NULL, num, "/local/domain/%u/store/port", b->domid);
	snprintf(num, sizeof(num), "%llu", XENSIM_XENSTORE_GFN);
	xs_put(XBT_NULL, num, "/local/domain/%u/store/ring-ref", b->domid);
	if (!xs_introduce_domain(xs, b->domid, XENSIM_XENSTORE_GFN,
				 b->store_port))
		die("xs_introduce_domain(%u): %s", b->domid, strerror(errno));
}

/* The backend half that libxl__device_generic_add() writes. */
static void write_backend(xs_transaction_t t, const struct build *b,
			  const char *kind, const char *front)
{
	char be[128], num[32];

	snprintf(be, sizeof(be), "/local/domain/0/backend/%s/%u/0", kind,
		 b->domid);
	xs_put(t, "", "%s", be);
	xs_perm(t, be, 0, b->domid);
	xs_put(t, front, "%s/frontend", be);
	snprintf(num, sizeof(num), "%u", b->domid);
	xs_put(t, num, "%s/frontend-id", be);
	xs_put(t, "1", "%s/online", be);
	xs_put(t, "1", "%s/state", be);		/* XenbusStateInitialising */
	xs_put(t, CONSOLE_PROTOCOL, "%s/protocol", be);
}

/* Keys only the toolstack may write: owned by dom0, readable by the guest. */
static void ro_key(xs_transaction_t t, const struct build *b,
		   const char *front, const char *leaf, const char *value)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", front, leaf);
	xs_put(t, value, "%s", path);
	xs_perm(t, path, 0, b->domid);
}

/* libxl__device_vuart_add(). */
static void write_vuart(const struct build *b)
{
	char front[64], num[32];
	xs_transaction_t t;

	snprintf(front, sizeof(front), "/local/domain/%u/vuart/0", b->domid);
	do {
		t = begin();
		write_backend(t, b, "vuart", front);
		snprintf(num, sizeof(num), "%u", b->vuart_port);
		ro_key(t, b, front, "port", num);
		snprintf(num, sizeof(num), "%llu", XENSIM_VUART_GFN);
		ro_key(t, b, front, "ring-ref", num);
		ro_key(t, b, front, "limit", CONSOLE_LIMIT);
		ro_key(t, b, front, "type", "xenconsoled");
	} while (!commit(t));
}

/* libxl__device_console_add() for the primary console. */
static void write_console(const struct build *b)
{
	char front[64], be[64], num[32];
	xs_transaction_t t;

	snprintf(front, sizeof(front), "/local/domain/%u/console", b->domid);
	snprintf(be, sizeof(be), "/local/domain/0/backend/console/%u/0",
		 b->domid);
	do {
		t = begin();
		write_backend(t, b, "console", front);
		xs_put(t, "", "%s", front);
		xs_perm(t, front, b->domid, 0);
		xs_put(t, be, "%s/backend", front);
		xs_put(t, "0", "%s/backend-id", front);
		ro_key(t, b, front, "limit", CONSOLE_LIMIT);
		ro_key(t, b, front, "type", "xenconsoled");
		ro_key(t, b, front, "output", "pty");
		ro_key(t, b, front, "tty", "");
		snprintf(num, sizeof(num), "%u", b->console_port);
		ro_key(t, b, front, "port", num);
		snprintf(num, sizeof(num), "%llu", XENSIM_CONSOLE_GFN);
		ro_key(t, b, front, "ring-ref", num);
	} while (!commit(t));
}

static int cmd_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vcpus", required_argument, NULL, 'c' },
		{ "nr-spis", required_argument, NULL, 's' },
		{ "vuart", no_argument, NULL, 'u' },
		{ NULL, 0, NULL, 0 },
	};
	struct build b = { .vcpus = 1 };
	int opt;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'c')
			b.vcpus = (unsigned int)atoi(optarg);
		else if (opt == 's')
			b.nr_spis = (unsigned int)atoi(optarg);
		else if (opt == 'u')
			b.vuart = 1;
		else
			return 2;
	}
	if (optind + 1 != argc)
		die("usage: xensim create NAME [--vcpus N] [--nr-spis N] "
		    "[--vuart]");
	b.name = argv[optind];
	/* libxl 4.17: the vpl011 needs SPI 32; --nr-spis acts as 4.19's. */
	if (b.vuart && b.nr_spis < 1)
		b.nr_spis = 1;
	build_domain(&b);
	write_domain_dir(&b);
	introduce(&b);
	if (b.vuart)
		write_vuart(&b);
	write_console(&b);
	hv_call(XS_OP_DOMAIN_UNPAUSE, b.domid, 0, 0);
	printf("%u\n", b.domid);
	return 0;
}

static char *domain_name(uint32_t domid)
{
	char path[64];
	unsigned int len;

	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	return xs_read(xs, XBT_NULL, path, &len);
}

/* A domid, or the domain whose xenstore name matches. */
static uint32_t lookup(const char *arg)
{
	struct xensim_dominfo info[XENSIM_MAX_DOMAINS];
	struct xensim_req req = {
		.op = XS_OP_DOMAIN_INFO, .b = XENSIM_MAX_DOMAINS,
	};
	char *end, *name;
	unsigned long id = strtoul(arg, &end, 10);
	int64_t n, i;

	if (*arg && !*end)
		return (uint32_t)id;
	n = xensim_call(&hv, &req, NULL, 0, info, sizeof(info), NULL);
	for (i = 1; i < n; i++) {
		name = domain_name(info[i].domid);
		if (name && !strcmp(name, arg)) {
			free(name);
			return info[i].domid;
		}
		free(name);
	}
	die("no domain named %s", arg);
}

/* libxl's destroy: the domain, then its xenstore directories. */
static int cmd_destroy(const char *arg)
{
	uint32_t domid = lookup(arg);
	char path[128];

	hv_call(XS_OP_DOMAIN_DESTROY, domid, 0, 0);
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xs_rm(xs, XBT_NULL, path);
	snprintf(path, sizeof(path), "/local/domain/0/backend/console/%u",
		 domid);
	xs_rm(xs, XBT_NULL, path);
	snprintf(path, sizeof(path), "/local/domain/0/backend/vuart/%u", domid);
	xs_rm(xs, XBT_NULL, path);
	snprintf(path, sizeof(path), "/vm/00000000-0000-0000-0000-%012x",
		 domid);
	xs_rm(xs, XBT_NULL, path);
	return 0;
}

static int cmd_list(void)
{
	struct xensim_dominfo info[XENSIM_MAX_DOMAINS];
	struct xensim_req req = {
		.op = XS_OP_DOMAIN_INFO, .b = XENSIM_MAX_DOMAINS,
	};
	int64_t n, i;
	char *name;

	n = xensim_call(&hv, &req, NULL, 0, info, sizeof(info), NULL);
	if (n < 0)
		die("domain list: %s", strerror((int)-n));
	printf("%-32s %5s %5s %s\n", "Name", "ID", "VCPUs", "State");
	for (i = 0; i < n; i++) {
		name = info[i].domid ? domain_name(info[i].domid) : NULL;
		printf("%-32s %5u %5u %s%s\n",
		       info[i].domid ? (name ? name : "(null)") : "Domain-0",
		       info[i].domid, info[i].max_vcpus,
		       info[i].flags & XS_DOM_PAUSED ? "p" : "r",
		       info[i].flags & XS_DOM_DYING ? "d" : "");
		free(name);
	}
	return 0;
}

static int cmd_hvlog(const char *text)
{
	struct xensim_req req = { .op = XS_OP_CONSOLE_WRITE };
	int64_t ret = xensim_call(&hv, &req, text, strlen(text), NULL, 0,
				  NULL);

	if (ret < 0)
		die("hvlog: %s", strerror((int)-ret));
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (xensim_connect(&hv, 0, 0) < 0)
		return 1;
	if (!strcmp(cmd, "hvlog") && argc == 3)
		return cmd_hvlog(argv[2]);
	xs = xs_open(0);
	if (!xs)
		die("cannot reach xenstored: %s", strerror(errno));
	if (!strcmp(cmd, "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(cmd, "destroy") && argc == 3)
		return cmd_destroy(argv[2]);
	if (!strcmp(cmd, "pause") && argc == 3)
		return (int)hv_call(XS_OP_DOMAIN_PAUSE, lookup(argv[2]), 0, 0);
	if (!strcmp(cmd, "unpause") && argc == 3)
		return (int)hv_call(XS_OP_DOMAIN_UNPAUSE, lookup(argv[2]), 0,
				    0);
	if (!strcmp(cmd, "list"))
		return cmd_list();
	fprintf(stderr, "usage: xensim create|destroy|pause|unpause|list|"
		"hvlog ...\n");
	return 2;
}
