/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to the PL011 console kind: what console_pl011.c (the kind:
 * configuration, restarts, the UART in the daemon) and pl011_proxy.c
 * (the UART in an emulator process) share.
 */
#ifndef PL011_CONSOLE_H
#define PL011_CONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "pl011_host.h"
#include "pl011_proxy.h"
#include "pl011_restart.h"

struct pl011_console {
	struct console *con;
	bool isolated;			/* in an emulator process */
	uint64_t base;
	unsigned int spi;
	struct pl011_host_config config;
	struct pl011_restart restart;
	struct pl011_host host;		/* not isolated: the UART here */
	struct pl011_proxy proxy;	/* isolated: its emulator */
};

/*
 * What a previous daemon left for this domain instance, with the UART
 * state saved from and into uart: 1 when adopt_fn took its server over,
 * 0 when there was nothing to adopt (a stale server destroyed), -errno
 * when adopt_fn failed (then start from reset).
 */
int pl011_console_restart(struct pl011_console *p,
			  int (*adopt_fn)(struct pl011_console *p,
					  const struct pl011_server_place *left),
			  struct pl011 *uart, const struct ioreq_env *xen);

/* A new server: the state file describes it from now on. */
void pl011_console_new_server(struct pl011_console *p, uint32_t id);

#endif
