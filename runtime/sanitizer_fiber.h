/* sanitizer_fiber.h: tells AddressSanitizer about stack switches, and compiles to nothing without it. */
#ifndef KILN_SANITIZER_FIBER_H
#define KILN_SANITIZER_FIBER_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
#define KILN_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define KILN_ASAN 1
#endif
#endif

struct fiber_stack_bounds {
	const void *bottom;
	size_t size;
};

#ifdef KILN_ASAN
#include <sanitizer/common_interface_defs.h>

/* Before a switch: fake_save keeps this context's fake stack (NULL when it ends for good). */
static inline void sanitizer_switch_start(void **fake_save, const struct fiber_stack_bounds *to)
{
	__sanitizer_start_switch_fiber(fake_save, to->bottom, to->size);
}

/* After a switch, in the context switched to; from (if not NULL) receives the previous stack. */
static inline void sanitizer_switch_finish(void *fake, struct fiber_stack_bounds *from)
{
	if (from)
		__sanitizer_finish_switch_fiber(fake, &from->bottom, &from->size);
	else
		__sanitizer_finish_switch_fiber(fake, NULL, NULL);
}
#else
static inline void sanitizer_switch_start(void **fake_save, const struct fiber_stack_bounds *to)
{
	(void)fake_save;
	(void)to;
}

static inline void sanitizer_switch_finish(void *fake, struct fiber_stack_bounds *from)
{
	(void)fake;
	(void)from;
}
#endif

#endif
