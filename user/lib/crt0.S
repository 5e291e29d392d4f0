# Program entry.  The kernel (or Linux) starts us with sp pointing at the
# initial stack: argc, argv[], NULL, envp[], NULL, auxv.  Hand that pointer
# to C; the ABI wants a 16-byte aligned sp and a zero frame pointer so
# backtraces stop here.
	.section .text._start
	.globl _start
_start:
	.option push
	.option norelax
	la gp, __global_pointer$
	.option pop
	mv a0, sp
	andi sp, sp, -16
	li fp, 0
	li ra, 0
	call __libc_start
1:	j 1b
