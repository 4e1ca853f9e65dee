/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's own messages: syslog (daemon facility), echoed to stderr
 * in the foreground.  Guest-caused problems go through a per-source rate
 * limit so a hostile guest cannot flood the log; every message dropped by
 * the limit is counted and the count reported when messages resume.
 */
#ifndef LOG_H
#define LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <syslog.h>

/* verbose: also LOG_INFO and LOG_DEBUG; to_stderr: echo to stderr. */
void log_init(const char *ident, bool verbose, bool to_stderr);

__attribute__((format(printf, 2, 3)))
void log_msg(int priority, const char *fmt, ...);

/*
 * Where a process that may not reach syslog sends its messages instead
 * (a confined emulator: to the daemon).  The message is at most
 * LOG_SINK_MAX - 1 bytes, without a newline.
 */
#define LOG_SINK_MAX	200u
typedef void log_sink_fn(int priority, const char *msg);
void log_set_sink(log_sink_fn *sink);

/* A token bucket: burst messages, then one per interval. */
struct ratelimit {
	uint64_t next_ns;		/* when a token is next added */
	unsigned int tokens;
	uint64_t suppressed;		/* dropped since the last message */
};

/* True if a message may be logged now; counts the ones that may not. */
bool ratelimit_allow(struct ratelimit *rl, uint64_t now_ns);

#endif
