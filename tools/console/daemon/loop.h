/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's one event loop: epoll for file descriptors, signals as
 * ordinary events through signalfd, a min-heap of timers behind one
 * timerfd, and a hook that runs before each sleep.  Work per wakeup is
 * proportional to what is ready, never to what is registered.
 *
 * Watches and timers are embedded in their owners (no allocation per
 * registration); a watch may be removed from inside any callback, even
 * one dispatched in the same wakeup.  Single-threaded.
 */
#ifndef LOOP_H
#define LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct loop;

typedef void loop_event_fn(void *ctx, uint32_t events);
typedef void loop_timer_fn(void *ctx);
typedef void loop_signal_fn(void *ctx, int signo);
/* Returns true if work remains: the loop then polls without sleeping. */
typedef bool loop_hook_fn(void *ctx);

struct loop_watch {
	loop_event_fn *fn;
	void *ctx;
	int fd;			/* -1 while not registered */
};

struct loop_timer {
	loop_timer_fn *fn;
	void *ctx;
	uint64_t deadline;	/* CLOCK_MONOTONIC nanoseconds */
	size_t slot;		/* heap index; LOOP_TIMER_IDLE when disarmed */
};

#define LOOP_TIMER_IDLE	SIZE_MAX

/* 0 or -errno. */
int loop_create(struct loop **out);
void loop_destroy(struct loop *loop);

/*
 * Call fn(ctx, events) when fd has any of events (EPOLLIN, EPOLLOUT...).
 * The fd stays the caller's: unwatch it before closing.  0 or -errno.
 */
int loop_watch(struct loop *loop, struct loop_watch *w, int fd,
	       uint32_t events, loop_event_fn *fn, void *ctx);
int loop_watch_modify(struct loop *loop, struct loop_watch *w,
		      uint32_t events);
/* Safe on an unregistered watch and from any callback. */
void loop_unwatch(struct loop *loop, struct loop_watch *w);

/*
 * Timers reserve their place in the loop when they are made, so that
 * arming one can never fail (a timer that silently stays unarmed strands
 * whatever was waiting on it).  loop_timer_init: 0 or -ENOMEM; every
 * timer made is released (which disarms it) before its memory goes.
 */
int loop_timer_init(struct loop *loop, struct loop_timer *t,
		    loop_timer_fn *fn, void *ctx);
void loop_timer_release(struct loop *loop, struct loop_timer *t);
/* Arm, or move an armed timer, to an absolute deadline. */
void loop_timer_arm(struct loop *loop, struct loop_timer *t, uint64_t deadline);
void loop_timer_disarm(struct loop *loop, struct loop_timer *t);
bool loop_timer_armed(const struct loop_timer *t);

/*
 * Deliver the signals in set as loop events: they are blocked for the
 * process and read from a signalfd, so handlers run in normal context.
 * One call per loop.  0 or -errno.
 */
int loop_signals(struct loop *loop, const sigset_t *set, loop_signal_fn *fn,
		 void *ctx);

/*
 * Run fn(ctx) each time before the loop waits; while it reports work
 * remaining, the loop only polls, so ready fds interleave with that work.
 */
void loop_before_sleep(struct loop *loop, loop_hook_fn *fn, void *ctx);

/* Monotonic time in ns, read fresh. */
uint64_t loop_clock(void);

/* Dispatch until loop_stop().  0, or -errno if epoll itself fails. */
int loop_run(struct loop *loop);
/* Dispatch what is ready, waiting at most timeout_ms (-1: no limit). */
int loop_run_once(struct loop *loop, int timeout_ms);
void loop_stop(struct loop *loop);

#endif
