// SPDX-License-Identifier: GPL-2.0-only
/*
 * confine.c against the kernel.  Needs root (it changes uids, chroots,
 * unshares and installs seccomp filters, each in a forked child); skips
 * otherwise.
 *
 * Every forbidden operation runs twice: in a child that confined itself,
 * which must die of SIGSYS, and in one that did not, which must succeed
 * (so that the test can fail).  Every allowed operation must still work
 * confined.  The parent reads a confined child's ids, capabilities,
 * limits, root and namespaces from /proc; confine_self must refuse a bad
 * plan or root; confine_reap must kill all of one uid's processes and
 * none of another's; confine_range_lookup takes the option over passwd
 * over its default (passwd through a bind mount in a mount namespace).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <xen/xen.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/privcmd.h>

#include "confine.h"
#include "tap.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A range of its own, away from the daemon's default one, so that a
 * reap here can never touch an emulator a daemon runs. */
#define TEST_BASE	(CONFINE_DEFAULT_BASE + 0x100000u)
/* Every child holds fewer descriptors than this. */
#define TEST_MAX_FD	63
/* Child exit statuses that are not an operation's errno. */
#define EXIT_ERRNO_MAX	123
#define EXIT_PREPARE	124
#define EXIT_CONFINE	125
/* A child still running after this long is broken, not slow: SIGALRM
 * (set before confinement, so no call is needed) ends it. */
#define CHILD_SECONDS	10

static char tmpdir[] = "/tmp/confine-test.XXXXXX";
static char empty_dir[PATH_MAX];
static struct confine_range range;
/* The confined children's, the reaped and the spared uids. */
static uid_t op_uid, reaped_uid, spared_uid;

static const char probe_byte = 'p';
/* The test's pid, known before confinement: getppid is not allowed. */
static pid_t parent_pid;

static void path_in_tmp(char *buf, const char *name)
{
	snprintf(buf, PATH_MAX, "%s/%s", tmpdir, name);
}

/* ---- running an operation in a child ------------------------------------ */

/* What prepare (unconfined) leaves for act (confined or not). */
struct op_state {
	int fd[2];
	int fd2[2];
	int extra;
	void *page;
};

struct op {
	const char *name;
	int (*prepare)(struct op_state *s);	/* 0 or an errno; may be NULL */
	int (*act)(struct op_state *s);		/* 0 when it worked, or errno */
	bool may_lack_abi;	/* an unconfined failure means no such ABI */
};

struct report {
	int rc;			/* confine_self's */
	char why[160];
};

struct outcome {
	int status;		/* waitpid's */
	struct report report;
};

static struct confine_plan test_plan(uid_t uid, const char *dir)
{
	return (struct confine_plan){
		.uid = uid, .gid = uid, .empty_dir = dir, .max_fd = TEST_MAX_FD,
	};
}

static int exit_code(int err)
{
	return err <= EXIT_ERRNO_MAX ? err : EXIT_ERRNO_MAX;
}

static int child_main(const struct op *op, const struct confine_plan *plan,
		      int report_fd)
{
	struct op_state s = { .fd = { -1, -1 }, .fd2 = { -1, -1 }, .extra = -1 };
	struct report r = { .rc = 0 };

	alarm(CHILD_SECONDS);
	if (op->prepare && op->prepare(&s))
		return EXIT_PREPARE;
	if (plan)
		r.rc = confine_self(plan, r.why, sizeof(r.why));
	if (write(report_fd, &r, sizeof(r)) != sizeof(r) || r.rc)
		return EXIT_CONFINE;
	return exit_code(op->act(&s));
}

/* What the child said of its confine_self, or -ENODATA. */
static void read_report(int fd, struct report *r)
{
	struct report got;

	if (read(fd, &got, sizeof(got)) == sizeof(got))
		*r = got;
	else
		r->rc = -ENODATA;
}

/* plan NULL: the operation unconfined. */
static void run_op(const struct op *op, const struct confine_plan *plan,
		   struct outcome *out)
{
	int report[2];
	pid_t pid;

	memset(out, 0, sizeof(*out));
	if (pipe2(report, O_CLOEXEC))
		abort();
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		close(report[0]);
		_exit(child_main(op, plan, report[1]));
	}
	close(report[1]);
	read_report(report[0], &out->report);
	close(report[0]);
	waitpid(pid, &out->status, 0);
}

static void describe(const struct outcome *out)
{
	int st = out->status;

	if (WIFSIGNALED(st))
		diag("  killed by signal %d (%s)", WTERMSIG(st),
		     strsignal(WTERMSIG(st)));
	else if (WEXITSTATUS(st) == EXIT_PREPARE)
		diag("  its preparation failed");
	else if (WEXITSTATUS(st) == EXIT_CONFINE)
		diag("  confine_self: %d (%s)", out->report.rc, out->report.why);
	else
		diag("  exited %d (%s)", WEXITSTATUS(st),
		     strerror(WEXITSTATUS(st)));
}

static bool exited_ok(const struct outcome *out)
{
	return WIFEXITED(out->status) && WEXITSTATUS(out->status) == 0;
}

static bool killed_by_sigsys(const struct outcome *out)
{
	return WIFSIGNALED(out->status) && WTERMSIG(out->status) == SIGSYS;
}

static void expect(bool passed, const struct outcome *out, const char *what,
		   const char *name)
{
	if (!ok(passed, "%s: %s", name, what))
		describe(out);
}

/* ---- forbidden operations ----------------------------------------------- */

static int err_of(long rc)
{
	return rc < 0 ? errno : 0;
}

static int open_existing(struct op_state *s)
{
	char path[PATH_MAX];
	int fd;

	(void)s;
	path_in_tmp(path, "existing");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int create_file(struct op_state *s)
{
	char path[PATH_MAX];
	int fd;

	(void)s;
	path_in_tmp(path, "created");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int make_victim(struct op_state *s)
{
	char path[PATH_MAX];
	int fd;

	(void)s;
	path_in_tmp(path, "victim");
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int unlink_victim(struct op_state *s)
{
	char path[PATH_MAX];

	(void)s;
	path_in_tmp(path, "victim");
	return err_of(unlink(path));
}

static int exec_true(struct op_state *s)
{
	(void)s;
	execl("/bin/true", "true", (char *)NULL);
	return errno;
}

static int fork_child(struct op_state *s)
{
	int status;
	pid_t pid = fork();

	(void)s;
	if (pid < 0)
		return errno;
	if (pid == 0)
		_exit(0);
	return err_of(waitpid(pid, &status, 0));
}

static int make_socket(struct op_state *s)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	(void)s;
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int signal_parent(struct op_state *s)
{
	(void)s;
	return err_of(kill(parent_pid, 0));
}

/* PTRACE_SEIZE rather than PTRACE_ATTACH: attached, the unconfined run
 * would stop the test itself.  Exiting detaches. */
static int trace_parent(struct op_state *s)
{
	(void)s;
	return err_of(ptrace(PTRACE_SEIZE, parent_pid, 0, 0));
}

static int read_parent_memory(struct op_state *s)
{
	char byte = 0;
	struct iovec local = { &byte, 1 };
	struct iovec remote = { (void *)(uintptr_t)&probe_byte, 1 };

	(void)s;
	if (process_vm_readv(parent_pid, &local, 1, &remote, 1, 0) != 1)
		return errno ? errno : EIO;
	return byte == probe_byte ? 0 : EIO;
}

static int map_executable(struct op_state *s)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)s;
	return p == MAP_FAILED ? errno : 0;
}

static int map_page(struct op_state *s)
{
	s->page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return s->page == MAP_FAILED ? errno : 0;
}

static int make_executable(struct op_state *s)
{
	return err_of(mprotect(s->page, 4096, PROT_READ | PROT_EXEC));
}

static int become_root(struct op_state *s)
{
	(void)s;
	return err_of(setuid(0));
}

static int make_pipe(struct op_state *s)
{
	return pipe2(s->fd, O_CLOEXEC) < 0 ? errno : 0;
}

static int ioctl_fionread(struct op_state *s)
{
	int n;

	return err_of(ioctl(s->fd[0], FIONREAD, &n));
}

static int fcntl_dupfd(struct op_state *s)
{
	return err_of(fcntl(s->fd[0], F_DUPFD_CLOEXEC, 0));
}

/* A second thread, started before confinement, tries open when told and
 * passes on what it got. */
static void *open_when_told(void *arg)
{
	struct op_state *s = arg;
	int err;
	char c;

	if (read(s->fd[0], &c, 1) != 1)
		return NULL;
	err = open_existing(s);
	(void)!write(s->fd2[1], &err, sizeof(err));
	return NULL;
}

static int start_thread(struct op_state *s)
{
	pthread_t thread;

	if (pipe2(s->fd, O_CLOEXEC) || pipe2(s->fd2, O_CLOEXEC))
		return errno;
	return pthread_create(&thread, NULL, open_when_told, s);
}

/* The filter is every thread's (TSYNC), and its kill the whole
 * process's: this one never hears back. */
static int thread_opens(struct op_state *s)
{
	int err = EIO;

	if (write(s->fd[1], "g", 1) != 1 ||
	    read(s->fd2[0], &err, sizeof(err)) != sizeof(err))
		return errno ? errno : EIO;
	return err;
}

#ifdef __x86_64__
/* Whatever the kernel answers (no x32 here gives ENOSYS): reaching the
 * return is the success. */
static int x32_getpid(struct op_state *s)
{
	(void)s;
	syscall(__X32_SYSCALL_BIT | __NR_getpid);
	return 0;
}

/* SIGSEGV back to its default past AddressSanitizer's sigaction
 * interceptor, with the kernel's own call: where the kernel has no i386
 * ABI, int 0x80 faults, and that is only a skip. */
static int default_segv(struct op_state *s)
{
	struct {
		void *handler, *flags, *restorer;
		uint64_t mask;
	} act = { .handler = NULL };	/* SIG_DFL */

	(void)s;
	return err_of(syscall(SYS_rt_sigaction, SIGSEGV, &act, NULL,
			      sizeof(act.mask)));
}

/* i386's getpid (20) is x86_64's writev: only the architecture check
 * tells them apart. */
static int i386_getpid(struct op_state *s)
{
	long pid = 20;

	(void)s;
	__asm__ volatile("int $0x80" : "+a"(pid) : : "r8", "r9", "r10", "r11",
			 "memory");
	return pid == getpid() ? 0 : EIO;
}
#endif

static const struct op forbidden[] = {
	{ "open an existing file", NULL, open_existing, false },
	{ "create a file", NULL, create_file, false },
	{ "unlink a file", make_victim, unlink_victim, false },
	{ "execve /bin/true", NULL, exec_true, false },
	{ "fork", NULL, fork_child, false },
	{ "socket(AF_UNIX)", NULL, make_socket, false },
	{ "kill(parent_pid, 0)", NULL, signal_parent, false },
	{ "ptrace the parent", NULL, trace_parent, false },
	{ "process_vm_readv of the parent", NULL, read_parent_memory, false },
	{ "mmap PROT_EXEC", NULL, map_executable, false },
	{ "mprotect to PROT_EXEC", map_page, make_executable, false },
	{ "setuid(0)", NULL, become_root, false },
	{ "ioctl FIONREAD (not a Xen command)", make_pipe, ioctl_fionread, false },
	{ "fcntl F_DUPFD_CLOEXEC", make_pipe, fcntl_dupfd, false },
	{ "open in a second thread", start_thread, thread_opens, false },
#ifdef __x86_64__
	{ "an x32 call", NULL, x32_getpid, false },
	{ "an i386 call (int 0x80)", default_segv, i386_getpid, true },
#endif
};

static void test_forbidden(const struct op *op)
{
	struct confine_plan plan = test_plan(op_uid, empty_dir);
	struct outcome control, confined;

	run_op(op, NULL, &control);
	if (op->may_lack_abi && !exited_ok(&control)) {
		ok(true, "# SKIP %s: no such ABI on this kernel", op->name);
		return;
	}
	expect(exited_ok(&control), &control, "works unconfined", op->name);
	run_op(op, &plan, &confined);
	expect(killed_by_sigsys(&confined), &confined, "confined, killed by SIGSYS",
	       op->name);
}

/* ---- allowed operations ------------------------------------------------- */

static int pipe_round_trip(struct op_state *s)
{
	char c = 0;

	if (write(s->fd[1], "w", 1) != 1 || read(s->fd[0], &c, 1) != 1)
		return errno ? errno : EIO;
	return c == 'w' ? 0 : EIO;
}

static int make_epoll(struct op_state *s)
{
	int rc = make_pipe(s);

	if (rc)
		return rc;
	s->extra = epoll_create1(EPOLL_CLOEXEC);
	if (s->extra < 0)
		return errno;
	return write(s->fd[1], "e", 1) == 1 ? 0 : EIO;
}

static int epoll_on_pipe(struct op_state *s)
{
	struct epoll_event ev = { .events = EPOLLIN };
	sigset_t none;

	sigemptyset(&none);
	if (epoll_ctl(s->extra, EPOLL_CTL_ADD, s->fd[0], &ev) < 0)
		return errno;
	if (epoll_wait(s->extra, &ev, 1, 1000) != 1 ||
	    epoll_pwait(s->extra, &ev, 1, 1000, &none) != 1)
		return errno ? errno : EIO;
	return ev.events & EPOLLIN ? 0 : EIO;
}

static int make_timerfd(struct op_state *s)
{
	s->extra = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	return s->extra < 0 ? errno : 0;
}

static int timerfd_fires(struct op_state *s)
{
	struct itimerspec in = { .it_value.tv_nsec = 1000000 }, left;
	uint64_t expirations = 0;

	if (timerfd_settime(s->extra, 0, &in, NULL) < 0 ||
	    timerfd_gettime(s->extra, &left) < 0)
		return errno;
	if (read(s->extra, &expirations, sizeof(expirations)) !=
	    sizeof(expirations))
		return errno ? errno : EIO;
	return expirations ? 0 : EIO;
}

static int make_signalfd(struct op_state *s)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return errno;
	s->extra = signalfd(-1, &set, SFD_CLOEXEC);
	if (s->extra < 0)
		return errno;
	return err_of(kill(getpid(), SIGUSR1));
}

static int signalfd_read(struct op_state *s)
{
	struct signalfd_siginfo info;

	if (read(s->extra, &info, sizeof(info)) != sizeof(info))
		return errno ? errno : EIO;
	return info.ssi_signo == SIGUSR1 ? 0 : EIO;
}

static int make_socketpair(struct op_state *s)
{
	return err_of(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
				 s->fd));
}

static int exchange(int from, int to)
{
	char out = 'm', in = 0;
	struct iovec iov = { &out, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (sendmsg(from, &msg, 0) != 1)
		return errno;
	iov.iov_base = &in;
	if (recvmsg(to, &msg, 0) != 1 || in != out)
		return errno ? errno : EIO;
	if (send(to, "s", 1, 0) != 1 || recv(from, &in, 1, 0) != 1)
		return errno ? errno : EIO;
	return in == 's' ? 0 : EIO;
}

static int seqpacket_messages(struct op_state *s)
{
	return exchange(s->fd[0], s->fd[1]);
}

/* A listening socket (autobound, abstract) with one client waiting. */
static int make_listener(struct op_state *s)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	socklen_t len = sizeof(sa_family_t);

	s->extra = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	s->fd[0] = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (s->extra < 0 || s->fd[0] < 0)
		return errno;
	if (bind(s->extra, (struct sockaddr *)&addr, len) < 0 ||
	    listen(s->extra, 1) < 0)
		return errno;
	len = sizeof(addr);
	if (getsockname(s->extra, (struct sockaddr *)&addr, &len) < 0 ||
	    connect(s->fd[0], (struct sockaddr *)&addr, len) < 0)
		return errno;
	return 0;
}

static int accept_client(struct op_state *s)
{
	int fd = accept4(s->extra, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return errno;
	return exchange(fd, s->fd[0]);
}

static int use_memory(struct op_state *s)
{
	const size_t page = 4096;
	char *big = malloc(1 << 20), *small = malloc(64);
	void *p;

	(void)s;
	if (!big || !small)
		return ENOMEM;
	memset(big, 1, 1 << 20);
	memset(small, 2, 64);
	free(big);
	free(small);
	p = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p, 2 * page, PROT_READ) < 0)
		return errno;
	p = mremap(p, 2 * page, 4 * page, MREMAP_MAYMOVE);
	if (p == MAP_FAILED || madvise(p, 4 * page, MADV_DONTNEED) < 0)
		return errno;
	return err_of(munmap(p, 4 * page));
}

static int read_clocks(struct op_state *s)
{
	struct timespec ts;
	struct timeval tv;

	(void)s;
	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0 ||
	    gettimeofday(&tv, NULL) < 0)
		return errno;
	/* The call itself, as when the vDSO cannot answer. */
	return err_of(syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts));
}

static int format_text(struct op_state *s)
{
	char stamp[64], line[128];
	struct timespec now;
	struct tm tm;

	(void)s;
	if (clock_gettime(CLOCK_REALTIME, &now) < 0)
		return errno;
	if (!localtime_r(&now.tv_sec, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S %Z", &tm))
		return EIO;
	return snprintf(line, sizeof(line), "%s %d %.3f %s", stamp, 42, 1.5,
			strerror(EPERM)) > 0 ? 0 : EIO;
}

/* fdopen asks fcntl(F_GETFL); the first write asks fstat. */
static int stdio_and_flags(struct op_state *s)
{
	FILE *f = fdopen(s->fd[1], "w");
	struct stat st;
	int flags;

	if (!f || fprintf(f, "stdio\n") < 0 || fflush(f) < 0)
		return errno ? errno : EIO;
	if (fstat(s->fd[0], &st) < 0 || !S_ISFIFO(st.st_mode))
		return errno ? errno : EIO;
	flags = fcntl(s->fd[0], F_GETFL);
	if (flags < 0 || fcntl(s->fd[0], F_SETFL, flags | O_NONBLOCK) < 0)
		return errno;
	return err_of(close(s->fd[0]));
}

static int process_basics(struct op_state *s)
{
	uint32_t word = 0;
	sigset_t set;

	(void)s;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	if (getpid() <= 0 || gettid() <= 0)
		return EIO;
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return errno;
	return err_of(syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL,
			      NULL, 0));
}

/* Allowed through: a pipe refuses them with ENOTTY. */
static int xen_ioctls_pass(struct op_state *s)
{
	const unsigned long cmds[] = {
		IOCTL_PRIVCMD_DM_OP, IOCTL_EVTCHN_NOTIFY, IOCTL_EVTCHN_UNBIND,
	};
	char arg[64] = { 0 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (ioctl(s->fd[0], cmds[i], arg) == 0 || errno != ENOTTY)
			return errno ? errno : EIO;
	return 0;
}

static const struct op allowed[] = {
	{ "write and read an inherited pipe", make_pipe, pipe_round_trip, false },
	{ "epoll_ctl, epoll_wait, epoll_pwait", make_epoll, epoll_on_pipe, false },
	{ "timerfd_settime, timerfd_gettime, read", make_timerfd, timerfd_fires,
	  false },
	{ "read a signalfd", make_signalfd, signalfd_read, false },
	{ "sendmsg, recvmsg, send, recv on SEQPACKET", make_socketpair,
	  seqpacket_messages, false },
	{ "accept4 on a held listening socket", make_listener, accept_client,
	  false },
	{ "malloc, mmap, mprotect, mremap, madvise, munmap", NULL, use_memory,
	  false },
	{ "clock_gettime, gettimeofday", NULL, read_clocks, false },
	{ "localtime_r, strftime, snprintf", NULL, format_text, false },
	{ "stdio, fstat, fcntl F_GETFL/F_SETFL, close", make_pipe,
	  stdio_and_flags, false },
	{ "getpid, gettid, sigprocmask, futex", NULL, process_basics, false },
	{ "the Xen ioctl commands", make_pipe, xen_ioctls_pass, false },
};

static void test_allowed(const struct op *op)
{
	struct confine_plan plan = test_plan(op_uid, empty_dir);
	struct outcome out;

	run_op(op, &plan, &out);
	expect(exited_ok(&out), &out, "works confined", op->name);
}

/* ---- what the confined process is, seen from outside -------------------- */

/* in up to the end of its line, tabs as spaces, runs of them squeezed. */
static void squeeze(const char *in, char *out, size_t len)
{
	size_t n = 0;

	for (; *in && *in != '\n' && n + 1 < len; in++) {
		bool space = *in == ' ' || *in == '\t';

		if (space && (n == 0 || out[n - 1] == ' '))
			continue;
		out[n++] = space ? ' ' : *in;
	}
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

/* The value of "field:" in /proc/pid/status. */
static bool status_field(pid_t pid, const char *field, char *out, size_t len)
{
	char path[64], line[512];
	size_t flen = strlen(field);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		found = !strncmp(line, field, flen) && line[flen] == ':';
		if (found)
			squeeze(line + flen + 1, out, len);
	}
	fclose(f);
	return found;
}

static void expect_field(pid_t pid, const char *field, const char *want)
{
	char got[256] = "";

	if (!ok(status_field(pid, field, got, sizeof(got)) && !strcmp(got, want),
		"confined child's %s is \"%s\"", field, want))
		diag("  got \"%s\"", got);
}

/* Soft and hard limit of one line of /proc/pid/limits ("Max processes"):
 * prlimit(2) on another uid's process needs CAP_SYS_RESOURCE, which a
 * container's root may lack. */
static bool read_limit(pid_t pid, const char *name, char *soft, char *hard)
{
	char path[64], line[256];
	size_t len = strlen(name);
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/limits", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, name, len) && line[len] == ' ' &&
			sscanf(line + len, "%31s %31s", soft, hard) == 2;
	fclose(f);
	return found;
}

static void expect_limit(pid_t pid, const char *name, const char *want)
{
	char soft[32] = "", hard[32] = "";

	if (!ok(read_limit(pid, name, soft, hard) && !strcmp(soft, want) &&
		!strcmp(hard, want),
		"confined child's \"%s\" is %s (soft and hard)", name, want))
		diag("  got %s and %s", soft, hard);
}

static const char *const ns_names[] = { "mnt", "ipc", "net" };

static bool ns_link(pid_t pid, const char *name, char *out, size_t len)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
	n = readlink(path, out, len - 1);
	if (n <= 0)
		return false;
	out[n] = '\0';
	return true;
}

/* before: the child's namespaces as it called confine_self. */
static void expect_namespaces(pid_t pid, const char *why,
			      char before[][64])
{
	const char *said[] = { "mount", "IPC", "network" };
	char now[64];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ns_names); i++) {
		if (strstr(why, said[i]))
			ok(true, "# SKIP the kernel kept the %s namespace: %s",
			   said[i], why);
		else
			ok(ns_link(pid, ns_names[i], now, sizeof(now)) &&
			   strcmp(now, before[i]), "confined child has its own %s "
			   "namespace", said[i]);
	}
}

static void expect_root(pid_t pid)
{
	char path[64], root[PATH_MAX] = "", want[PATH_MAX] = "";

	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	(void)!readlink(path, root, sizeof(root) - 1);
	(void)!realpath(empty_dir, want);
	if (!ok(!strcmp(root, want), "confined child's root is the empty dir"))
		diag("  got \"%s\", want \"%s\"", root, want);
}

static void expect_empty_dir_made(void)
{
	struct stat st;
	DIR *d = opendir(empty_dir);
	struct dirent *e;
	int entries = 0;

	while (d && (e = readdir(d)))
		entries++;
	if (d)
		closedir(d);
	ok(stat(empty_dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0 &&
	   st.st_gid == 0 && (st.st_mode & 07777) == 0555 && entries == 2,
	   "confine_self made the empty dir: root's, mode 0555, empty");
}

/* A process that is not dumpable has its /proc files owned by root
 * (proc(5), /proc/pid). */
static void expect_not_dumpable(pid_t pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	ok(stat(path, &st) == 0 && st.st_uid == 0,
	   "confined child is not dumpable: its /proc files are root's");
}

static void expect_ids(pid_t pid)
{
	char ids[64];

	snprintf(ids, sizeof(ids), "%u %u %u %u", op_uid, op_uid, op_uid,
		 op_uid);
	expect_field(pid, "Uid", ids);
	expect_field(pid, "Gid", ids);
	expect_field(pid, "Groups", "");
	expect_field(pid, "CapInh", "0000000000000000");
	expect_field(pid, "CapPrm", "0000000000000000");
	expect_field(pid, "CapEff", "0000000000000000");
	expect_field(pid, "CapAmb", "0000000000000000");
	expect_field(pid, "NoNewPrivs", "1");
	expect_field(pid, "Seccomp", "2");
}

static void expect_limits(pid_t pid)
{
	char nofile[16];

	snprintf(nofile, sizeof(nofile), "%d", TEST_MAX_FD + 1);
	expect_limit(pid, "Max processes", "0");
	expect_limit(pid, "Max file size", "0");
	expect_limit(pid, "Max core file size", "0");
	expect_limit(pid, "Max locked memory", "0");
	expect_limit(pid, "Max open files", nofile);
}

/* Mounts of a namespace of our own, shared: confine_self's copy of them
 * would be their peer, unless it makes them private. */
static int share_mounts(void)
{
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_SHARED, NULL) < 0)
		return errno;
	return 0;
}

/* In a helper that joins pid's mount namespace: 0 no shared mount, 1
 * some, 2 could not tell.  (pid's own mountinfo shows only what is
 * under its root: nothing.) */
static int helper_shared_mounts(pid_t pid)
{
	char path[64], line[1024];
	int ns, shared = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
	ns = open(path, O_RDONLY | O_CLOEXEC);
	if (ns < 0 || setns(ns, CLONE_NEWNS) < 0)
		return 2;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return 2;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, " shared:"))
			shared = 1;
	fclose(f);
	return shared;
}

static void expect_private_mounts(pid_t pid, const char *why)
{
	int status;
	pid_t helper;

	if (strstr(why, "mount")) {
		ok(true, "# SKIP no mount namespace of its own");
		return;
	}
	fflush(stdout);
	helper = fork();
	if (helper == 0)
		_exit(helper_shared_mounts(pid));
	waitpid(helper, &status, 0);
	if (!ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"confined child's mounts are private (none shared)"))
		diag("  helper said %d", WIFEXITED(status) ?
		     WEXITSTATUS(status) : -1);
}

/* A confined child that waits for the parent to look at it. */
static pid_t start_confined_sleeper(int *go, struct report *r,
				    char before[][64])
{
	struct confine_plan plan = test_plan(op_uid, empty_dir);
	size_t before_size = sizeof(before[0]) * ARRAY_SIZE(ns_names);
	int report[2], wait_go[2];
	unsigned int i;
	pid_t pid;
	char c;

	if (pipe2(report, O_CLOEXEC) || pipe2(wait_go, O_CLOEXEC))
		abort();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* A supplementary group for confine_self to drop. */
		gid_t groups[] = { spared_uid };

		close(report[0]);
		close(wait_go[1]);
		if (setgroups(ARRAY_SIZE(groups), groups) < 0 || share_mounts())
			_exit(1);
		for (i = 0; i < ARRAY_SIZE(ns_names); i++)
			if (!ns_link(getpid(), ns_names[i], before[i], 64))
				_exit(1);
		r->rc = confine_self(&plan, r->why, sizeof(r->why));
		(void)!write(report[1], before, sizeof(before[0]) *
			     ARRAY_SIZE(ns_names));
		(void)!write(report[1], r, sizeof(*r));
		(void)!read(wait_go[0], &c, 1);
		_exit(0);
	}
	close(report[1]);
	close(wait_go[0]);
	if (read(report[0], before, before_size) != (ssize_t)before_size)
		memset(before, 0, before_size);
	read_report(report[0], r);
	close(report[0]);
	*go = wait_go[1];
	return pid;
}

static void test_confined_process(void)
{
	char before[ARRAY_SIZE(ns_names)][64];
	struct report r = { .rc = 0 };
	int go, status;
	pid_t pid = start_confined_sleeper(&go, &r, before);

	if (!ok(r.rc == 0, "confine_self succeeds as root"))
		diag("  %d: %s", r.rc, r.why);
	if (r.why[0])
		diag("confine_self said: %s", r.why);
	expect_empty_dir_made();
	expect_ids(pid);
	expect_not_dumpable(pid);
	expect_limits(pid);
	expect_root(pid);
	expect_namespaces(pid, r.why, before);
	expect_private_mounts(pid, r.why);
	close(go);
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "confined child read its pipe and exited");
}

/* ---- refusals ----------------------------------------------------------- */

static int never(struct op_state *s)
{
	(void)s;
	return EIO;
}

static const struct op confine_only = { "confine", NULL, never, false };

static void expect_refusal(const struct confine_plan *plan, int want,
			   const char *step, const char *what)
{
	struct outcome out;

	run_op(&confine_only, plan, &out);
	if (!ok(out.report.rc == want && !strncmp(out.report.why, step,
						   strlen(step)),
		"confine_self refuses %s: %s (%s)", what, strerror(-want), step))
		diag("  got %d: %s", out.report.rc, out.report.why);
}

/* A directory in tmpdir: mode, owner, and whether it holds a file. */
static void make_dir(char *path, const char *name, mode_t mode, uid_t owner,
		     bool with_file)
{
	char file[PATH_MAX + 8];
	int fd;

	path_in_tmp(path, name);
	if (mkdir(path, 0700) < 0 || chmod(path, mode) < 0 ||
	    chown(path, owner, 0) < 0)
		diag("%s: %s", path, strerror(errno));
	if (!with_file)
		return;
	snprintf(file, sizeof(file), "%s/file", path);
	fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
}

static void test_refusals(void)
{
	char full[PATH_MAX], open_dir[PATH_MAX], owned[PATH_MAX];
	struct confine_plan plan = test_plan(0, empty_dir);

	expect_refusal(&plan, -EINVAL, "plan", "uid 0");
	plan = test_plan(op_uid, "relative/dir");
	expect_refusal(&plan, -EINVAL, "plan", "a relative root");
	make_dir(full, "full", 0555, 0, true);
	plan = test_plan(op_uid, full);
	expect_refusal(&plan, -ENOTEMPTY, "empty root", "a root with a file");
	make_dir(open_dir, "writable", 0777, 0, false);
	plan = test_plan(op_uid, open_dir);
	expect_refusal(&plan, -EPERM, "empty root", "a root others may write");
	make_dir(owned, "owned", 0555, op_uid, false);
	plan = test_plan(op_uid, owned);
	expect_refusal(&plan, -EPERM, "empty root", "a root not root's");
}

/* ---- the reaper --------------------------------------------------------- */

/* Runs as uid, tells its pid on ready, and waits to be killed. */
static void become_and_wait(uid_t uid, int ready)
{
	pid_t self;

	if (setresgid(uid, uid, uid) < 0 || setresuid(uid, uid, uid) < 0)
		_exit(1);
	self = getpid();
	(void)!write(ready, &self, sizeof(self));
	for (;;)
		pause();
}

/* A child as uid; with_grandchild, it forks one more (as uid too). */
static pid_t spawn_as(uid_t uid, int ready, bool with_grandchild)
{
	pid_t pid = fork();

	if (pid < 0)
		abort();
	if (pid > 0)
		return pid;
	if (with_grandchild && fork() == 0)
		become_and_wait(uid, ready);
	become_and_wait(uid, ready);
	return -1;
}

/* Whether pid (a child of ours) died of SIGKILL within CHILD_SECONDS;
 * if not, it is killed now so that nothing is left behind. */
static bool died_of_sigkill(pid_t pid)
{
	int status, polls;
	pid_t got = 0;

	for (polls = 0; got == 0 && polls < CHILD_SECONDS * 100; polls++) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == 0)
			usleep(10000);
	}
	if (got == pid)
		return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return false;
}

struct reap_results {
	int rc;			/* confine_reap(reaped uid) */
	bool first, second, grandchild, spared;
	int refusals[3];	/* root, a root reaper, reaper == target */
};

/* Three processes of the reaped uid (one forked by another) and one of
 * the spared uid, ready when all four told their pid. */
static void spawn_all(pid_t *first, pid_t *second, pid_t *spared,
		      pid_t *grandchild)
{
	pid_t pids[4];
	int ready[2];
	unsigned int i;

	if (pipe2(ready, O_CLOEXEC))
		abort();
	*first = spawn_as(reaped_uid, ready[1], false);
	*second = spawn_as(reaped_uid, ready[1], true);
	*spared = spawn_as(spared_uid, ready[1], false);
	*grandchild = -1;
	for (i = 0; i < ARRAY_SIZE(pids); i++)
		if (read(ready[0], &pids[i], sizeof(pid_t)) != sizeof(pid_t))
			abort();
	for (i = 0; i < ARRAY_SIZE(pids); i++)
		if (pids[i] != *first && pids[i] != *second && pids[i] != *spared)
			*grandchild = pids[i];
	close(ready[0]);
	close(ready[1]);
}

/* As the init of a PID namespace of its own: orphans come back to it,
 * and kill(-1) reaches no process outside, even from a broken guard. */
static void reap_scenario(struct reap_results *res)
{
	pid_t first, second, spared, grandchild;
	int status;

	spawn_all(&first, &second, &spared, &grandchild);
	res->rc = confine_reap(reaped_uid, range.reaper);
	res->first = died_of_sigkill(first);
	res->second = died_of_sigkill(second);
	res->grandchild = grandchild > 0 && died_of_sigkill(grandchild);
	res->spared = waitpid(spared, &status, WNOHANG) == 0 &&
		      kill(spared, 0) == 0;
	kill(spared, SIGKILL);
	waitpid(spared, &status, 0);
	res->refusals[0] = confine_reap(0, range.reaper);
	res->refusals[1] = confine_reap(reaped_uid, 0);
	res->refusals[2] = confine_reap(reaped_uid, reaped_uid);
}

static bool reap_in_pid_namespace(struct reap_results *res)
{
	int out[2], status;
	bool got;
	pid_t pid;

	if (pipe2(out, O_CLOEXEC))
		abort();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWPID) < 0)
			_exit(1);
		pid = fork();
		if (pid == 0) {
			reap_scenario(res);
			_exit(write(out[1], res, sizeof(*res)) != sizeof(*res));
		}
		_exit(pid < 0 || waitpid(pid, &status, 0) < 0);
	}
	close(out[1]);
	got = read(out[0], res, sizeof(*res)) == sizeof(*res);
	close(out[0]);
	waitpid(pid, &status, 0);
	return got;
}

static void test_reap(void)
{
	struct reap_results res;

	if (!reap_in_pid_namespace(&res)) {
		ok(true, "# SKIP no PID namespace to reap in (never reaps "
		   "outside one)");
		return;
	}
	is_num((uint64_t)-res.rc, 0, "confine_reap(reaped uid) succeeds");
	ok(res.first, "the reaped uid's first process was killed");
	ok(res.second, "its second process was killed");
	ok(res.grandchild, "and the one that process forked");
	ok(res.spared, "another uid's process lives on");
	is_num((uint64_t)-res.refusals[0], EINVAL,
	       "confine_reap refuses to kill root's processes");
	is_num((uint64_t)-res.refusals[1], EINVAL,
	       "confine_reap refuses root as the reaper");
	is_num((uint64_t)-res.refusals[2], EINVAL,
	       "confine_reap refuses a reaper that is the target");
}

/* ---- the range ---------------------------------------------------------- */

static bool passwd_has(const char *name)
{
	char buf[4096];
	struct passwd pw, *found = NULL;

	return getpwnam_r(name, &pw, buf, sizeof(buf), &found) == 0 && found;
}

static void test_range_option(void)
{
	struct confine_range r;
	/* The last base whose reaper, base + 0x7FF0, is below (uid_t)-1. */
	const long long last = 0xFFFFFFFEll - DOMID_FIRST_RESERVED;

	ok(confine_range_lookup(&r, TEST_BASE) == 0 && r.base == TEST_BASE &&
	   !strcmp(r.source, "option"), "the option sets the base");
	ok(confine_uid(&r, 0) == TEST_BASE &&
	   confine_uid(&r, DOMID_FIRST_RESERVED - 1) ==
	   TEST_BASE + DOMID_FIRST_RESERVED - 1,
	   "domid D runs as base + D, up to the last ordinary domid");
	ok(confine_uid(&r, DOMID_FIRST_RESERVED) == (uid_t)-1,
	   "a reserved domid has no uid");
	is_num((uint64_t)-confine_range_lookup(&r, 0), ERANGE,
	       "a base of 0 (root for domid 0) is refused");
	is_num((uint64_t)-confine_range_lookup(&r, last), 0,
	       "the highest base that fits is taken");
	is_num((uint64_t)-confine_range_lookup(&r, last + 1), ERANGE,
	       "a base one higher is refused");
}

static void test_range_default(void)
{
	struct confine_range r;

	if (passwd_has(CONFINE_USER_RANGE_BASE) ||
	    passwd_has(CONFINE_USER_REAPER)) {
		ok(true, "# SKIP this machine defines the passwd users");
		return;
	}
	ok(confine_range_lookup(&r, -1) == 0 &&
	   r.base == CONFINE_DEFAULT_BASE &&
	   !strcmp(r.source, "built-in default") &&
	   r.reaper == CONFINE_DEFAULT_BASE + DOMID_FIRST_RESERVED,
	   "without option or passwd users: the default range, reaper past it");
}

struct lookup_result {
	int rc;
	uid_t base, reaper;
	char source[64];
};

static void lookup_into(struct lookup_result *res, long long option)
{
	struct confine_range r = { .source = "" };

	res->rc = confine_range_lookup(&r, option);
	res->base = r.base;
	res->reaper = r.reaper;
	snprintf(res->source, sizeof(res->source), "%s", r.source ? r.source : "");
}

/* passwd with our users, bind-mounted over /etc/passwd in a mount
 * namespace of the child's own; the lookups' results come back. */
static bool lookups_with_passwd(const char *users, struct lookup_result res[2])
{
	char path[PATH_MAX];
	int out[2], status;
	FILE *f;
	pid_t pid;

	path_in_tmp(path, "passwd");
	f = fopen(path, "we");
	if (!f || fputs("root:x:0:0:root:/root:/bin/sh\n", f) < 0 ||
	    fputs(users, f) < 0 || fclose(f) < 0 || pipe2(out, O_CLOEXEC))
		return false;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    mount(path, "/etc/passwd", NULL, MS_BIND, NULL) < 0)
			_exit(1);
		lookup_into(&res[0], -1);
		lookup_into(&res[1], TEST_BASE);
		_exit(write(out[1], res, 2 * sizeof(*res)) !=
		      (ssize_t)(2 * sizeof(*res)));
	}
	close(out[1]);
	status = read(out[0], res, 2 * sizeof(*res)) ==
		 (ssize_t)(2 * sizeof(*res));
	close(out[0]);
	waitpid(pid, NULL, 0);
	return status;
}

#define PASSWD_BASE	1000000000u
#define PASSWD_REAPER	999999999u

static void test_range_passwd(void)
{
	char users[256];
	struct lookup_result res[2];

	snprintf(users, sizeof(users),
		 CONFINE_USER_RANGE_BASE ":x:%u:%u::/:/usr/sbin/nologin\n"
		 CONFINE_USER_REAPER ":x:%u:%u::/:/usr/sbin/nologin\n",
		 PASSWD_BASE, PASSWD_BASE, PASSWD_REAPER, PASSWD_REAPER);
	if (!ok(lookups_with_passwd(users, res), "lookups with a passwd of ours"))
		return;
	ok(res[0].rc == 0 && res[0].base == PASSWD_BASE &&
	   res[0].reaper == PASSWD_REAPER &&
	   !strcmp(res[0].source, "passwd user " CONFINE_USER_RANGE_BASE),
	   "without the option: the passwd users' uids");
	ok(res[1].rc == 0 && res[1].base == TEST_BASE &&
	   res[1].reaper == PASSWD_REAPER && !strcmp(res[1].source, "option"),
	   "the option beats the passwd base (the reaper stays passwd's)");

	snprintf(users, sizeof(users),
		 CONFINE_USER_REAPER ":x:%u:%u::/:/usr/sbin/nologin\n",
		 TEST_BASE + 5, TEST_BASE + 5);
	if (!ok(lookups_with_passwd(users, res), "lookups with a reaper inside"))
		return;
	is_num((uint64_t)-res[1].rc, EINVAL,
	       "a reaper that is some guest's uid is refused");
}

/* ---- setting up --------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static bool set_up(void)
{
	char path[PATH_MAX];
	unsigned int domid = (unsigned int)getpid() % 0x2000u * 3u;
	int fd;

	parent_pid = getpid();
	if (!mkdtemp(tmpdir) || confine_range_lookup(&range, TEST_BASE))
		return false;
	path_in_tmp(empty_dir, "empty");
	path_in_tmp(path, "existing");
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	close(fd);
	/* Per run, so that two runs at once do not reap each other. */
	op_uid = confine_uid(&range, domid);
	reaped_uid = confine_uid(&range, domid + 1);
	spared_uid = confine_uid(&range, domid + 2);
	return true;
}

int main(void)
{
	unsigned int i;
	int rc;

	if (geteuid() != 0) {
		printf("1..0 # SKIP confining needs root\n");
		return 0;
	}
	if (!set_up()) {
		printf("Bail out! cannot set up in %s: %s\n", tmpdir,
		       strerror(errno));
		return 1;
	}
	test_range_option();
	test_range_default();
	test_range_passwd();
	test_confined_process();
	for (i = 0; i < ARRAY_SIZE(forbidden); i++)
		test_forbidden(&forbidden[i]);
	for (i = 0; i < ARRAY_SIZE(allowed); i++)
		test_allowed(&allowed[i]);
	test_refusals();
	test_reap();
	rc = tap_done();
	nftw(tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
