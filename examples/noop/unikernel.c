/* unikernel.c: noop starts, does nothing, and ends successfully. */
#include "start_gen.h"

int noop_start(void)
{
	return 0;
}
