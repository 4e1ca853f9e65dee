/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * hypervisor.log: Xen's console ring, read incrementally whenever
 * VIRQ_CON_RING fires (--log=hv|all), once at start for the boot messages.
 */
#ifndef HVLOG_H
#define HVLOG_H

struct console_env;
struct hvlog;
struct logfile_config;

/* Written as config says; 0 or -errno (after one clear message). */
int hvlog_open(const struct console_env *env,
	       const struct logfile_config *config, struct hvlog **out);
void hvlog_reopen(struct hvlog *h);
void hvlog_close(struct hvlog *h);

#endif
