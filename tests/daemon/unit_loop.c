// SPDX-License-Identifier: GPL-2.0-only
/*
 * The event loop: fd dispatch, removal of a watch from inside a callback
 * of the same wakeup, timer ordering through the heap (including a
 * randomized stress against a sorted reference), past deadlines, signals
 * as events, the before-sleep hook and loop_stop.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "loop.h"
#include "tap.h"

struct pipe_end {
	struct loop_watch watch;
	int fds[2];
	unsigned int fired;
	struct loop *loop;
	struct pipe_end *victim;	/* unwatched by this one's callback */
};

static void pipe_ready(void *ctx, uint32_t events)
{
	struct pipe_end *p = ctx;
	char c;

	p->fired++;
	if (events & EPOLLIN)
		(void)!read(p->fds[0], &c, 1);
	if (p->victim) {
		loop_unwatch(p->loop, &p->victim->watch);
		p->victim->fired += 100;	/* marks "owner freed" */
	}
}

static void open_pipe(struct loop *loop, struct pipe_end *p)
{
	memset(p, 0, sizeof(*p));
	p->loop = loop;
	p->watch.fd = -1;
	if (pipe(p->fds))
		abort();
	loop_watch(loop, &p->watch, p->fds[0], EPOLLIN, pipe_ready, p);
}

static void test_fd_dispatch(struct loop *loop)
{
	struct pipe_end a, b;

	open_pipe(loop, &a);
	open_pipe(loop, &b);
	(void)!write(a.fds[1], "x", 1);
	loop_run_once(loop, 1000);
	ok(a.fired == 1 && b.fired == 0, "only the ready fd is dispatched");

	a.victim = &b;
	b.victim = &a;
	(void)!write(a.fds[1], "x", 1);
	(void)!write(b.fds[1], "x", 1);
	loop_run_once(loop, 1000);
	ok((a.fired == 2 && b.fired == 100) || (b.fired == 1 && a.fired == 101),
	   "a watch removed by an earlier callback of the same wakeup is not called");
	loop_unwatch(loop, &a.watch);
	loop_unwatch(loop, &b.watch);
	ok(a.watch.fd == -1 && b.watch.fd == -1, "unwatch twice is harmless");
	close(a.fds[0]); close(a.fds[1]); close(b.fds[0]); close(b.fds[1]);
}

struct order {
	uint64_t last;
	unsigned int count;
	bool sorted, early;
};

struct stamp_timer {
	struct loop_timer timer;
	struct order *order;
};

static void stamp(void *ctx)
{
	struct stamp_timer *st = ctx;

	st->order->sorted &= st->timer.deadline >= st->order->last;
	st->order->early |= loop_clock() < st->timer.deadline;
	st->order->last = st->timer.deadline;
	st->order->count++;
}

static void run_until(struct loop *loop, unsigned int *count, unsigned int want)
{
	for (int spins = 0; *count < want && spins < 1000; spins++)
		loop_run_once(loop, 100);
}

static void test_timer_order(struct loop *loop)
{
	enum { N = 1000 };
	static struct stamp_timer timers[N];
	struct order order = { 0, 0, true, false };
	uint64_t base = loop_clock() + 2000000;
	unsigned int armed = 0;

	srand(7);
	for (int i = 0; i < N; i++) {
		timers[i].order = &order;
		loop_timer_init(loop, &timers[i].timer, stamp, &timers[i]);
		loop_timer_arm(loop, &timers[i].timer, base + (uint64_t)(rand() % 20000000));
	}
	/* Move some, disarm some: the heap must stay ordered. */
	for (int i = 0; i < N; i += 3)
		loop_timer_arm(loop, &timers[i].timer, base + (uint64_t)(rand() % 20000000));
	for (int i = 1; i < N; i += 7)
		loop_timer_disarm(loop, &timers[i].timer);
	for (int i = 0; i < N; i++)
		armed += loop_timer_armed(&timers[i].timer);
	run_until(loop, &order.count, armed);
	is_num(order.count, armed, "every armed timer fired once (%u)", armed);
	ok(order.sorted, "timers fired in deadline order");
	ok(!order.early, "none fired before its deadline");
}

static void test_past_deadline(struct loop *loop)
{
	struct order order = { 0, 0, true, false };
	struct stamp_timer st = { .order = &order };

	loop_timer_init(loop, &st.timer, stamp, &st);
	loop_timer_arm(loop, &st.timer, 1);
	loop_run_once(loop, 1000);
	is_num(order.count, 1, "a deadline in the past fires at the next wakeup");
	ok(!loop_timer_armed(&st.timer), "a fired timer is disarmed");
}

static void on_signal(void *ctx, int signo)
{
	*(int *)ctx = signo;
}

/* Reports work remaining for its first two calls. */
static bool count_hook(void *ctx)
{
	return ++*(unsigned int *)ctx < 3;
}

static void stop_from_timer(void *ctx)
{
	loop_stop(ctx);
}

static void test_signals_hook_stop(struct loop *loop)
{
	sigset_t set;
	int got = 0;
	unsigned int hooks = 0;
	struct loop_timer stopper;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	is_num(loop_signals(loop, &set, on_signal, &got), 0, "signalfd set up");
	raise(SIGUSR1);
	loop_before_sleep(loop, count_hook, &hooks);
	loop_run_once(loop, 1000);
	is_num(got, SIGUSR1, "SIGUSR1 delivered as a loop event");
	ok(hooks == 1, "before-sleep hook ran");
	uint64_t t0 = loop_clock();
	loop_run_once(loop, 1000);
	ok(loop_clock() - t0 < 500000000, "hook with work left: the loop did not sleep");
	loop_before_sleep(loop, NULL, NULL);
	loop_timer_init(loop, &stopper, stop_from_timer, loop);
	loop_timer_arm(loop, &stopper, loop_clock() + 1000000);
	is_num(loop_run(loop), 0, "loop_run returns after loop_stop()");
}

int main(void)
{
	struct loop *loop;

	if (!ok(loop_create(&loop) == 0, "loop created"))
		return tap_done();
	test_fd_dispatch(loop);
	test_timer_order(loop);
	test_past_deadline(loop);
	test_signals_hook_stop(loop);
	loop_destroy(loop);
	return tap_done();
}
