/* unikernel.c: crash_null writes through a NULL pointer: on xen, a page fault and a crash report. */
#include <stdint.h>

#include "start_gen.h"

/* Read at run time, so the compiler cannot see the store below is through NULL (and drop it). */
static volatile uintptr_t address;

int crash_null_start(void)
{
	*(volatile int *)address = 42;
	return 0;
}
