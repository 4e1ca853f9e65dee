// SPDX-License-Identifier: GPL-2.0-only
/*
 * xensim-hv: the simulated hypervisor process.  It owns every piece of
 * "Xen" state of one simulation (domains, pages, grants, event channels,
 * console ring, ioreq servers) and serves it over $XENSIM_DIR/hv.sock.
 * This file holds the socket, the client list, the request dispatch and the
 * poll loop; it knows no domain or event-channel rules itself.
 *
 *   xensim-hv DIR       (DIR also passed to callers as $XENSIM_DIR)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <stdint.h>
#include <xen/xen.h>
#include "hv.h"

#define MAX_CLIENTS 4096

const char *hv_dir;
static struct hv_client *clients;
static volatile sig_atomic_t stop;

struct hv_client *hv_clients(void)
{
	return clients;
}

void hv_log(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "xensim-hv: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

typedef int op_fn(struct hv_client *c, const struct xensim_req *req,
		  const void *data, struct hv_reply *r);

struct op_entry {
	op_fn *fn;
	bool guest_ok;		/* may a guest connection issue it */
	enum hv_restricted restricted;	/* on a restricted connection */
};

/*
 * Once a connection is restricted (restrict.c), privcmd's calls for one
 * domain (dm_op, mmapbatch, mmap_resource) and the evtchn driver's keep
 * their rules; every other op is a hypercall of the toolstack, the console
 * or a guest, which a restricted privcmd file refuses outright.
 */
static const struct op_entry ops[] = {
	[XS_OP_DOMAIN_CREATE] = { hv_op_domain_create, false },
	[XS_OP_DOMAIN_DESTROY] = { hv_op_domain_destroy, false },
	[XS_OP_DOMAIN_PAUSE] = { hv_op_domain_pause, false },
	[XS_OP_DOMAIN_UNPAUSE] = { hv_op_domain_pause, false },
	[XS_OP_DOMAIN_INFO] = { hv_op_domain_info, false },
	[XS_OP_PAGE_ADD] = { hv_op_page_add, false },
	[XS_OP_GRANT_SET] = { hv_op_grant_set, false },
	[XS_OP_MAP_GRANT] = { hv_op_map, false },
	[XS_OP_MAP_FOREIGN] = { hv_op_map, true, HV_R_DOMAIN },
	[XS_OP_UNMAP] = { hv_op_unmap, true, HV_R_OWN },
	[XS_OP_EVTCHN_ALLOC_UNBOUND] = { hv_op_evtchn, true, HV_R_EVTCHN_NEW },
	[XS_OP_EVTCHN_BIND_INTERDOMAIN] = { hv_op_evtchn, true,
					    HV_R_EVTCHN_BIND },
	[XS_OP_EVTCHN_BIND_VIRQ] = { hv_op_evtchn, false, HV_R_EVTCHN_NEW },
	[XS_OP_EVTCHN_UNBIND] = { hv_op_evtchn, true, HV_R_OWN },
	[XS_OP_EVTCHN_NOTIFY] = { hv_op_evtchn, true, HV_R_OWN },
	[XS_OP_EVTCHN_UNMASK] = { hv_op_evtchn, true, HV_R_OWN },
	[XS_OP_EVTCHN_STATUS] = { hv_op_evtchn, true },
	[XS_OP_CONSOLE_WRITE] = { hv_op_console_write, true },
	[XS_OP_CONSOLE_READ] = { hv_op_console_read, false },
	[XS_OP_IOREQ_CREATE] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_IOREQ_INFO] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_IOREQ_MAP_RANGE] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_IOREQ_STATE] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_IOREQ_DESTROY] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_IOREQ_RESOURCE] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_IOREQ_RESOURCE_SIZE] = { hv_op_ioreq, false, HV_R_DOMAIN },
	[XS_OP_SET_IRQ_LEVEL] = { hv_op_irq, false, HV_R_DOMAIN },
	[XS_OP_NR_VCPUS] = { hv_op_irq, false, HV_R_DOMAIN },
	[XS_OP_MMIO] = { hv_op_mmio, true },
	[XS_OP_SPI_WAIT] = { hv_op_irq, true },
	[XS_OP_SPI_ACK] = { hv_op_irq, true },
	[XS_OP_PARAM_SET] = { hv_op_param, false },
	[XS_OP_PARAM_GET] = { hv_op_param, true },
	[XS_OP_PRIVCMD_RESTRICT] = { hv_op_restrict, false, HV_R_OWN },
	[XS_OP_EVTCHN_RESTRICT] = { hv_op_restrict, false, HV_R_OWN },
};

void hv_send_reply(struct hv_client *c, int err, const struct hv_reply *r)
{
	static char buf[sizeof(struct xensim_rsp) + XENSIM_MAX_PAYLOAD];
	struct xensim_rsp rsp = { .err = err < 0 ? -err : 0 };
	size_t len = sizeof(rsp);

	if (!err && r) {
		rsp.val = r->val;
		rsp.len = r->len;
		memcpy(buf + sizeof(rsp), r->data, r->len);
		len += r->len;
	}
	memcpy(buf, &rsp, sizeof(rsp));
	c->deferred = false;
	/* A caller that went away is noticed by the poll loop. */
	if (send(c->fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		hv_log("reply to fd %d lost: %s", c->fd, strerror(errno));
}

/*
 * A restricted connection may not become another domain's or shed its
 * restriction by saying hello again.
 */
static int do_hello(struct hv_client *c, const struct xensim_req *req,
		    int passed_fd)
{
	struct hv_domain *d = hv_domain_get((uint32_t)req->a);
	int err = hv_restriction_check(c, req, HV_R_HYPERCALL);

	if (!err && (!d || (req->a && d->dying)))
		err = -ESRCH;
	if (err) {
		if (passed_fd >= 0)
			close(passed_fd);
		return err;
	}
	c->domid = (uint32_t)req->a;
	c->event_fd = passed_fd;
	if (c->domid && passed_fd >= 0) {
		d->guest = c;
		hv_ports_guest_attached(d);
	}
	return 0;
}

static void release_client(struct hv_client *c)
{
	hv_ioreq_client_gone(c);
	hv_ports_client_gone(c);
	hv_domain_client_gone(c);
}

static int run_op(struct hv_client *c, const struct xensim_req *req,
		  const void *data, struct hv_reply *r)
{
	const struct op_entry *op = NULL;
	int err;

	if (req->op < sizeof(ops) / sizeof(ops[0]))
		op = &ops[req->op];
	if (!op || !op->fn)
		return -ENOSYS;
	if (c->domid && !op->guest_ok)
		return -EPERM;
	err = hv_restriction_check(c, req, op->restricted);
	return err ? err : op->fn(c, req, data, r);
}

static void dispatch(struct hv_client *c, const struct xensim_req *req,
		     const void *data, int passed_fd)
{
	static struct hv_reply reply;
	int ret;

	memset(&reply, 0, offsetof(struct hv_reply, data));
	if (req->op == XS_OP_HELLO) {
		hv_send_reply(c, do_hello(c, req, passed_fd), &reply);
		return;
	}
	if (passed_fd >= 0)
		close(passed_fd);
	if (req->op == XS_OP_BYE) {
		release_client(c);
		hv_send_reply(c, 0, &reply);
		return;
	}
	ret = run_op(c, req, data, &reply);
	if (ret == HV_DEFERRED)
		c->deferred = true;
	else
		hv_send_reply(c, ret, &reply);
}

static ssize_t recv_request(int fd, void *buf, size_t size, int *passed_fd)
{
	union {
		struct cmsghdr hdr;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf),
	};
	struct cmsghdr *cmsg;
	ssize_t n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);

	*passed_fd = -1;
	if (n < 0)
		return n;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (cmsg && cmsg->cmsg_type == SCM_RIGHTS)
		memcpy(passed_fd, CMSG_DATA(cmsg), sizeof(int));
	return n;
}

/* Returns false when the client has gone. */
static bool serve_client(struct hv_client *c)
{
	static char buf[sizeof(struct xensim_req) + XENSIM_MAX_PAYLOAD];
	struct xensim_req req;
	int passed_fd;
	ssize_t n = recv_request(c->fd, buf, sizeof(buf), &passed_fd);

	if (n <= 0)
		return n < 0 && errno == EINTR;
	if ((size_t)n < sizeof(req)) {
		hv_log("short request (%zd bytes) on fd %d", n, c->fd);
		return false;
	}
	memcpy(&req, buf, sizeof(req));
	if (req.len != (size_t)n - sizeof(req)) {
		hv_log("bad payload length on fd %d", c->fd);
		return false;
	}
	if (c->deferred) {
		hv_log("request while a reply is owed on fd %d", c->fd);
		return false;
	}
	dispatch(c, &req, buf + sizeof(req), passed_fd);
	return true;
}

static void client_gone(struct hv_client *c)
{
	struct hv_client **pp;

	release_client(c);
	for (pp = &clients; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	if (c->event_fd >= 0)
		close(c->event_fd);
	close(c->fd);
	free(c);
}

static void accept_client(int listen_fd)
{
	struct hv_client *c;
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->fd = fd;
	c->event_fd = -1;
	c->restrict_dom = DOMID_INVALID;
	c->next = clients;
	clients = c;
}

static int listen_socket(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/%s", hv_dir,
		 XENSIM_SOCKET);
	unlink(addr.sun_path);
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(fd, 64) < 0) {
		hv_log("cannot listen on %s: %s", addr.sun_path,
		       strerror(errno));
		exit(1);
	}
	return fd;
}

int64_t hv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int poll_timeout(void)
{
	int64_t next = -1, now = hv_now_ms();
	struct hv_client *c;

	for (c = clients; c; c = c->next)
		if (c->deferred && c->deadline_ms &&
		    (next < 0 || c->deadline_ms < next))
			next = c->deadline_ms;
	if (next < 0)
		return -1;
	return next <= now ? 0 : (int)(next - now);
}

static void loop(int listen_fd)
{
	static struct pollfd fds[MAX_CLIENTS + 1];
	static struct hv_client *who[MAX_CLIENTS + 1];
	struct hv_client *c;
	nfds_t n, i;

	while (!stop) {
		fds[0] = (struct pollfd){ .fd = listen_fd, .events = POLLIN };
		n = 1;
		for (c = clients; c && n <= MAX_CLIENTS; c = c->next) {
			fds[n] = (struct pollfd){ .fd = c->fd, .events = POLLIN };
			who[n++] = c;
		}
		if (poll(fds, n, poll_timeout()) < 0 && errno != EINTR) {
			hv_log("poll: %s", strerror(errno));
			exit(1);
		}
		hv_spi_timeouts(hv_now_ms());
		for (i = 1; i < n; i++)
			if (fds[i].revents && !serve_client(who[i]))
				client_gone(who[i]);
		if (fds[0].revents & POLLIN)
			accept_client(listen_fd);
	}
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* A stock xenconsoled opens one event channel handle per guest console. */
static void raise_fd_limit(void)
{
	struct rlimit r;

	if (getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur < r.rlim_max) {
		r.rlim_cur = r.rlim_max < 3 * MAX_CLIENTS ? r.rlim_max :
							    3 * MAX_CLIENTS;
		setrlimit(RLIMIT_NOFILE, &r);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char path[4096];
	int listen_fd;

	if (argc != 2) {
		fprintf(stderr, "usage: xensim-hv DIR\n");
		return 2;
	}
	hv_dir = argv[1];
	raise_fd_limit();
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (hv_domain_init_dom0() < 0)
		return 1;
	listen_fd = listen_socket();
	hv_conring_printf("(XEN) Xen version 4.17 (xensim) simulated\n");
	hv_log("ready in %s", hv_dir);
	loop(listen_fd);
	snprintf(path, sizeof(path), "%s/%s", hv_dir, XENSIM_SOCKET);
	unlink(path);
	return 0;
}
