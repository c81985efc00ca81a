/* shutdown.c: ending the unikernel: SCHEDOP_shutdown on Xen, isa-debug-exit under plain QEMU. */
#include "cpu.h"
#include "hypercall.h"
#include "shutdown.h"

#define DEBUG_EXIT_PORT 0x501

static _Noreturn void end(int status, unsigned xen_reason)
{
	if (kiln_xen_present()) {
		struct sched_shutdown s = { .reason = xen_reason };
		xen_sched_op(SCHEDOP_shutdown, &s);
	} else {
		cpu_outb(DEBUG_EXIT_PORT, (uint8_t)status);
	}
	cpu_halt_forever();
}

void kiln_xen_shutdown(int status)
{
	end(status, status == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash);
}

void kiln_xen_reboot(void)
{
	end(0, SHUTDOWN_reboot);
}

void kiln_xen_crash(void)
{
	end(KILN_XEN_CRASH_STATUS, SHUTDOWN_crash);
}
