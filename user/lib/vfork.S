# vfork() must not be a C function: the child runs on the parent's stack
# until it calls execve or _exit, so a C wrapper's frame would be popped by
# the child's return and then reused by the parent's.  This stub touches no
# memory; the child's return goes through ra, a register of its own.
#
# clone(CLONE_VM | CLONE_VFORK | SIGCHLD, stack 0, ...): the child uses the
# caller's sp, the parent sleeps until the child execs or exits.
	.section .text.vfork
	.globl vfork
vfork:
	li a0, 0x4111
	li a1, 0
	li a2, 0
	li a3, 0
	li a4, 0
	li a7, 220		# SYS_clone
	ecall
	li t0, -4096
	bgtu a0, t0, 1f		# -4095..-1: an error, and only the parent gets one
	ret
1:	tail sysret		# sets errno, returns -1
