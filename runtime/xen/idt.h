/* idt.h: the CPU's descriptor tables: the final GDT with a TSS, and the IDT with exception and interrupt entries. */
#ifndef KILN_XEN_IDT_H
#define KILN_XEN_IDT_H

#include <stdint.h>

/* The vectors Kiln uses besides the exceptions (0..31). */
#define KILN_XEN_VECTOR_UPCALL 0xf0
#define KILN_XEN_VECTOR_LAPIC_TIMER 0xf1
#define KILN_XEN_VECTOR_SPURIOUS 0xff

/* Loads the GDT (with a TSS whose IST1 gives double faults a stack of their own) and an IDT
 * that reports every exception through kiln_xen_exception. */
void kiln_xen_idt_init(void);

/* Routes vector to handler (an entry point from idt_entry.S, ending in iretq). */
void kiln_xen_idt_set(uint8_t vector, void (*handler)(void));

/* Entry points in idt_entry.S. */
void kiln_xen_upcall_entry(void);
void kiln_xen_lapic_timer_entry(void);
void kiln_xen_spurious_entry(void);

/* What the upcall and timer entries write: the vcpu_info's evtchn_upcall_pending byte,
 * and the local APIC's EOI register. Set before routing the vector. */
extern volatile uint8_t *kiln_xen_upcall_pending;
extern volatile uint32_t *kiln_xen_lapic_eoi;

#endif
