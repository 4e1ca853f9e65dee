// SPDX-License-Identifier: GPL-2.0-only
/*
 * Confinement of an emulator process (see confine.h).
 *
 * The seccomp filter is classic BPF built at run time from the allowlist
 * table below, in the shape of Linux's
 * Documentation/userspace-api/seccomp_filter.rst and samples/seccomp:
 * check the architecture, load the call number, compare it with each
 * allowed call in turn (some with a test of one argument), and kill the
 * process on anything else.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/ioctl.h>
#include <linux/seccomp.h>

#include <xen/xen.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/privcmd.h>

#include "confine.h"
#include "errno_rc.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* (uid_t)-1 tells setresuid(2) "leave unchanged": no range may reach it. */
#define UID_LAST	((uid_t)-2)

#if defined(__x86_64__)
#define AUDIT_ARCH_OURS	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_OURS	AUDIT_ARCH_AARCH64
#else
#error "confine.c has an allowlist for x86_64 and aarch64 only"
#endif

/* ---- the uid range ------------------------------------------------------ */

/* passwd user name's uid in *uid: 1 found, 0 no such user, or -errno. */
static int passwd_uid(const char *name, uid_t *uid)
{
	struct passwd entry, *found;
	char buf[4096];
	int rc = getpwnam_r(name, &entry, buf, sizeof(buf), &found);

	/* getpwnam_r(3): some NSS modules say "no such user" with ENOENT. */
	if (rc && rc != ENOENT)
		return -rc;
	if (rc || !found)
		return 0;
	*uid = found->pw_uid;
	return 1;
}

/* base, base + 1, ... base + DOMID_FIRST_RESERVED (the default reaper). */
static bool range_fits(unsigned long long base)
{
	return base > 0 && base + DOMID_FIRST_RESERVED <= UID_LAST;
}

static int lookup_base(struct confine_range *r, long long option)
{
	uid_t uid;
	int rc;

	if (option >= 0) {
		if (!range_fits((unsigned long long)option))
			return -ERANGE;
		r->base = (uid_t)option;
		r->source = "option";
		return 0;
	}
	rc = passwd_uid(CONFINE_USER_RANGE_BASE, &uid);
	if (rc < 0)
		return rc;
	r->base = rc ? uid : CONFINE_DEFAULT_BASE;
	r->source = rc ? "passwd user " CONFINE_USER_RANGE_BASE :
			 "built-in default";
	return range_fits(r->base) ? 0 : -ERANGE;
}

static int lookup_reaper(struct confine_range *r)
{
	uid_t uid;
	int rc = passwd_uid(CONFINE_USER_REAPER, &uid);

	if (rc < 0)
		return rc;
	r->reaper = rc ? uid : r->base + DOMID_FIRST_RESERVED;
	r->reaper_source = rc ? "passwd user " CONFINE_USER_REAPER :
				"the uid past the range";
	return 0;
}

/* A reaper that is some emulator's uid would kill that emulator too. */
static bool reaper_apart(const struct confine_range *r)
{
	return r->reaper != 0 && r->reaper <= UID_LAST &&
	       (r->reaper < r->base ||
		r->reaper - r->base >= DOMID_FIRST_RESERVED);
}

int confine_range_lookup(struct confine_range *r, long long base_option)
{
	int rc = lookup_base(r, base_option);

	if (rc == 0)
		rc = lookup_reaper(r);
	if (rc == 0 && !reaper_apart(r))
		rc = -EINVAL;
	return rc;
}

uid_t confine_uid(const struct confine_range *r, uint32_t domid)
{
	return domid < DOMID_FIRST_RESERVED ? r->base + domid : (uid_t)-1;
}

/* ---- the seccomp allowlist ---------------------------------------------- */

enum arg_rule {
	ANY_ARGS,	/* the call alone decides */
	NONE_OF_BITS,	/* the argument has none of values[0]'s bits */
	ONE_OF,		/* the argument is one of values[] */
};

struct allowed_call {
	int nr;
	enum arg_rule rule;
	unsigned int arg;	/* which argument the rule reads */
	const uint32_t *values;
	unsigned int n_values;
};

#define ALLOW(call)	{ .nr = __NR_##call, .rule = ANY_ARGS }
#define ALLOW_IF(call, argument, how, list) \
	{ .nr = __NR_##call, .rule = how, .arg = argument, \
	  .values = list, .n_values = ARRAY_SIZE(list) }

/* mmap and mprotect: never executable memory, so nothing the guest writes
 * into the emulator's memory can become code. */
static const uint32_t exec_bit[] = { PROT_EXEC };

/*
 * What the restricted libxendevicemodel and libxenevtchn handles do once
 * the ioreq server is set up (numbers from Linux's uapi xen/privcmd.h and
 * xen/evtchn.h, as libxen-dev installs them in xen/sys/).  Mapping,
 * binding and restricting are done before confinement; the restricted
 * privcmd refuses raw hypercalls and other domains anyway, and these
 * keep even the kernel's refusal paths out of reach.
 */
static const uint32_t xen_ioctls[] = {
	IOCTL_PRIVCMD_DM_OP,	/* set_irq_level, nr_vcpus, ioreq server teardown */
	IOCTL_EVTCHN_NOTIFY,	/* xenevtchn_notify */
	IOCTL_EVTCHN_UNBIND,	/* xenevtchn_unbind, when a port is dropped */
};

/* Descriptor flags: O_NONBLOCK on and off, nothing that makes a new one. */
static const uint32_t fcntl_cmds[] = { F_GETFL, F_SETFL };

/*
 * Everything the emulator may do once confined; any other call kills it.
 * Extend with ALLOW(name) or ALLOW_IF(name, argument, rule, values); the
 * first entry for a call number decides.
 */
static const struct allowed_call allowlist[] = {
	/* The event loop (loop.c).  arm64 has no epoll_wait: glibc calls
	 * epoll_pwait there. */
#ifdef __NR_epoll_wait
	ALLOW(epoll_wait),
#endif
	ALLOW(epoll_pwait),
	ALLOW(epoll_ctl),
	/* Its timers, in one timerfd. */
	ALLOW(timerfd_settime),
	ALLOW(timerfd_gettime),
	/* The descriptors it holds: signalfd and timerfd reads, the event
	 * channel's pending ports (read) and unmasking (write), stderr. */
	ALLOW(read),
	ALLOW(write),
	ALLOW(readv),
	ALLOW(writev),
	/* The sockets it holds: the SEQPACKET socket to the daemon and, on
	 * the simulated Xen, every Xen library call; send(2) and recv(2)
	 * are sendto and recvfrom to the kernel. */
	ALLOW(sendmsg),
	ALLOW(recvmsg),
	ALLOW(sendto),
	ALLOW(recvfrom),
	/* A restarted daemon comes in through the listening socket it holds. */
	ALLOW(accept4),
	ALLOW(close),
	/* The Xen devices (above) and descriptor flags. */
	ALLOW_IF(ioctl, 1, ONE_OF, xen_ioctls),
	ALLOW_IF(fcntl, 1, ONE_OF, fcntl_cmds),
	/* Clocks, when the vDSO cannot answer. */
	ALLOW(clock_gettime),
	ALLOW(gettimeofday),
	/* Memory: malloc, and unmapping the guest's pages at teardown. */
	ALLOW_IF(mmap, 2, NONE_OF_BITS, exec_bit),
	ALLOW_IF(mprotect, 2, NONE_OF_BITS, exec_bit),
	ALLOW(munmap),
	ALLOW(mremap),
	ALLOW(brk),
	ALLOW(madvise),
	/* glibc's locks. */
	ALLOW(futex),
	/* Blocking signals (the loop reads them from its signalfd), and a
	 * handler's return. */
	ALLOW(rt_sigprocmask),
	ALLOW(rt_sigreturn),
	/* glibc asks for these (stdio's buffering asks what its stream is;
	 * the root is empty, so a path finds nothing). */
	ALLOW(getpid),
	ALLOW(gettid),
	ALLOW(fstat),
	ALLOW(newfstatat),
	ALLOW(exit),
	ALLOW(exit_group),
#ifdef __SANITIZE_ADDRESS__
	/* AddressSanitizer's __asan_handle_no_return asks where the signal
	 * stack is before every call that does not return (_exit too). */
	ALLOW(sigaltstack),
#endif
};

/* Classic BPF's jump offsets are 8 bits: a rule's body must fit. */
#define RULE_BODY_MAX	255u
#define PROGRAM_MAX	256u

struct program {
	struct sock_filter insn[PROGRAM_MAX];
	unsigned int len;
};

static void put(struct program *prog, struct sock_filter insn)
{
	prog->insn[prog->len++] = insn;
}

/* linux/filter.h's initializers, as values. */
#define STMT(code, k)	((struct sock_filter)BPF_STMT((code), (k)))
#define JUMP(test, k, jt, jf) \
	((struct sock_filter)BPF_JUMP(BPF_JMP | (test) | BPF_K, (k), (jt), (jf)))
#define LOAD(offset)	STMT(BPF_LD | BPF_W | BPF_ABS, (offset))
#define RETURN(action)	STMT(BPF_RET | BPF_K, (action))
/* SECCOMP_RET_KILL_PROCESS, not an errno: an emulator that calls outside
 * its list was taken over (or is broken), and must stop at once. */
#define KILL		RETURN(SECCOMP_RET_KILL_PROCESS)

/* The low 32 bits of argument n (both our architectures are
 * little-endian); ioctl's and fcntl's cmd are unsigned int to the kernel,
 * and PROT_EXEC is in the low word. */
static uint32_t arg_low_offset(unsigned int n)
{
	return (uint32_t)(offsetof(struct seccomp_data, args) +
			  n * sizeof(__u64));
}

/* Instructions after a rule's call-number test. */
static unsigned int body_length(const struct allowed_call *c)
{
	switch (c->rule) {
	case NONE_OF_BITS:
		return 4;
	case ONE_OF:
		return c->n_values + 3;
	default:
		return 1;
	}
}

/*
 * Another architecture's call (i386's int 0x80 on x86_64, arm32 on arm64)
 * would be read against our numbers: kill it; then load the number.
 */
static const struct sock_filter prologue[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_OURS, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
#ifdef __x86_64__
	/* x32 calls share AUDIT_ARCH_X86_64 and are marked only by this bit
	 * (seccomp_filter.rst): reject the whole ABI here rather than rely
	 * on no entry below ever matching one. */
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, __X32_SYSCALL_BIT, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
#endif
};

static unsigned int program_length(void)
{
	unsigned int i, len = ARRAY_SIZE(prologue) + 1;	/* + the last KILL */

	for (i = 0; i < ARRAY_SIZE(allowlist); i++) {
		if (body_length(&allowlist[i]) > RULE_BODY_MAX)
			return UINT32_MAX;
		len += 1 + body_length(&allowlist[i]);
	}
	return len;
}

/* With the call number in A: not this call, skip the body (A is kept);
 * this call, decide and return. */
static void put_rule(struct program *prog, const struct allowed_call *c)
{
	unsigned int i, n = c->n_values;

	put(prog, JUMP(BPF_JEQ, (uint32_t)c->nr, 0, body_length(c)));
	switch (c->rule) {
	case NONE_OF_BITS:
		put(prog, LOAD(arg_low_offset(c->arg)));
		put(prog, JUMP(BPF_JSET, c->values[0], 0, 1));
		put(prog, KILL);
		break;
	case ONE_OF:
		put(prog, LOAD(arg_low_offset(c->arg)));
		/* A match jumps over the other values and the KILL. */
		for (i = 0; i < n; i++)
			put(prog, JUMP(BPF_JEQ, c->values[i], n - i, 0));
		put(prog, KILL);
		break;
	default:
		break;
	}
	put(prog, RETURN(SECCOMP_RET_ALLOW));
}

static int build_program(struct program *prog)
{
	unsigned int i;

	if (program_length() > PROGRAM_MAX)
		return -E2BIG;
	memcpy(prog->insn, prologue, sizeof(prologue));
	prog->len = ARRAY_SIZE(prologue);
	for (i = 0; i < ARRAY_SIZE(allowlist); i++)
		put_rule(prog, &allowlist[i]);
	put(prog, KILL);
	return 0;
}

/* ---- the steps of confine_self ------------------------------------------ */

static const struct {
	int flag;
	const char *name;
} namespaces[] = {
	/* Its own mount table (made private below). */
	{ CLONE_NEWNS, "mount" },
	/* No System V IPC object or POSIX message queue of dom0's. */
	{ CLONE_NEWIPC, "IPC" },
	/* No interface but a down loopback, and no abstract unix socket of
	 * dom0's (sockets it already holds keep working). */
	{ CLONE_NEWNET, "network" },
};

struct confinement {
	const struct confine_plan *plan;
	int refused[ARRAY_SIZE(namespaces)];	/* errno, or 0: unshared */
};

static int check_plan(struct confinement *c)
{
	const struct confine_plan *p = c->plan;

	/* Root, or (uid_t)-1 which setresuid(2) reads as "unchanged". */
	if (p->uid == 0 || p->gid == 0 || p->uid == (uid_t)-1 ||
	    p->gid == (gid_t)-1)
		return -EINVAL;
	if (!p->empty_dir || p->empty_dir[0] != '/' || p->max_fd < 0)
		return -EINVAL;
	return 0;
}

/*
 * Should the emulator ever mount (it may not: no capability, no mount
 * call), nothing may propagate back into dom0: systemd makes dom0's
 * mounts shared, and a new namespace's copies are their peers until
 * made private (mount_namespaces(7)).
 */
static int make_mounts_private(void)
{
	return mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ? -errno : 0;
}

/*
 * Each namespace apart: one the kernel refuses (EPERM without
 * CAP_SYS_ADMIN or inside a container, EINVAL when not built in,
 * ENOSPC when user.max_*_namespaces is 0) leaves the others to be
 * unshared; confine_self says which were kept.
 */
static int unshare_namespaces(struct confinement *c)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(namespaces); i++) {
		int err = unshare(namespaces[i].flag) < 0 ? errno : 0;

		if (err && err != EPERM && err != EINVAL && err != ENOSPC)
			return -err;
		c->refused[i] = err;
		if (!err && namespaces[i].flag == CLONE_NEWNS) {
			int rc = make_mounts_private();

			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Every emulator's root: only root may change it. */
static int check_root_owned(int dir)
{
	struct stat st;

	if (fstat(dir, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)))
		return -EPERM;
	return 0;
}

static int check_empty(int dir)
{
	struct dirent *d;
	DIR *list;
	int rc = 0, fd = openat(dir, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	list = fdopendir(fd);
	if (!list) {
		rc = errno_rc();
		close(fd);
		return rc;
	}
	while (rc == 0 && (errno = 0, d = readdir(list)) != NULL)
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			rc = -ENOTEMPTY;
	if (rc == 0 && errno)
		rc = -errno;
	closedir(list);
	return rc;
}

/*
 * chroot(2) through the checked descriptor, so that what was checked is
 * what becomes the root.  tzset first: glibc reads /etc/localtime once
 * here, and localtime_r keeps that zone without looking again.
 */
static int enter_empty_root(struct confinement *c)
{
	const char *path = c->plan->empty_dir;
	int dir, rc;

	tzset();
	if (mkdir(path, 0555) < 0 && errno != EEXIST)
		return -errno;
	dir = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	rc = check_root_owned(dir);
	if (rc == 0)
		rc = check_empty(dir);
	if (rc == 0 && (fchdir(dir) < 0 || chroot(".") < 0 || chdir("/") < 0))
		rc = errno_rc();
	close(dir);
	return rc;
}

static int limit(int resource, rlim_t value)
{
	struct rlimit rl = { .rlim_cur = value, .rlim_max = value };

	return setrlimit(resource, &rl) < 0 ? -errno : 0;
}

/*
 * Soft and hard: without CAP_SYS_RESOURCE they cannot be raised again.
 * No RLIMIT_AS: the guest's mapped pages and a sanitizer's shadow make
 * any address-space figure either useless or fatal.
 */
static int limit_resources(struct confinement *c)
{
	const struct {
		int resource;
		rlim_t value;
	} limits[] = {
		/* No process: fork and clone fail even past the allowlist. */
		{ RLIMIT_NPROC, 0 },
		/* No file grows. */
		{ RLIMIT_FSIZE, 0 },
		/* A crash writes no core full of guest data. */
		{ RLIMIT_CORE, 0 },
		/* No host memory pinned through mmap(MAP_LOCKED). */
		{ RLIMIT_MEMLOCK, 0 },
		/* No descriptor beyond those held. */
		{ RLIMIT_NOFILE, (rlim_t)c->plan->max_fd + 1 },
	};
	unsigned int i;
	int rc = 0;

	for (i = 0; rc == 0 && i < ARRAY_SIZE(limits); i++)
		rc = limit(limits[i].resource, limits[i].value);
	return rc;
}

/* All three ids, so that none is left to switch back to (glibc applies
 * them to every thread). */
static int become_guest(struct confinement *c)
{
	const struct confine_plan *p = c->plan;

	if (setgroups(0, NULL) < 0 || setresgid(p->gid, p->gid, p->gid) < 0 ||
	    setresuid(p->uid, p->uid, p->uid) < 0)
		return -errno;
	return 0;
}

static int check_no_capabilities(void)
{
	struct __user_cap_header_struct head = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	unsigned int i;

	if (syscall(SYS_capget, &head, data) < 0)
		return -errno;
	/* The ambient set is a subset of the permitted one. */
	for (i = 0; i < ARRAY_SIZE(data); i++)
		if (data[i].effective || data[i].permitted || data[i].inheritable)
			return -EPERM;
	return 0;
}

/*
 * No new privileges: no set-id or file-capability exec, and the
 * precondition of an unprivileged seccomp filter.  Not dumpable: no
 * process of the same uid may ptrace it or read its memory through /proc,
 * and no core.  Then check that setresuid left no capability.
 */
static int drop_privileges(struct confinement *c)
{
	(void)c;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return -errno;
	return check_no_capabilities();
}

/*
 * For every thread (TSYNC): one left out would be an open door.  The
 * READ_IMPLIES_EXEC personality would make any readable mapping
 * executable behind the PROT_EXEC rule: it goes first.
 */
static int install_allowlist(struct confinement *c)
{
	struct program prog;
	struct sock_fprog fprog = { .filter = prog.insn };
	int persona = personality(0xffffffff);
	long rc;

	(void)c;
	if (persona < 0)
		return -errno;
	if ((persona & READ_IMPLIES_EXEC) &&
	    personality((unsigned long)persona & ~READ_IMPLIES_EXEC) < 0)
		return -errno;
	rc = build_program(&prog);
	if (rc)
		return (int)rc;
	fprog.len = (unsigned short)prog.len;
	rc = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_TSYNC, &fprog);
	if (rc < 0)
		return -errno;
	/* A positive value is a thread that could not take the filter. */
	return rc ? -EBUSY : 0;
}

/* In this order: the root while root may still make and enter it, the
 * identity while capabilities allow it, the filter last as it forbids
 * everything before it. */
static const struct {
	const char *name;
	int (*run)(struct confinement *c);
} steps[] = {
	{ "plan", check_plan },
	{ "namespaces", unshare_namespaces },
	{ "empty root", enter_empty_root },
	{ "resource limits", limit_resources },
	{ "uid and gid", become_guest },
	{ "privileges", drop_privileges },
	{ "seccomp allowlist", install_allowlist },
};

static void say_refused(const struct confinement *c, char *why, size_t len)
{
	unsigned int i;

	if (!len)
		return;
	why[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(namespaces); i++) {
		size_t used = strlen(why);

		if (c->refused[i])
			snprintf(why + used, len - used,
				 "%skept dom0's %s namespace (%s)",
				 used ? ", " : "", namespaces[i].name,
				 strerror(c->refused[i]));
	}
}

int confine_self(const struct confine_plan *p, char *why, size_t why_len)
{
	struct confinement c = { .plan = p };
	unsigned int i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(steps); i++) {
		rc = steps[i].run(&c);
		if (rc) {
			snprintf(why, why_len, "%s: %s", steps[i].name,
				 strerror(-rc));
			return rc;
		}
	}
	say_refused(&c, why, why_len);
	return 0;
}

/* ---- the reaper --------------------------------------------------------- */

/*
 * In the reaper child; returns its exit status: 0 or an errno.  kill(2)
 * lets a sender whose real or effective uid is a process's real or saved
 * uid signal it: effective target reaches every process of target's.
 * Real reaper (a uid nothing runs as) and saved root: no process of
 * target's may signal or ptrace this one back (libxl_dm.c,
 * kill_device_model_uid_child).  The effective uid leaving 0 cleared
 * the effective capabilities (capabilities(7)), so CAP_KILL does not
 * widen the kill.  kill(-1) walks the process list under the lock fork
 * takes, so no child escapes by being born during it.
 */
static int kill_all_of(uid_t target, uid_t reaper)
{
	if (setresuid(reaper, target, 0) < 0)
		return errno;
	if (kill(-1, SIGKILL) < 0 && errno != ESRCH)
		return errno;
	return 0;
}

int confine_reap(uid_t target, uid_t reaper)
{
	int status;
	pid_t pid;

	if (target == 0 || reaper == 0 || target == reaper ||
	    target > UID_LAST || reaper > UID_LAST)
		return -EINVAL;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(kill_all_of(target, reaper));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	/* Killed: by whom, the reaper's uid being no one's? */
	if (!WIFEXITED(status))
		return -ECANCELED;
	return -WEXITSTATUS(status);
}
