// Trap entry and exit.  There is no page-table switch: the kernel is mapped
// in every address space.  In the kernel, tp holds the current task and
// sscratch is 0; in user mode, sscratch holds the task and tp is the user's.
#include "arch/riscv.h"
#include "mm/memlayout.h"

#define FRAME     288              // sizeof(struct trapframe), rounded to 16
#define T_KSTACK  0                // offsets in struct task
#define T_SP      8
#define T_T0      16
#define T_T1      24

  .section .text
  .globl trap_entry
  .balign 4
trap_entry:
  csrrw tp, sscratch, tp
  bnez  tp, from_user
  // From the kernel: tp was swapped into sscratch; take it back, leave 0.
  csrrw tp, sscratch, zero
  sd    sp, T_SP(tp)
  sd    t0, T_T0(tp)
  sd    t1, T_T1(tp)
  // Has sp run into the guard pages below a kernel stack?
  li    t0, KSTACK_BASE
  sub   t0, sp, t0
  li    t1, KSTACK_REGION
  bgeu  t0, t1, save              // not a task stack (the boot stack)
  li    t1, KSTACK_SLOT - 1
  and   t0, t0, t1
  li    t1, KSTACK_SLOT - KSTACK_SIZE + FRAME
  bltu  t0, t1, stack_overflow
  j     save
from_user:
  sd    sp, T_SP(tp)
  sd    t0, T_T0(tp)
  sd    t1, T_T1(tp)
  ld    sp, T_KSTACK(tp)
save:
  addi  sp, sp, -FRAME
  sd    ra, 0(sp)
  sd    gp, 16(sp)
  sd    t2, 48(sp)
  sd    s0, 56(sp)
  sd    s1, 64(sp)
  sd    a0, 72(sp)
  sd    a1, 80(sp)
  sd    a2, 88(sp)
  sd    a3, 96(sp)
  sd    a4, 104(sp)
  sd    a5, 112(sp)
  sd    a6, 120(sp)
  sd    a7, 128(sp)
  sd    s2, 136(sp)
  sd    s3, 144(sp)
  sd    s4, 152(sp)
  sd    s5, 160(sp)
  sd    s6, 168(sp)
  sd    s7, 176(sp)
  sd    s8, 184(sp)
  sd    s9, 192(sp)
  sd    s10, 200(sp)
  sd    s11, 208(sp)
  sd    t3, 216(sp)
  sd    t4, 224(sp)
  sd    t5, 232(sp)
  sd    t6, 240(sp)
  ld    t0, T_SP(tp)
  sd    t0, 8(sp)
  ld    t0, T_T0(tp)
  sd    t0, 32(sp)
  ld    t0, T_T1(tp)
  sd    t0, 40(sp)
  // The interrupted tp: the user's (now in sscratch) or ours.
  csrr  t1, sstatus
  andi  t2, t1, SSTATUS_SPP
  mv    t0, tp
  bnez  t2, 1f
  csrr  t0, sscratch
1:
  csrw  sscratch, zero
  sd    t0, 24(sp)
  csrr  t0, sepc
  sd    t0, 248(sp)
  sd    t1, 256(sp)
  csrr  t0, scause
  sd    t0, 264(sp)
  csrr  t0, stval
  sd    t0, 272(sp)
  mv    a0, sp
  call  trap_handler
  // fall through

// Return through the frame at sp (also the first return of a new task).
  .globl trap_return
trap_return:
  csrci sstatus, SSTATUS_SIE
  ld    t0, 256(sp)
  // Interrupts stay off until sret (which sets SIE from SPIE): one taken
  // after sscratch is set for user mode would be mistaken for a user trap
  // and build its frame over the one being restored.
  andi  t0, t0, ~SSTATUS_SIE
  andi  t1, t0, SSTATUS_SPP
  bnez  t1, 2f
  csrw  sscratch, tp              // back to user: the next trap finds its task here
2:
  csrw  sstatus, t0
  ld    t0, 248(sp)
  csrw  sepc, t0
  ld    ra, 0(sp)
  ld    gp, 16(sp)
  ld    tp, 24(sp)
  ld    t0, 32(sp)
  ld    t1, 40(sp)
  ld    t2, 48(sp)
  ld    s0, 56(sp)
  ld    s1, 64(sp)
  ld    a0, 72(sp)
  ld    a1, 80(sp)
  ld    a2, 88(sp)
  ld    a3, 96(sp)
  ld    a4, 104(sp)
  ld    a5, 112(sp)
  ld    a6, 120(sp)
  ld    a7, 128(sp)
  ld    s2, 136(sp)
  ld    s3, 144(sp)
  ld    s4, 152(sp)
  ld    s5, 160(sp)
  ld    s6, 168(sp)
  ld    s7, 176(sp)
  ld    s8, 184(sp)
  ld    s9, 192(sp)
  ld    s10, 200(sp)
  ld    s11, 208(sp)
  ld    t3, 216(sp)
  ld    t4, 224(sp)
  ld    t5, 232(sp)
  ld    t6, 240(sp)
  ld    sp, 8(sp)
  sret

// A kernel stack overflowed: report it from a stack of its own.
stack_overflow:
  la    sp, overflow_stack_top
  ld    a0, T_SP(tp)
  csrr  a1, sepc
  csrr  a2, stval
  call  kstack_overflow           // panics

  .section .bss
  .balign 16
overflow_stack:
  .skip 8192
overflow_stack_top:
