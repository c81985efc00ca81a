/* idt_entry.S: the interrupt descriptor table's entry points: exception stubs and the three interrupt handlers. */

/* Exceptions that push no error code get a 0 in its place, so every frame has the same layout. */
.macro exception vector, has_error
	.balign 16
exception_\vector:
	.if !\has_error
	pushq	$0
	.endif
	pushq	$\vector
	jmp	exception_common
.endm

	.text
	exception 0, 0
	exception 1, 0
	exception 2, 0
	exception 3, 0
	exception 4, 0
	exception 5, 0
	exception 6, 0
	exception 7, 0
	exception 8, 1
	exception 9, 0
	exception 10, 1
	exception 11, 1
	exception 12, 1
	exception 13, 1
	exception 14, 1
	exception 15, 0
	exception 16, 0
	exception 17, 1
	exception 18, 0
	exception 19, 0
	exception 20, 0
	exception 21, 1
	exception 22, 0
	exception 23, 0
	exception 24, 0
	exception 25, 0
	exception 26, 0
	exception 27, 0
	exception 28, 0
	exception 29, 1
	exception 30, 1
	exception 31, 0

/* Saves the registers as a struct crash_frame (crash.h) and reports; never returns. */
exception_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	kiln_xen_exception
	ud2

	.section .rodata
	.balign 8
	.globl kiln_xen_exception_stubs
kiln_xen_exception_stubs:
	.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.quad exception_\v
	.endr

	.text
/*
 * Interrupts are only enabled while the guest halts (cpu_halt_until_interrupt), so these
 * handlers only end the halt; the code after it looks at what happened.
 */

/* Xen's event channel upcall: Xen injects the vector for as long as evtchn_upcall_pending is set. */
	.globl kiln_xen_upcall_entry
kiln_xen_upcall_entry:
	pushq	%rax
	movq	kiln_xen_upcall_pending(%rip), %rax
	movb	$0, (%rax)
	popq	%rax
	iretq

/* The local APIC timer (no Xen): acknowledge it. */
	.globl kiln_xen_lapic_timer_entry
kiln_xen_lapic_timer_entry:
	pushq	%rax
	movq	kiln_xen_lapic_eoi(%rip), %rax
	movl	$0, (%rax)
	popq	%rax
	iretq

/* The local APIC's spurious vector needs no acknowledgement. */
	.globl kiln_xen_spurious_entry
kiln_xen_spurious_entry:
	iretq

	.section .note.GNU-stack, "", @progbits
