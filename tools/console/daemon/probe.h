/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hostile emulator: a test build of pl011-emulator (PL011_PROBES
 * defined, never installed) that, once confined, does what a guest that
 * took the emulator over would try, and reports each outcome through the
 * daemon's log (tests/isolation/t/hostile.sh reads it).  PL011_PROBE=NAME
 * picks the attempt; PL011_PROBE_UNCONFINED=1 skips the restriction and
 * the confinement, which is what the same code holds when the UART runs
 * inside the daemon (--pl011-isolation=none): there every attempt works,
 * so the test can fail.  In every other build the probes are nothing.
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include <xendevicemodel.h>
#include <xenforeignmemory.h>

struct evtchn;

#ifdef PL011_PROBES
bool probe_unconfined(void);
void probe_run(uint32_t domid, xendevicemodel_handle *xdm,
	       xenforeignmemory_handle *xfm, struct evtchn *evtchn);
#else
static inline bool probe_unconfined(void)
{
	return false;
}

static inline void probe_run(uint32_t domid, xendevicemodel_handle *xdm,
			     xenforeignmemory_handle *xfm,
			     struct evtchn *evtchn)
{
	(void)domid; (void)xdm; (void)xfm; (void)evtchn;
}
#endif

#endif
