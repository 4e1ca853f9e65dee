// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event loop: epoll + a timer min-heap + signalfd (see loop.h).
 *
 * The heap's earliest deadline is programmed into one timerfd, lazily,
 * just before sleeping, so re-arming a timer many times per wakeup costs
 * no system call.  Knows nothing of consoles or Xen.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"
#include "stamps.h"

#define BATCH		64
#define NO_DEADLINE	UINT64_MAX

struct loop {
	int epfd;
	int timerfd;
	uint64_t programmed;		/* deadline in the timerfd */
	struct loop_watch timer_watch;
	struct loop_timer **heap;
	size_t heap_len, heap_cap;
	size_t timers;			/* made and not released: heap_cap >= */

	struct epoll_event batch[BATCH];
	int batch_len, batch_pos;	/* the wakeup being dispatched */

	int signalfd;
	struct loop_watch signal_watch;
	loop_signal_fn *signal_fn;
	void *signal_ctx;

	loop_hook_fn *hook;
	void *hook_ctx;
	bool stop;
};

uint64_t loop_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- watches ------------------------------------------------------------ */

int loop_watch(struct loop *loop, struct loop_watch *w, int fd,
	       uint32_t events, loop_event_fn *fn, void *ctx)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	w->fn = fn;
	w->ctx = ctx;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		w->fd = -1;
		return -errno;
	}
	w->fd = fd;
	return 0;
}

int loop_watch_modify(struct loop *loop, struct loop_watch *w,
		      uint32_t events)
{
	struct epoll_event ev = { .events = events, .data.ptr = w };

	if (w->fd < 0)
		return -EBADF;
	return epoll_ctl(loop->epfd, EPOLL_CTL_MOD, w->fd, &ev) < 0 ? -errno : 0;
}

void loop_unwatch(struct loop *loop, struct loop_watch *w)
{
	if (w->fd < 0)
		return;
	epoll_ctl(loop->epfd, EPOLL_CTL_DEL, w->fd, NULL);
	w->fd = -1;
	/* Its owner may be freed next: forget events already fetched for it. */
	for (int i = loop->batch_pos; i < loop->batch_len; i++)
		if (loop->batch[i].data.ptr == w)
			loop->batch[i].data.ptr = NULL;
}

/* ---- timers: a binary min-heap of pointers, each knowing its slot ------- */

static void heap_place(struct loop *loop, size_t slot, struct loop_timer *t)
{
	loop->heap[slot] = t;
	t->slot = slot;
}

static void sift_up(struct loop *loop, size_t slot)
{
	struct loop_timer *t = loop->heap[slot];

	while (slot > 0) {
		size_t parent = (slot - 1) / 2;

		if (loop->heap[parent]->deadline <= t->deadline)
			break;
		heap_place(loop, slot, loop->heap[parent]);
		slot = parent;
	}
	heap_place(loop, slot, t);
}

static void sift_down(struct loop *loop, size_t slot)
{
	struct loop_timer *t = loop->heap[slot];

	for (;;) {
		size_t child = 2 * slot + 1;

		if (child >= loop->heap_len)
			break;
		if (child + 1 < loop->heap_len &&
		    loop->heap[child + 1]->deadline < loop->heap[child]->deadline)
			child++;
		if (t->deadline <= loop->heap[child]->deadline)
			break;
		heap_place(loop, slot, loop->heap[child]);
		slot = child;
	}
	heap_place(loop, slot, t);
}

int loop_timer_init(struct loop *loop, struct loop_timer *t,
		    loop_timer_fn *fn, void *ctx)
{
	if (loop->timers == loop->heap_cap) {
		size_t cap = loop->heap_cap ? 2 * loop->heap_cap : 16;
		struct loop_timer **heap = realloc(loop->heap,
						   cap * sizeof(*heap));

		if (!heap)
			return -ENOMEM;
		loop->heap = heap;
		loop->heap_cap = cap;
	}
	loop->timers++;
	t->fn = fn;
	t->ctx = ctx;
	t->deadline = NO_DEADLINE;
	t->slot = LOOP_TIMER_IDLE;
	return 0;
}

void loop_timer_release(struct loop *loop, struct loop_timer *t)
{
	loop_timer_disarm(loop, t);
	loop->timers--;
}

bool loop_timer_armed(const struct loop_timer *t)
{
	return t->slot != LOOP_TIMER_IDLE;
}

void loop_timer_arm(struct loop *loop, struct loop_timer *t, uint64_t deadline)
{
	uint64_t old = t->deadline;

	t->deadline = deadline;
	if (!loop_timer_armed(t)) {
		/* Its place was reserved by loop_timer_init(). */
		heap_place(loop, loop->heap_len++, t);
		sift_up(loop, t->slot);
	} else if (deadline < old) {
		sift_up(loop, t->slot);
	} else {
		sift_down(loop, t->slot);
	}
}

void loop_timer_disarm(struct loop *loop, struct loop_timer *t)
{
	size_t slot = t->slot;
	struct loop_timer *last;

	if (!loop_timer_armed(t))
		return;
	t->slot = LOOP_TIMER_IDLE;
	last = loop->heap[--loop->heap_len];
	if (last == t)
		return;
	heap_place(loop, slot, last);
	sift_up(loop, slot);
	sift_down(loop, last->slot);
}

/* Fire every timer due by now; ones re-armed for later wait their turn. */
static void run_timers(struct loop *loop)
{
	uint64_t now = loop_clock();

	while (loop->heap_len && loop->heap[0]->deadline <= now) {
		struct loop_timer *t = loop->heap[0];

		loop_timer_disarm(loop, t);
		t->fn(t->ctx);
	}
}

static void program_timerfd(struct loop *loop)
{
	uint64_t next = loop->heap_len ? loop->heap[0]->deadline : NO_DEADLINE;
	struct itimerspec its = { { 0, 0 }, { 0, 0 } };

	if (next == loop->programmed)
		return;
	if (next != NO_DEADLINE) {
		/* A zero it_value would disarm: a past deadline fires now. */
		its.it_value.tv_sec = (time_t)(next / 1000000000u);
		its.it_value.tv_nsec = (long)(next % 1000000000u);
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
	}
	if (timerfd_settime(loop->timerfd, TFD_TIMER_ABSTIME, &its, NULL) == 0)
		loop->programmed = next;
}

static void timerfd_ready(void *ctx, uint32_t events)
{
	struct loop *loop = ctx;
	uint64_t expirations;

	(void)events;
	/* Nothing to do but drain it: run_timers() follows every wakeup. */
	if (read(loop->timerfd, &expirations, sizeof(expirations)) > 0)
		loop->programmed = NO_DEADLINE;
}

/* ---- signals ------------------------------------------------------------ */

static void signalfd_ready(void *ctx, uint32_t events)
{
	struct loop *loop = ctx;
	struct signalfd_siginfo si;

	(void)events;
	while (read(loop->signalfd, &si, sizeof(si)) == sizeof(si))
		loop->signal_fn(loop->signal_ctx, (int)si.ssi_signo);
}

int loop_signals(struct loop *loop, const sigset_t *set, loop_signal_fn *fn,
		 void *ctx)
{
	int rc;

	if (loop->signalfd >= 0)
		return -EBUSY;
	if (sigprocmask(SIG_BLOCK, set, NULL) < 0)
		return -errno;
	loop->signalfd = signalfd(-1, set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (loop->signalfd < 0)
		return -errno;
	loop->signal_fn = fn;
	loop->signal_ctx = ctx;
	rc = loop_watch(loop, &loop->signal_watch, loop->signalfd, EPOLLIN,
			signalfd_ready, loop);
	if (rc) {
		close(loop->signalfd);
		loop->signalfd = -1;
	}
	return rc;
}

/* ---- lifecycle and dispatch --------------------------------------------- */

int loop_create(struct loop **out)
{
	struct loop *loop = calloc(1, sizeof(*loop));
	int rc;

	if (!loop)
		return -ENOMEM;
	loop->signalfd = -1;
	loop->programmed = NO_DEADLINE;
	loop->signal_watch.fd = -1;
	loop->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (loop->epfd < 0)
		goto fail_errno;
	loop->timerfd = timerfd_create(CLOCK_MONOTONIC,
				       TFD_NONBLOCK | TFD_CLOEXEC);
	if (loop->timerfd < 0)
		goto fail_epoll;
	rc = loop_watch(loop, &loop->timer_watch, loop->timerfd, EPOLLIN,
			timerfd_ready, loop);
	if (rc)
		goto fail_timerfd;
	*out = loop;
	return 0;

fail_timerfd:
	close(loop->timerfd);
fail_epoll:
	close(loop->epfd);
fail_errno:
	rc = -errno;
	free(loop);
	return rc;
}

void loop_destroy(struct loop *loop)
{
	if (!loop)
		return;
	if (loop->signalfd >= 0)
		close(loop->signalfd);
	close(loop->timerfd);
	close(loop->epfd);
	free(loop->heap);
	free(loop);
}

void loop_before_sleep(struct loop *loop, loop_hook_fn *fn, void *ctx)
{
	loop->hook = fn;
	loop->hook_ctx = ctx;
}

int loop_run_once(struct loop *loop, int timeout_ms)
{
	int n;

	if (loop->hook && loop->hook(loop->hook_ctx))
		timeout_ms = 0;
	program_timerfd(loop);
	n = epoll_wait(loop->epfd, loop->batch, BATCH, timeout_ms);
	stamp_wake();
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	loop->batch_len = n;
	for (loop->batch_pos = 0; loop->batch_pos < n; loop->batch_pos++) {
		struct epoll_event *ev = &loop->batch[loop->batch_pos];
		struct loop_watch *w = ev->data.ptr;

		if (w)
			w->fn(w->ctx, ev->events);
	}
	loop->batch_len = 0;
	loop->batch_pos = 0;
	run_timers(loop);
	return 0;
}

int loop_run(struct loop *loop)
{
	int rc = 0;

	loop->stop = false;
	while (!loop->stop && rc == 0)
		rc = loop_run_once(loop, -1);
	return rc;
}

void loop_stop(struct loop *loop)
{
	loop->stop = true;
}
