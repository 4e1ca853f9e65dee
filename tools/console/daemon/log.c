// SPDX-License-Identifier: GPL-2.0-only
/*
 * Daemon messages and rate limiting (see log.h).
 */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

#define BURST		5u
#define INTERVAL_NS	1000000000ull	/* one message per second after a burst */

static bool log_stderr;
static const char *log_ident;
static log_sink_fn *log_sink;

void log_init(const char *ident, bool verbose, bool to_stderr)
{
	log_stderr = to_stderr;
	log_ident = ident;
	openlog(ident, LOG_PID, LOG_DAEMON);
	setlogmask(verbose ? LOG_UPTO(LOG_DEBUG) : LOG_UPTO(LOG_NOTICE));
}

void log_set_sink(log_sink_fn *sink)
{
	log_sink = sink;
}

void log_msg(int priority, const char *fmt, ...)
{
	va_list ap;

	if (log_sink) {
		char msg[LOG_SINK_MAX];

		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		log_sink(priority, msg);
		return;
	}
	va_start(ap, fmt);
	vsyslog(priority, fmt, ap);
	va_end(ap);
	if (!log_stderr || !(setlogmask(0) & LOG_MASK(priority)))
		return;
	fprintf(stderr, "%s: ", log_ident);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool ratelimit_allow(struct ratelimit *rl, uint64_t now_ns)
{
	if (rl->next_ns == 0) {
		rl->tokens = BURST;
		rl->next_ns = now_ns + INTERVAL_NS;
	}
	while (now_ns >= rl->next_ns && rl->tokens < BURST) {
		rl->tokens++;
		rl->next_ns += INTERVAL_NS;
	}
	if (now_ns >= rl->next_ns)
		rl->next_ns = now_ns + INTERVAL_NS;
	if (rl->tokens == 0) {
		rl->suppressed++;
		return false;
	}
	rl->tokens--;
	return true;
}
