/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The commands of pl011-xen-guest besides the driver replays, each in its
 * own file: they share only the option block below.  Each returns the
 * program's exit status (0 pass, 1 a check failed, 2 could not run).
 */
#ifndef PL011_XEN_COMMANDS_H
#define PL011_XEN_COMMANDS_H

#include <stdint.h>

struct guest_opts {
	uint32_t domid;
	uint64_t base;		/* the PL011's guest-physical address */
	unsigned int spi;
	unsigned int vcpu;
};

/*
 * pv-latency COUNT PERIOD_MS: COUNT lines "quiet line NNNN\n" on the PV
 * console, one every PERIOD_MS; for each, the time until the backend has
 * consumed it.  Prints "MAX_US MEDIAN_US P90_US" on stdout.
 */
int cmd_pv_latency(const struct guest_opts *o, int argc, char **argv);

/*
 * forge: plays a broken hypervisor.  Writes malformed requests straight
 * into vCPU o->vcpu's slot of the domain's first ioreq server page and
 * sends its event, one at a time; prints per request "NAME answered
 * 0xDATA" or "NAME unanswered", then leaves the slot free again.
 */
int cmd_forge(const struct guest_opts *o, int argc, char **argv);

#endif
