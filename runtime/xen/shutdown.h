/* shutdown.h: how the unikernel ends: powered off, or crashed, with the status visible outside. */
#ifndef KILN_XEN_SHUTDOWN_H
#define KILN_XEN_SHUTDOWN_H

/*
 * On Xen: status 0 shuts the domain down with SHUTDOWN_poweroff, any other status with
 * SHUTDOWN_crash (so the toolstack sees the failure; on_crash decides what remains).
 * Without Xen: QEMU's isa-debug-exit device (port 0x501) ends QEMU with exit status
 * 2 * status + 1; without that device the vCPU halts for good.
 */
_Noreturn void kiln_xen_shutdown(int status);

/* Asks the toolstack to restart the domain (SHUTDOWN_reboot; on_reboot decides). Without Xen,
 * as kiln_xen_shutdown(0). */
_Noreturn void kiln_xen_reboot(void);

/* What kiln_xen_crash passes to isa-debug-exit: QEMU then exits with status 255. */
#define KILN_XEN_CRASH_STATUS 127

/* Ends a unikernel that crashed (exception, abort, heap corruption): SHUTDOWN_crash on Xen,
 * KILN_XEN_CRASH_STATUS without. Say why on the console first. */
_Noreturn void kiln_xen_crash(void);

#endif
