/* ctx_switch_x86_64.S: switches between fiber stacks, saving the SysV x86-64 callee-saved state. */

	.text
	.globl	kiln_ctx_switch
	.type	kiln_ctx_switch, @function
/* void kiln_ctx_switch(void **save_sp, void *next_sp) */
kiln_ctx_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	subq	$8, %rsp
	stmxcsr	(%rsp)
	fnstcw	4(%rsp)
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	ldmxcsr	(%rsp)
	fldcw	4(%rsp)
	addq	$8, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.size	kiln_ctx_switch, .-kiln_ctx_switch

	.globl	kiln_ctx_entry
	.type	kiln_ctx_entry, @function
/* The first "return" of a new fiber lands here, on a 16-byte aligned stack. */
kiln_ctx_entry:
	xorl	%ebp, %ebp
	call	kiln_fiber_main
	ud2
	.size	kiln_ctx_entry, .-kiln_ctx_entry

	.section .note.GNU-stack,"",@progbits
