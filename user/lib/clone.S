# int clone(int (*fn)(void *), void *stack, int flags, void *arg,
#           pid_t *parent_tid, void *tls, pid_t *child_tid)
#
# Asm because the child starts on a new stack with nothing but registers:
# fn and arg are stored at the top of that stack before the system call,
# and the child takes them from there, so it needs only its sp (which the
# kernel sets) and not any other register to survive the clone.
# Raw riscv64 order: clone(flags, stack, parent_tid, tls, child_tid).
	.section .text.clone
	.globl clone
clone:
	beqz a0, 2f
	beqz a1, 2f
	andi a1, a1, -16
	addi a1, a1, -16
	sd a0, 0(a1)		# fn
	sd a3, 8(a1)		# arg
	mv a0, a2
	mv a2, a4
	mv a3, a5
	mv a4, a6
	li a7, 220		# SYS_clone
	ecall
	beqz a0, 1f
	tail sysret		# the parent: the tid, or -1 and errno

1:	# The child: an outermost frame (fp = ra = 0) so backtraces stop here.
	ld t0, 0(sp)
	ld a0, 8(sp)
	li fp, 0
	li ra, 0
	jalr t0
3:	li a7, 93		# SYS_exit with fn's result: this thread only
	ecall
	j 3b

2:	li a0, -22		# -EINVAL: no function or no stack
	tail sysret
