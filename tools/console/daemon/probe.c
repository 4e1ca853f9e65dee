// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hostile emulator's attempts (see probe.h).  Each reports through
 * the daemon's log, as one line:
 *   "probe NAME: trying", then "probe NAME: succeeded" or
 *   "probe NAME: refused (EPERM)"
 * A seccomp kill leaves only "trying" (and the daemon counts the kill).
 *
 * PL011_PROBE_DOMID names the other domain (default 0, dom0).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "evtchn.h"
#include "log.h"
#include "probe.h"

#include <xen/memory.h>

/* struct privcmd_hypercall and its ioctl, from Linux's xen/privcmd.h. */
struct probe_hypercall {
	uint64_t op, arg[5];
};
#define PROBE_IOCTL_HYPERCALL	_IOC(_IOC_NONE, 'P', 0, sizeof(struct probe_hypercall))
#define PROBE_XEN_VERSION	17	/* __HYPERVISOR_xen_version */

struct probe_ctx {
	uint32_t self, other;
	xendevicemodel_handle *xdm;
	xenforeignmemory_handle *xfm;
	struct evtchn *evtchn;
};

static void say(const char *name, const char *what)
{
	log_msg(LOG_NOTICE, "probe %s: %s", name, what);
}

/* rc < 0 with errno set: refused; else succeeded. */
static void outcome(const char *name, long rc)
{
	char what[64];

	if (rc >= 0) {
		say(name, "succeeded");
		return;
	}
	snprintf(what, sizeof(what), "refused (%s)",
		 strerrorname_np(errno) ?: "?");
	say(name, what);
}

static long map_memory(const struct probe_ctx *c)
{
	xen_pfn_t gfn = 0x39000;	/* GUEST_MAGIC_BASE >> 12 on Arm */
	int err = 0;
	void *p = xenforeignmemory_map(c->xfm, c->other, PROT_READ, 1, &gfn,
				       &err);

	if (!p)
		return -1;
	if (err) {
		errno = -err;
		return -1;
	}
	xenforeignmemory_unmap(c->xfm, p, 1);
	return 0;
}

static long map_ioreq_page(const struct probe_ctx *c)
{
	void *page = NULL;
	xenforeignmemory_resource_handle *res =
		xenforeignmemory_map_resource(c->xfm, c->other,
			XENMEM_resource_ioreq_server, 0,
			XENMEM_resource_ioreq_server_frame_ioreq(0), 1, &page,
			PROT_READ | PROT_WRITE, 0);

	if (!res)
		return -1;
	xenforeignmemory_unmap_resource(c->xfm, res);
	return 0;
}

static long create_server(const struct probe_ctx *c)
{
	ioservid_t id;

	if (xendevicemodel_create_ioreq_server(c->xdm, c->other,
					       HVM_IOREQSRV_BUFIOREQ_OFF, &id) < 0)
		return -1;
	xendevicemodel_destroy_ioreq_server(c->xdm, c->other, id);
	return 0;
}

static long set_irq(const struct probe_ctx *c)
{
	return xendevicemodel_set_irq_level(c->xdm, c->other, 33, 0);
}

/* A page no guest device uses, claimed for the other domain's server. */
static long map_range(const struct probe_ctx *c)
{
	return xendevicemodel_map_io_range_to_ioreq_server(c->xdm, c->other,
			0, 1, 0x7f000000, 0x7f000fff);
}

static void ignore_port(void *ctx, uint32_t port)
{
	(void)ctx;
	(void)port;
}

/* Any of the other domain's first ports: the first that binds wins. */
static long bind_port(const struct probe_ctx *c)
{
	int port = -EINVAL;

	for (uint32_t remote = 1; remote < 64 && port < 0; remote++)
		port = evtchn_bind_interdomain(c->evtchn, c->other, remote,
					       ignore_port, NULL);
	if (port < 0) {
		errno = -port;
		return -1;
	}
	evtchn_unbind(c->evtchn, (uint32_t)port);
	return 0;
}

/* A port this handle never bound: another domain's, or nobody's. */
static long notify_port(const struct probe_ctx *c)
{
	int rc = evtchn_notify(c->evtchn, 4095);

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

/* The raw hypercall ioctl on every descriptor held: one is privcmd's. */
static long hypercall(const struct probe_ctx *c)
{
	struct probe_hypercall hc = { .op = PROBE_XEN_VERSION };
	long rc = -1;
	int err = ENODEV;

	(void)c;
	for (int fd = 0; fd < 1024; fd++) {
		if (fcntl(fd, F_GETFD) < 0)
			continue;
		rc = ioctl(fd, PROBE_IOCTL_HYPERCALL, &hc);
		if (rc >= 0)
			return rc;
		if (errno != ENOTTY && errno != EINVAL)
			err = errno;	/* the privcmd's answer */
	}
	errno = err;
	return -1;
}

static long open_file(const struct probe_ctx *c)
{
	int fd = open("/proc/self/status", O_RDONLY);

	(void)c;
	if (fd >= 0)
		close(fd);
	return fd;
}

static long create_file(const struct probe_ctx *c)
{
	char path[64];
	int fd;

	(void)c;
	snprintf(path, sizeof(path), "/tmp/pl011-probe-%ld", (long)getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return -1;
	close(fd);
	return unlink(path);
}

static long unlink_file(const struct probe_ctx *c)
{
	(void)c;
	/* A name that does not exist: the call itself is what is tested. */
	if (unlink("/pl011-probe-no-such-file") < 0 && errno == ENOENT)
		return 0;
	return -1;
}

static long exec_program(const struct probe_ctx *c)
{
	char *argv[] = { "sh", "-c", "echo 'probe execve: succeeded' >&2",
			 NULL };

	(void)c;
	return execv("/bin/sh", argv);
}

static long fork_process(const struct probe_ctx *c)
{
	pid_t pid = fork();

	(void)c;
	if (pid == 0)
		_exit(0);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return pid;
}

static long open_socket(const struct probe_ctx *c)
{
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	(void)c;
	if (fd >= 0)
		close(fd);
	return fd;
}

/* Signal 0 checks the permission and delivers nothing. */
static long signal_daemon(const struct probe_ctx *c)
{
	(void)c;
	return kill(getppid(), 0);
}

static long trace_daemon(const struct probe_ctx *c)
{
	pid_t daemon = getppid();

	(void)c;
	if (ptrace(PTRACE_SEIZE, daemon, 0, 0) < 0)
		return -1;
	ptrace(PTRACE_DETACH, daemon, 0, 0);	/* also when we exit */
	return 0;
}

static long map_executable(const struct probe_ctx *c)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)c;
	if (p == MAP_FAILED)
		return -1;
	munmap(p, 4096);
	return 0;
}

static const struct {
	const char *name;
	long (*attempt)(const struct probe_ctx *c);
} probes[] = {
	{ "map-memory", map_memory },
	{ "map-ioreq-page", map_ioreq_page },
	{ "create-server", create_server },
	{ "set-irq", set_irq },
	{ "map-range", map_range },
	{ "bind-port", bind_port },
	{ "notify-port", notify_port },
	{ "hypercall", hypercall },
	{ "open", open_file },
	{ "create", create_file },
	{ "unlink", unlink_file },
	{ "execve", exec_program },
	{ "fork", fork_process },
	{ "socket", open_socket },
	{ "signal", signal_daemon },
	{ "ptrace", trace_daemon },
	{ "mmap-exec", map_executable },
};

bool probe_unconfined(void)
{
	const char *v = getenv("PL011_PROBE_UNCONFINED");

	return v && !strcmp(v, "1");
}

void probe_run(uint32_t domid, xendevicemodel_handle *xdm,
	       xenforeignmemory_handle *xfm, struct evtchn *evtchn)
{
	const char *name = getenv("PL011_PROBE");
	const char *other = getenv("PL011_PROBE_DOMID");
	struct probe_ctx c = { domid, other ? (uint32_t)atoi(other) : 0,
			       xdm, xfm, evtchn };

	if (!name)
		return;
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (strcmp(name, probes[i].name))
			continue;
		say(name, "trying");
		outcome(name, probes[i].attempt(&c));
		return;
	}
	say(name, "unknown");
}
