// Context switch: save the callee-saved registers of the running task and
// load the next task's; tp becomes the next task.  Everything else is on the
// tasks' own kernel stacks.
//
// void switch_to(struct context *prev, struct context *next, struct task *next_task)
  .section .text
  .globl switch_to
switch_to:
  sd    ra, 0(a0)
  sd    sp, 8(a0)
  sd    s0, 16(a0)
  sd    s1, 24(a0)
  sd    s2, 32(a0)
  sd    s3, 40(a0)
  sd    s4, 48(a0)
  sd    s5, 56(a0)
  sd    s6, 64(a0)
  sd    s7, 72(a0)
  sd    s8, 80(a0)
  sd    s9, 88(a0)
  sd    s10, 96(a0)
  sd    s11, 104(a0)
  ld    ra, 0(a1)
  ld    sp, 8(a1)
  ld    s0, 16(a1)
  ld    s1, 24(a1)
  ld    s2, 32(a1)
  ld    s3, 40(a1)
  ld    s4, 48(a1)
  ld    s5, 56(a1)
  ld    s6, 64(a1)
  ld    s7, 72(a1)
  ld    s8, 80(a1)
  ld    s9, 88(a1)
  ld    s10, 96(a1)
  ld    s11, 104(a1)
  mv    tp, a2
  ret

// First run of a new task (its context's ra).  s1 = kernel function to run
// first (or 0), s2 = its argument; then enter user mode through the
// trapframe at sp.
  .globl task_start
task_start:
  call  finish_switch
  beqz  s1, 1f
  mv    a0, s2
  jalr  s1
1:
  j     trap_return

// FP state of user tasks (the kernel itself never uses FP).
// void fp_save(uint64_t regs[33]) / fp_restore(const uint64_t regs[33]);
// sstatus.FS must not be Off when these run.
  .option push
  .option arch, +d
  .globl fp_save
fp_save:
  fsd   f0, 0(a0)
  fsd   f1, 8(a0)
  fsd   f2, 16(a0)
  fsd   f3, 24(a0)
  fsd   f4, 32(a0)
  fsd   f5, 40(a0)
  fsd   f6, 48(a0)
  fsd   f7, 56(a0)
  fsd   f8, 64(a0)
  fsd   f9, 72(a0)
  fsd   f10, 80(a0)
  fsd   f11, 88(a0)
  fsd   f12, 96(a0)
  fsd   f13, 104(a0)
  fsd   f14, 112(a0)
  fsd   f15, 120(a0)
  fsd   f16, 128(a0)
  fsd   f17, 136(a0)
  fsd   f18, 144(a0)
  fsd   f19, 152(a0)
  fsd   f20, 160(a0)
  fsd   f21, 168(a0)
  fsd   f22, 176(a0)
  fsd   f23, 184(a0)
  fsd   f24, 192(a0)
  fsd   f25, 200(a0)
  fsd   f26, 208(a0)
  fsd   f27, 216(a0)
  fsd   f28, 224(a0)
  fsd   f29, 232(a0)
  fsd   f30, 240(a0)
  fsd   f31, 248(a0)
  frcsr t0
  sd    t0, 256(a0)
  ret

  .globl fp_restore
fp_restore:
  fld   f0, 0(a0)
  fld   f1, 8(a0)
  fld   f2, 16(a0)
  fld   f3, 24(a0)
  fld   f4, 32(a0)
  fld   f5, 40(a0)
  fld   f6, 48(a0)
  fld   f7, 56(a0)
  fld   f8, 64(a0)
  fld   f9, 72(a0)
  fld   f10, 80(a0)
  fld   f11, 88(a0)
  fld   f12, 96(a0)
  fld   f13, 104(a0)
  fld   f14, 112(a0)
  fld   f15, 120(a0)
  fld   f16, 128(a0)
  fld   f17, 136(a0)
  fld   f18, 144(a0)
  fld   f19, 152(a0)
  fld   f20, 160(a0)
  fld   f21, 168(a0)
  fld   f22, 176(a0)
  fld   f23, 184(a0)
  fld   f24, 192(a0)
  fld   f25, 200(a0)
  fld   f26, 208(a0)
  fld   f27, 216(a0)
  fld   f28, 224(a0)
  fld   f29, 232(a0)
  fld   f30, 240(a0)
  fld   f31, 248(a0)
  ld    t0, 256(a0)
  fscsr t0
  ret
  .option pop
