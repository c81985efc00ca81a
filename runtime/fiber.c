/* fiber.c: spawning, ending and joining fibers; yield and sleep. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/log.h>

#include "ctx.h"
#include "platform.h"
#include "sanitizer_fiber.h"
#include "sched.h"

/* ASan's redzones make frames larger: give its builds more room. */
#ifdef KILN_ASAN
#define FIBER_STACK_SIZE (1024 * 1024)
#else
#define FIBER_STACK_SIZE (256 * 1024)
#endif

KILN_LOG_SRC(log_fiber, "fiber", "fibers starting and ending");

static size_t live_fibers;

size_t kiln_sched_live(void)
{
	return live_fibers;
}

int kiln_fiber_spawn(struct kiln_fiber **out, const char *name, kiln_fiber_fn fn, void *arg)
{
	struct kiln_fiber *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	f->stack_size = FIBER_STACK_SIZE;
	f->stack = kiln_plat_stack_alloc(f->stack_size);
	if (!f->stack) {
		free(f);
		return -ENOMEM;
	}
	strncpy(f->name, name ? name : "fiber", sizeof(f->name) - 1);
	f->fn = fn;
	f->arg = arg;
	f->deadline = KILN_FOREVER;
	f->detached = out == NULL;
	f->sp = kiln_ctx_make(f->stack, f->stack_size);
	live_fibers++;
	kiln_sched_enqueue(f);
	kiln_log_debug(&log_fiber, "spawned %s%s (%zu alive)", f->name, f->detached ? ", detached" : "", live_fibers);
	if (out)
		*out = f;
	return 0;
}

void kiln_fiber_main(void)
{
	struct kiln_fiber *f = kiln_sched_current();

	kiln_sched_fiber_started();
	f->result = f->fn(f->arg);
	f->state = FIBER_DONE;
	kiln_log_debug(&log_fiber, "%s ended: %d", f->name, f->result);
	live_fibers--;
	kiln_waitq_wake_all(&f->joiners);
	kiln_sched_retire(f);
	kiln_sched_switch_out();
	__builtin_unreachable();
}

int kiln_fiber_join(struct kiln_fiber *f, int *result)
{
	if (f == kiln_sched_current())
		return -EDEADLK;
	while (f->state != FIBER_DONE)
		kiln_waitq_wait(&f->joiners, KILN_FOREVER);
	if (result)
		*result = f->result;
	kiln_plat_stack_free(f->stack, f->stack_size);
	free(f);
	return 0;
}

void kiln_yield(void)
{
	kiln_sched_enqueue(kiln_sched_current());
	kiln_sched_switch_out();
}

int kiln_sleep_ns(uint64_t ns)
{
	uint64_t now = kiln_plat_monotonic_ns();
	uint64_t deadline = ns > KILN_FOREVER - 1 - now ? KILN_FOREVER - 1 : now + ns;
	int rc = kiln_sched_block(deadline);

	return rc == -ETIMEDOUT ? 0 : rc;
}

const char *kiln_fiber_name(void)
{
	struct kiln_fiber *f = kiln_sched_current();

	return f ? f->name : "scheduler";
}
