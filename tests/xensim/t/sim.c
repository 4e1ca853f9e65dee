// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test fixture: a private simulated hypervisor per test (see sim.h).
 */
#include <errno.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xen/xen.h>
#include <xen/hvm/params.h>
#include "sim.h"

struct xensim_conn sim_tool = { .fd = -1, .event_fd = -1 };
static char dir[] = "/tmp/xensim-test.XXXXXX";
static pid_t hv_pid = -1;

static void bail(const char *what)
{
	printf("Bail out! %s: %s\n", what, strerror(errno));
	sim_stop();
	exit(1);
}

static void wait_socket(void)
{
	char path[256];
	struct stat st;
	int i;

	snprintf(path, sizeof(path), "%s/%s", dir, XENSIM_SOCKET);
	for (i = 0; i < 200; i++) {
		if (stat(path, &st) == 0)
			return;
		usleep(10000);
	}
	errno = ETIMEDOUT;
	bail("xensim-hv did not start");
}

void sim_start(const char *argv0)
{
	char *copy = strdup(argv0), hv[4096];

	snprintf(hv, sizeof(hv), "%s/../xensim-hv", dirname(copy));
	free(copy);
	if (!mkdtemp(dir))
		bail("mkdtemp");
	setenv(XENSIM_ENV_DIR, dir, 1);
	hv_pid = fork();
	if (hv_pid < 0)
		bail("fork");
	if (hv_pid == 0) {
		if (freopen("/dev/null", "w", stderr))
			execl(hv, hv, dir, (char *)NULL);
		_exit(127);
	}
	wait_socket();
	if (xensim_connect(&sim_tool, 0, 0) < 0)
		bail("connect");
}

void sim_stop(void)
{
	char cmd[256];

	xensim_disconnect(&sim_tool);
	if (hv_pid > 0) {
		kill(hv_pid, SIGTERM);
		waitpid(hv_pid, NULL, 0);
		hv_pid = -1;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
}

static uint64_t tool(uint32_t op, uint32_t dom, uint64_t a, uint64_t b,
		     uint64_t c)
{
	int64_t ret = xensim_simple(&sim_tool, op, dom, a, b, c, 0);

	if (ret < 0) {
		errno = (int)-ret;
		bail("toolstack request");
	}
	return (uint64_t)ret;
}

static uint32_t ring(uint32_t domid, uint64_t gfn, unsigned int pfn_param,
		     unsigned int port_param)
{
	uint32_t port;

	tool(XS_OP_PAGE_ADD, domid, gfn, 0, 0);
	port = (uint32_t)tool(XS_OP_EVTCHN_ALLOC_UNBOUND, domid, 0, 0, 0);
	tool(XS_OP_PARAM_SET, domid, pfn_param, gfn, 0);
	tool(XS_OP_PARAM_SET, domid, port_param, port, 0);
	return port;
}

void sim_create(struct sim_guest *g, unsigned int vcpus,
		unsigned int nr_spis, int vuart)
{
	memset(g, 0, sizeof(*g));
	g->domid = (uint32_t)tool(XS_OP_DOMAIN_CREATE, 0, vcpus, nr_spis,
				  vuart ? XS_CREATE_VUART : 0);
	g->console_port = ring(g->domid, XENSIM_CONSOLE_GFN,
			       HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN);
	tool(XS_OP_GRANT_SET, g->domid, 0, XENSIM_CONSOLE_GFN, 0);
	if (vuart)
		g->vuart_port = ring(g->domid, XENSIM_VUART_GFN,
				     XENSIM_PARAM_VUART_GFN,
				     XENSIM_PARAM_VUART_PORT);
	tool(XS_OP_DOMAIN_UNPAUSE, g->domid, 0, 0, 0);
}

int sim_readable(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, ms) == 1;
}
