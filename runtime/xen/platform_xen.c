/* platform_xen.c: the xen platform for the portable runtime: event channels or the APIC timer for waits, the console for output and logs. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/fiber.h>
#include <kiln/log.h>

#include "../platform.h"
#include "clock.h"
#include "console_ring.h"
#include "control.h"
#include "cpu.h"
#include "entry.h"
#include "evtchn.h"
#include "grant_table.h"
#include "hypercall.h"
#include "idle.h"
#include "serial.h"
#include "shutdown.h"
#include "xenstore.h"

#define PAGE_SIZE 4096
#define STACK_CANARY 0x6b696c6e5f737461ull /* "kiln_sta" */
#define CANARY_WORDS 8
#define WATCH_TIMEOUT_NS 1000000000ull

KILN_LOG_SRC(log_xen, "xen", "the xen platform: boot, Xen's services");

/* Exercises the xenstore client: reads, a directory, a transaction with a write, a watch. */
static void log_xenstore(void)
{
	char *name = NULL, *domid = NULL, *names = NULL, *fired = NULL;
	struct kiln_xen_xs_watch watch;
	char home[32];
	size_t len, count = 0;
	uint32_t tx = 0;
	int rc, end;

	rc = kiln_xen_xs_read(0, "name", &name, &len);
	if (rc == 0)
		rc = kiln_xen_xs_read(0, "domid", &domid, &len);
	if (rc < 0)
		goto out;
	snprintf(home, sizeof(home), "/local/domain/%s", domid);
	rc = kiln_xen_xs_directory(0, home, &names, &count);
	if (rc == 0)
		rc = kiln_xen_xs_transaction_start(&tx);
	if (rc < 0)
		goto out;
	rc = kiln_xen_xs_write(tx, "data/kiln", "booted");
	end = kiln_xen_xs_transaction_end(tx, rc == 0);
	rc = rc < 0 ? rc : end;
	if (rc == 0)
		rc = kiln_xen_xs_watch(&watch, "data/kiln");
	if (rc < 0)
		goto out;
	rc = kiln_xen_xs_watch_wait(&watch, kiln_xen_clock_ns(NULL) + WATCH_TIMEOUT_NS, &fired);
	kiln_xen_xs_unwatch(&watch);
out:
	if (rc < 0)
		kiln_log_debug(&log_xen, "xenstore: %s", strerror(-rc));
	else
		kiln_log_debug(&log_xen, "xenstore: name \"%s\", domid %s, %zu entries in %s; wrote data/kiln in "
			       "transaction %u; watch fired for %s", name, domid, count, home, tx, fired);
	free(name);
	free(domid);
	free(names);
	free(fired);
}

/* Exercises the grant table: a page granted to domain 0, then taken back. */
static void log_grant_table(void)
{
	void *page = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	grant_ref_t ref = 0;
	int rc = page ? kiln_xen_gnttab_grant(0, page, true, &ref) : -ENOMEM;

	if (rc == 0)
		rc = kiln_xen_gnttab_end(ref);
	kiln_log_debug(&log_xen, "grant table: %u frames; page %p granted to domain 0 as ref %u and ended: %s",
		       kiln_xen_gnttab_frames(), page, ref, strerror(-rc));
	free(page);
}

/* Event channels and the timer; xenstore and grant tables, which a domain may lack (a warning). */
static int init_xen(void)
{
	int rc = kiln_xen_evtchn_init();

	if (rc == 0)
		rc = kiln_xen_idle_init();
	if (rc < 0)
		return rc;
	rc = kiln_xen_xs_init();
	if (rc < 0)
		kiln_log_warn(&log_xen, "no xenstore: %s", strerror(-rc));
	else if ((rc = kiln_xen_control_init()) < 0)
		kiln_log_warn(&log_xen, "shutdown requests will be ignored: cannot watch control/shutdown: %s",
			      strerror(-rc));
	rc = kiln_xen_gnttab_init();
	if (rc < 0)
		kiln_log_warn(&log_xen, "no grant table: %s", strerror(-rc));
	return 0;
}

int kiln_plat_init(void)
{
	uint32_t version = kiln_xen_version();
	uint64_t boot_ns;
	int rc = kiln_xen_present() ? init_xen() : kiln_xen_idle_init();

	if (rc < 0)
		return rc;
	boot_ns = kiln_xen_clock_tsc_to_ns(cpu_rdtsc() - kiln_xen_boot_tsc);
	if (!kiln_log_enabled(&log_xen, KILN_LOG_DEBUG))
		return 0;
	if (kiln_xen_present())
		kiln_log_debug(&log_xen, "Xen %u.%u; console: %s", version >> 16, version & 0xffff,
			       kiln_xen_console_ring_ready() ? "PV console ring" : "none");
	else
		kiln_log_debug(&log_xen, "no Xen; console: COM1");
	kiln_log_debug(&log_xen, "clock: %s, TSC at %lu kHz; booted in %lu us (PVH entry to platform init)",
		       kiln_xen_clock_source(), kiln_xen_clock_tsc_hz() / 1000, boot_ns / 1000);
	if (kiln_xen_present()) {
		log_xenstore();
		log_grant_table();
	}
	return 0;
}

uint64_t kiln_plat_monotonic_ns(void)
{
	return kiln_xen_clock_ns(NULL);
}

int kiln_plat_wall(int64_t *sec, uint32_t *nsec)
{
	return kiln_xen_clock_wall(sec, nsec);
}

int kiln_plat_poll(uint64_t deadline_ns)
{
	if (!kiln_xen_present()) {
		/* No I/O without Xen: only the timer can end a wait. */
		if (deadline_ns != 0)
			kiln_xen_idle_until(deadline_ns);
		return 0;
	}
	kiln_xen_control_poll();
	if (kiln_xen_evtchn_dispatch() > 0 || deadline_ns == 0)
		return 0;
	kiln_xen_idle_until(deadline_ns);
	kiln_xen_evtchn_dispatch();
	kiln_xen_control_poll();
	return 0;
}

size_t kiln_plat_io_waiters(void)
{
	return kiln_xen_evtchn_waiters();
}

/* Stacks come from the heap, with no guard page (the page tables use 2 MiB pages): a canary
 * at the bottom catches an overflow when the stack is freed. */
void *kiln_plat_stack_alloc(size_t size)
{
	uint64_t *stack = aligned_alloc(64, size);

	for (int i = 0; stack && i < CANARY_WORDS; i++)
		stack[i] = STACK_CANARY;
	return stack;
}

void kiln_plat_stack_free(void *stack, size_t size)
{
	const uint64_t *bottom = stack;

	for (int i = 0; i < CANARY_WORDS; i++) {
		if (bottom[i] != STACK_CANARY) {
			fprintf(stderr, "kiln: a fiber overflowed its %zu-byte stack at %p\n", size, stack);
			kiln_xen_crash();
		}
	}
	free(stack);
}

int kiln_plat_random(void *buf, size_t len)
{
	char *p = buf;

	if (!(cpu_cpuid(1, 0).ecx & CPUID1_ECX_RDRAND))
		return -ENOSYS;
	while (len > 0) {
		uint64_t v;
		size_t n = len < sizeof(v) ? len : sizeof(v);
		if (!cpu_rdrand(&v))
			return -EIO;
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	return 0;
}

int kiln_plat_console_write(const void *buf, size_t len)
{
	if (kiln_xen_console_ring_ready())
		kiln_xen_console_ring_write(buf, len);
	else
		kiln_xen_serial_write(buf, len);
	return 0;
}

/* The PV console and COM1 may end anywhere (a log file, xl console): no colours. */
bool kiln_plat_console_is_terminal(void)
{
	return false;
}

/* Logs share the console: a guest has one output. */
void kiln_plat_log_write(const char *buf, size_t len)
{
	kiln_plat_console_write(buf, len);
}
