/* boot.S: the PVH entry: Xen ELF notes, 32-bit start, identity page tables, long mode, then kiln_xen_start in C. */
#include <xen/elfnote.h>

#define PAGE 4096
#define PTE_P 0x1
#define PTE_W 0x2
#define PTE_PS 0x80
#define CR0_PE (1 << 0)
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_NE (1 << 5)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define CODE64 0x08
#define DATA 0x10
#define BOOT_STACK_SIZE (64 * 1024)

/* An ELF note "Xen" of type \type whose descriptor is \desc (assembler data directives). */
.macro xen_note type, desc:vararg
	.balign 4
	.long 4, 2f - 1f, \type
	.asciz "Xen"
1:	\desc
2:	.balign 4
.endm

	/* Xen's domain builder and QEMU's -kernel both enter a PVH guest at PHYS32_ENTRY.
	 * There is no multiboot header: QEMU would prefer it to the PVH note. */
	.section .note.Xen, "a", @note
	xen_note XEN_ELFNOTE_GUEST_OS, .asciz "Kiln"
	xen_note XEN_ELFNOTE_PHYS32_ENTRY, .long kiln_xen_entry32

	.data
	.balign 8
	.globl kiln_xen_boot_tsc
kiln_xen_boot_tsc:
	.quad 0

	.section .rodata
	.balign 16
/* Enough to reach long mode; idt.c installs the final GDT (same selectors, plus a TSS). */
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* CODE64: 64-bit ring 0 code */
	.quad 0x00cf92000000ffff	/* DATA: flat ring 0 data */
boot_gdt_end:
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.long boot_gdt

	.bss
	.balign PAGE
pml4:	.skip PAGE
pdpt:	.skip PAGE
pd:	.skip 4 * PAGE		/* 2048 entries of 2 MiB: the first 4 GiB */
pt0:	.skip PAGE		/* the first 2 MiB in 4 KiB pages, so that page 0 can stay unmapped */
	.balign 16
boot_stack:
	.skip BOOT_STACK_SIZE
boot_stack_top:

	.code32
	.section .text.entry, "ax"
	.globl kiln_xen_entry32
	.type kiln_xen_entry32, @function
/* Entered in 32-bit protected mode, paging off, %ebx = the hvm_start_info's physical address. */
kiln_xen_entry32:
	rdtsc
	movl	%eax, kiln_xen_boot_tsc
	movl	%edx, kiln_xen_boot_tsc + 4
	movl	%ebx, %esi

	/* A clean .bss, page tables included. */
	cld
	movl	$_bss_start, %edi
	movl	$_bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	/* pt0: pages 1..511 identity-mapped; page 0 absent, so NULL dereferences fault. */
	movl	$pt0 + 8, %edi
	movl	$PAGE + PTE_P + PTE_W, %eax
	movl	$511, %ecx
1:	movl	%eax, (%edi)
	addl	$PAGE, %eax
	addl	$8, %edi
	loop	1b

	/* pd: 2 MiB pages up to 4 GiB, except the first, which is pt0. */
	movl	$pd, %edi
	movl	$PTE_P + PTE_W + PTE_PS, %eax
	movl	$2048, %ecx
2:	movl	%eax, (%edi)
	addl	$0x200000, %eax
	addl	$8, %edi
	loop	2b
	movl	$pt0 + PTE_P + PTE_W, pd

	movl	$pd + PTE_P + PTE_W, pdpt
	movl	$pd + PAGE + PTE_P + PTE_W, pdpt + 8
	movl	$pd + 2 * PAGE + PTE_P + PTE_W, pdpt + 16
	movl	$pd + 3 * PAGE + PTE_P + PTE_W, pdpt + 24
	movl	$pdpt + PTE_P + PTE_W, pml4

	/* PAE paging with SSE enabled, long mode on, then paging on. */
	movl	$pml4, %eax
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$CR4_PAE + CR4_OSFXSR + CR4_OSXMMEXCPT, %eax
	movl	%eax, %cr4
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	andl	$~CR0_EM, %eax
	orl	$CR0_PE + CR0_MP + CR0_NE + CR0_WP + CR0_PG, %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$CODE64, $entry64

	.code64
entry64:
	movl	$DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	fninit
	movl	%esi, %edi
	call	kiln_xen_start
	ud2
	.size kiln_xen_entry32, . - kiln_xen_entry32

	.section .note.GNU-stack, "", @progbits
