/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test fixture for the C model tests: a private xensim-hv in a temporary
 * directory ($XENSIM_DIR is set for the libraries), plus toolstack
 * shorthands that build a guest the way the xensim command does, without
 * xenstore.  No root needed.
 */
#ifndef XENSIM_T_SIM_H
#define XENSIM_T_SIM_H

#include <stdint.h>
#include "../client.h"

/* Start the hypervisor found next to this test binary (../xensim-hv).
 * Exits with "Bail out!" on failure. */
void sim_start(const char *argv0);

/* Stop it and remove its directory. */
void sim_stop(void);

/* A dom0 toolstack connection (opened by sim_start). */
extern struct xensim_conn sim_tool;

struct sim_guest {
	uint32_t domid;
	uint32_t console_port;	/* guest side, unbound to dom0 */
	uint32_t vuart_port;	/* 0 without a vuart */
};

/* Create and unpause a guest with a console (and a vuart); bails out on
 * failure. */
void sim_create(struct sim_guest *g, unsigned int vcpus,
		unsigned int nr_spis, int vuart);

/* Wait up to @ms for @fd to be readable: 1, or 0 on timeout. */
int sim_readable(int fd, int ms);

#endif
