/* entry.c: the guest's C entry: the CPU tables, Xen or COM1, the heap and the clock, then main(argc, argv). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmdline.h"
#include "console_ring.h"
#include "entry.h"
#include "hypercall.h"
#include "idt.h"
#include "libc/malloc.h"
#include "serial.h"
#include "shared_info.h"
#include "shutdown.h"
#include "start_info.h"

#define PAGE_SIZE 4096
#define MAPPED_END 0x100000000ull /* boot.S maps the first 4 GiB */

/* The unikernel's main, from the main.c kiln configure generates. */
int main(int argc, char **argv);

/* The end of the image (the linker script's symbol). */
extern char _image_end[];

static _Noreturn void fail(const char *what, int err)
{
	fprintf(stderr, "kiln: cannot boot: %s: %s\n", what, strerror(-err));
	kiln_xen_crash();
}

/* Xen's console ring, or COM1 without Xen; on Xen, the shared info page too. */
static void connect_console(void)
{
	int rc;

	if (kiln_xen_hypercall_init() < 0) {
		kiln_xen_serial_init();
		return;
	}
	/* Without a console ring (no xenconsoled) output is lost, but the guest still runs. */
	kiln_xen_console_ring_init();
	rc = kiln_xen_shared_info_init();
	if (rc < 0)
		fail("mapping Xen's shared info page", rc);
}

/* The heap: the RAM region the image is in, from the image's end. */
static void init_heap(void)
{
	uintptr_t start = ((uintptr_t)_image_end + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	uint64_t end = kiln_xen_start_info_ram_end(start, MAPPED_END);

	if (end <= start + PAGE_SIZE)
		fail("the memory map", -ENOMEM);
	kiln_xen_heap_init((void *)start, (void *)(uintptr_t)end);
}

void kiln_xen_start(uint32_t start_info_paddr)
{
	char **argv;
	int argc, rc;

	kiln_xen_idt_init();
	connect_console();
	rc = kiln_xen_start_info_load(start_info_paddr);
	if (rc < 0)
		fail("hvm_start_info", rc);
	init_heap();
	rc = kiln_xen_clock_init();
	if (rc < 0)
		fail("no clock (Xen, KVM or the PIT)", rc);
	rc = kiln_xen_cmdline_split(kiln_xen_start_info_cmdline(), "kiln", &argc, &argv);
	if (rc < 0)
		fail("the command line", rc);
	exit(main(argc, argv));
}
