// Trap dispatch: system calls, page faults and other exceptions from user
// mode, and interrupts (timer, external through the PLIC, IPIs).
#include <stddef.h>
#include "arch/arch.h"
#include "arch/riscv.h"
#include "drivers/plic.h"
#include "sched/sched.h"
#include "proc/proc.h"
#include "proc/signal.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "syscall.h"
#include "errno.h"

_Static_assert(offsetof(struct task, kstack_top) == 0, "trap.S: T_KSTACK");
_Static_assert(offsetof(struct task, scratch) == 8, "trap.S: T_SP");
_Static_assert(sizeof(struct trapframe) == 288, "trap.S: FRAME");
_Static_assert(offsetof(struct trapframe, sepc) == 248, "trap.S: sepc");

void trap_hart_init(void)
{
  csr_write(stvec, (uint64_t)trap_entry);
  csr_write(sscratch, 0);
  csr_set(sie, SIE_SEIE | SIE_SSIE);
}

static void interrupt(uint64_t cause, int from_user)
{
  switch (cause) {
  case IRQ_S_TIMER:
    timer_interrupt(from_user);
    break;
  case IRQ_S_EXT:
    plic_handle();
    break;
  case IRQ_S_SOFT:
    // An IPI: new work was queued for this CPU (or a panic is stopping us).
    csr_clear(sip, SIE_SSIE);
    if (kernel_panicking())
      for (;;)
        wfi();
    mm_drop_dead();
    mycpu()->need_resched = 1;
    break;
  default:
    printf("trap: unexpected interrupt %ld\n", (long)cause);
  }
}

// Map an exception to the signal that ends (later: notifies) the task.
static int exception_signal(uint64_t cause)
{
  switch (cause) {
  case EXC_ILLEGAL_INST:
    return SIGILL;
  case EXC_BREAKPOINT:
    return SIGTRAP;
  case EXC_INST_MISALIGNED:
  case EXC_LOAD_MISALIGNED:
  case EXC_STORE_MISALIGNED:
    return SIGBUS;
  default:
    return SIGSEGV;
  }
}

static void user_exception(struct trapframe *tf, uint64_t cause)
{
  struct task *t = current;
  if (cause == EXC_ECALL_U) {
    tf->sepc += 4;
    syscall_dispatch(tf);
    return;
  }
  if (cause == EXC_LOAD_PAGE_FAULT || cause == EXC_STORE_PAGE_FAULT || cause == EXC_INST_PAGE_FAULT) {
    int r = mm_fault(t->mm, tf->stval, cause);
    if (r == 0)
      return;
    if (r == -ENOMEM) {
      oom_kill();                      // the biggest process goes; the fault is taken again
      return;
    }
  }
  int sig = exception_signal(cause);
  if (sig == SIGSEGV) {
    // A fault inside a region was a permission problem, outside one a missing mapping.
    spin_lock(&t->mm->lock);
    int mapped = vma_find(t->mm, tf->stval) != 0;
    spin_unlock(&t->mm->lock);
    force_signal(sig, mapped ? SEGV_ACCERR : SEGV_MAPERR, tf->stval);
  } else {
    // ILL_ILLOPC, TRAP_BRKPT and BUS_ADRALN are all 1; si_addr is the instruction or the address.
    force_signal(sig, 1, sig == SIGBUS ? tf->stval : tf->sepc);
  }
}

// On the way back to user mode: act on signals (and on a system call that
// a signal interrupted, even if another thread took the signal meanwhile:
// it is restarted) and on a pending reschedule.
static void return_to_user_work(void)
{
  struct task *t = current;
  for (;;) {
    if (signal_pending(t) || (t->in_syscall && (long)task_trapframe(t)->a0 == -EINTR))
      handle_signals();
    intr_off();
    if (!mycpu()->need_resched)
      return;
    intr_on();
    schedule();
  }
}

static void user_trap(struct trapframe *tf)
{
  uint64_t cause = tf->scause;
  if (cause & SCAUSE_INTR) {
    interrupt(cause & ~SCAUSE_INTR, 1);
  } else {
    intr_on();
    user_exception(tf, cause);
  }
  return_to_user_work();
  current->in_syscall = 0;
}

// The kernel touched memory it should not have: a kernel bug, never a user's.
static void kernel_exception(struct trapframe *tf, uint64_t cause)
{
  if (cause == EXC_LOAD_PAGE_FAULT || cause == EXC_STORE_PAGE_FAULT || cause == EXC_INST_PAGE_FAULT) {
    // A hart may cache a translation from before a kernel stack was mapped.
    pte_t *pte = walk(kernel_pagetable, tf->stval, 0);
    if (pte && (*pte & PTE_V)) {
      sfence_vma_addr(tf->stval);
      return;
    }
  }
  panic("kernel trap: scause %ld sepc %p stval %p", (long)cause, (void *)tf->sepc, (void *)tf->stval);
}

static void kernel_trap(struct trapframe *tf)
{
  uint64_t cause = tf->scause;
  if (!(cause & SCAUSE_INTR)) {
    kernel_exception(tf, cause);
    return;
  }
  interrupt(cause & ~SCAUSE_INTR, 0);
  // Kernel preemption: only where the interrupted code had interrupts on
  // (so held no spinlock), and not while it is on its way to sleep (it
  // would be taken off the run queue as if it had gone to sleep already).
  if (mycpu()->need_resched && (tf->sstatus & SSTATUS_SPIE) && !(current->flags & PF_IDLE) &&
      current->state == TASK_RUNNING)
    schedule();
}

void trap_handler(struct trapframe *tf)
{
  if (tf->sstatus & SSTATUS_SPP)
    kernel_trap(tf);
  else
    user_trap(tf);
}

void kstack_overflow(uint64_t sp, uint64_t sepc, uint64_t stval)
{
  panic("kernel stack overflow: task %d sp %p sepc %p stval %p", current->tid, (void *)sp, (void *)sepc,
        (void *)stval);
}
