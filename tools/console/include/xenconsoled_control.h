/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What xenconsoled and its clients agree on about the statistics socket:
 * where it is by default, the largest document it serves, and the
 * counters each console's object carries.  The document's fields are
 * described in xenconsoled(8).
 */
#ifndef XENCONSOLED_CONTROL_H
#define XENCONSOLED_CONTROL_H

#include <stdint.h>

#define XENCONSOLED_CONTROL_SOCKET	"/var/run/xen/xenconsoled.sock"
#define XENCONSOLED_STATS_MAX		(64u << 20)

/*
 * Every counter of a console's object, each an unsigned 64-bit integer,
 * listed once for the daemon that writes them, xenconsole --stats that
 * reads them and the tests:
 *   COUNT(name)   counted by the daemon as things happen;
 *   STATE(name)   read from the console's buffers and log file when the
 *                 document is written;
 *   TIMING(name)  a duration measured each time: the three members of
 *                 XENCONSOLED_TIMING_MEMBERS.
 */
#define XENCONSOLED_COUNTERS(COUNT, STATE, TIMING)			\
	COUNT(out_bytes)	/* guest -> log/pty */			\
	COUNT(in_bytes)		/* pty -> guest */			\
	COUNT(pty_dropped)	/* output no pty reader took in time */	\
	STATE(pty_buffered)	/* output waiting for a pty reader */	\
	COUNT(events)		/* notifications / requests from the guest */ \
	COUNT(irqs)		/* interrupts injected (raised) */	\
	COUNT(guest_errors)	/* malformed guest behaviour */		\
	COUNT(daemon_errors)	/* the daemon's own failures */		\
	STATE(log_bytes)	/* guest bytes written to the log */	\
	STATE(log_lost)		/* guest bytes a failed log write lost */ \
	STATE(log_rotations)						\
	/* What an emulated UART itself lost (PL011 only, 0 for rings): */ \
	COUNT(uart_dropped)	/* written to a full TX FIFO */		\
	COUNT(uart_overruns)	/* received into a full RX FIFO */	\
	COUNT(uart_flushed)	/* discarded by the guest clearing FEN */ \
	COUNT(irq_refusals)	/* interrupts Xen refused (set again) */ \
	COUNT(notify_failures)	/* answers whose event failed (sent again) */ \
	/* Our hypervisor patch's fast path (PL011 only): */		\
	COUNT(fast_path)	/* 1 while Xen posts and answers for us */ \
	COUNT(posted_writes)	/* writes Xen posted and we applied */	\
	/* The PL011 emulator process (--pl011-isolation=process): */	\
	COUNT(emulator_restarts) /* started again after it died */	\
	COUNT(emulator_kills)	/* killed by its seccomp filter */	\
	COUNT(emulator_errors)	/* messages from it refused */		\
	TIMING(request)		/* serving one request */		\
	TIMING(drain)		/* one pass moving output to log and pty */

/* A timing's members as X(member): how many, mean and max nanoseconds. */
#define XENCONSOLED_TIMING_MEMBERS(X, name)				\
	X(name##_count) X(name##_ns_mean) X(name##_ns_max)

/* The counters of one console as the document gives them. */
struct xenconsoled_counters {
#define XENCONSOLED_MEMBER_(name)	uint64_t name;
#define XENCONSOLED_TIMING_(name)					\
	XENCONSOLED_TIMING_MEMBERS(XENCONSOLED_MEMBER_, name)
	XENCONSOLED_COUNTERS(XENCONSOLED_MEMBER_, XENCONSOLED_MEMBER_,
			     XENCONSOLED_TIMING_)
#undef XENCONSOLED_MEMBER_
#undef XENCONSOLED_TIMING_
};

#endif
