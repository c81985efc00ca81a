/* idt.c: the CPU's descriptor tables: the final GDT with a TSS, and the IDT with exception and interrupt entries. */
#include <stdint.h>

#include "idt.h"

#define CODE64 0x08
#define TSS_SEL 0x18
#define GATE_INTERRUPT 0x8e /* present, ring 0, 64-bit interrupt gate (IF cleared on entry) */
#define VECTOR_DOUBLE_FAULT 8

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t zero;
};

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct table_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t kiln_xen_exception_stubs[32];
volatile uint8_t *kiln_xen_upcall_pending;
volatile uint32_t *kiln_xen_lapic_eoi;

static struct idt_gate idt[256] __attribute__((aligned(16)));
static struct tss tss __attribute__((aligned(16)));
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));
/* null, CODE64, DATA (as boot.S had them), then the TSS's two slots. */
static uint64_t gdt[5] __attribute__((aligned(16))) = { 0, 0x00af9a000000ffff, 0x00cf92000000ffff, 0, 0 };

static void set_gate(uint8_t vector, uintptr_t handler, uint8_t ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = (uint16_t)handler,
		.selector = CODE64,
		.ist = ist,
		.type = GATE_INTERRUPT,
		.offset_mid = (uint16_t)(handler >> 16),
		.offset_high = (uint32_t)(handler >> 32),
	};
}

void kiln_xen_idt_set(uint8_t vector, void (*handler)(void))
{
	set_gate(vector, (uintptr_t)handler, 0);
}

static void load_gdt_with_tss(void)
{
	uintptr_t base = (uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	struct table_ptr ptr = { sizeof(gdt) - 1, (uintptr_t)gdt };

	tss.ist[0] = (uintptr_t)(double_fault_stack + sizeof(double_fault_stack));
	tss.iomap_base = sizeof(tss);
	/* A 64-bit available TSS descriptor (type 9, present) over two slots. */
	gdt[TSS_SEL / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 | ((limit >> 16) & 0xf) << 48 |
			   (uint64_t)((base >> 24) & 0xff) << 56;
	gdt[TSS_SEL / 8 + 1] = base >> 32;
	__asm__ volatile("lgdt %0" : : "m"(ptr));
	__asm__ volatile("ltr %w0" : : "r"(TSS_SEL));
}

void kiln_xen_idt_init(void)
{
	struct table_ptr ptr = { sizeof(idt) - 1, (uintptr_t)idt };

	load_gdt_with_tss();
	for (uint8_t v = 0; v < 32; v++)
		set_gate(v, kiln_xen_exception_stubs[v], v == VECTOR_DOUBLE_FAULT ? 1 : 0);
	kiln_xen_idt_set(KILN_XEN_VECTOR_SPURIOUS, kiln_xen_spurious_entry);
	__asm__ volatile("lidt %0" : : "m"(ptr));
}
