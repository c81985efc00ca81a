/* sched.c: the cooperative scheduler: run queue, timers, switching, and waiting on the platform when idle. */
#include <errno.h>
#include <stdlib.h>

#include <kiln/log.h>

#include "ctx.h"
#include "platform.h"
#include "sanitizer_fiber.h"
#include "sched.h"
#include "timer_heap.h"

KILN_LOG_SRC(log_sched, "sched", "the fiber scheduler");

static struct {
	struct kiln_fiber *current;
	struct kiln_fiber *run_head, *run_tail;
	struct timer_heap timers;
	void *sched_sp;            /* the scheduler's own saved stack pointer */
	struct fiber_stack_bounds sched_stack;
	struct kiln_fiber *zombie; /* a detached fiber that ended; freed once off its stack */
} s;

struct kiln_fiber *kiln_sched_current(void)
{
	return s.current;
}

void kiln_sched_enqueue(struct kiln_fiber *f)
{
	f->state = FIBER_RUNNABLE;
	f->run_next = NULL;
	if (s.run_tail)
		s.run_tail->run_next = f;
	else
		s.run_head = f;
	s.run_tail = f;
}

static struct kiln_fiber *dequeue(void)
{
	struct kiln_fiber *f = s.run_head;

	if (f) {
		s.run_head = f->run_next;
		if (!s.run_head)
			s.run_tail = NULL;
	}
	return f;
}

void kiln_sched_switch_out(void)
{
	struct kiln_fiber *f = s.current;
	bool ending = f->state == FIBER_DONE;

	sanitizer_switch_start(ending ? NULL : &f->asan_fake_stack, &s.sched_stack);
	kiln_ctx_switch(&f->sp, s.sched_sp);
	sanitizer_switch_finish(f->asan_fake_stack, NULL);
}

int kiln_sched_block(uint64_t deadline_ns)
{
	struct kiln_fiber *f = s.current;
	int rc;

	f->state = FIBER_BLOCKED;
	f->wake_result = 0;
	f->deadline = deadline_ns;
	if (deadline_ns != KILN_FOREVER) {
		rc = timer_heap_push(&s.timers, f);
		if (rc < 0) {
			f->state = FIBER_RUNNABLE;
			f->deadline = KILN_FOREVER;
			kiln_waitq_remove(f);
			return rc;
		}
	}
	kiln_sched_switch_out();
	return f->wake_result;
}

void kiln_sched_wake(struct kiln_fiber *f, int result)
{
	if (f->state != FIBER_BLOCKED)
		return;
	if (f->deadline != KILN_FOREVER) {
		timer_heap_remove(&s.timers, f);
		f->deadline = KILN_FOREVER;
	}
	kiln_waitq_remove(f);
	f->wake_result = result;
	kiln_sched_enqueue(f);
}

static void run_fiber(struct kiln_fiber *f)
{
	struct fiber_stack_bounds to = { f->stack, f->stack_size };
	void *fake = NULL;

	s.current = f;
	sanitizer_switch_start(&fake, &to);
	kiln_ctx_switch(&s.sched_sp, f->sp);
	sanitizer_switch_finish(fake, NULL);
	s.current = NULL;
	if (s.zombie) {
		kiln_plat_stack_free(s.zombie->stack, s.zombie->stack_size);
		free(s.zombie);
		s.zombie = NULL;
	}
}

void kiln_sched_retire(struct kiln_fiber *f)
{
	if (f->detached)
		s.zombie = f;
}

void kiln_sched_fiber_started(void)
{
	sanitizer_switch_finish(NULL, &s.sched_stack);
}

static void fire_timers(uint64_t now)
{
	struct kiln_fiber *f;

	while ((f = timer_heap_min(&s.timers)) && f->deadline <= now)
		kiln_sched_wake(f, -ETIMEDOUT);
}

static int wait_idle(void)
{
	struct kiln_fiber *next = timer_heap_min(&s.timers);

	if (!next && kiln_plat_io_waiters() == 0)
		return -EDEADLK;
	return kiln_plat_poll(next ? next->deadline : KILN_FOREVER);
}

int kiln_sched_run(void)
{
	int rc = 0;

	while (kiln_sched_live() > 0) {
		struct kiln_fiber *last, *f;

		fire_timers(kiln_plat_monotonic_ns());
		if (!s.run_head) {
			rc = wait_idle();
			if (rc < 0)
				break;
			continue;
		}
		/* One round: the fibers queued now, so yield loops cannot starve I/O. */
		last = s.run_tail;
		do {
			f = dequeue();
			run_fiber(f);
		} while (f != last);
		rc = kiln_plat_poll(0);
		if (rc < 0)
			break;
	}
	if (rc == -EDEADLK)
		kiln_log_err(&log_sched, "%zu fiber(s) blocked forever: nothing left could wake them", kiln_sched_live());
	timer_heap_free(&s.timers);
	return rc;
}
