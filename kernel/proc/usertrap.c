// What a trap from user mode means for the task (the hooks of arch/arch.h
// that arch/trap.c calls): an exception becomes a page-in or a signal, and
// before every return to user mode the task takes its signals and gives up
// the CPU if asked.
#include <stddef.h>
#include "proc/proc.h"
#include "proc/signal.h"
#include "sched/sched.h"
#include "mm/mm.h"
#include "arch/arch.h"
#include "arch/riscv.h"
#include "errno.h"

_Static_assert(offsetof(struct task, kstack_top) == 0, "trap.S: T_KSTACK");
_Static_assert(offsetof(struct task, scratch) == 8, "trap.S: T_SP");

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

void user_exception(struct trapframe *tf, uint64_t cause)
{
  struct task *t = current;
  if (cause == EXC_LOAD_PAGE_FAULT || cause == EXC_STORE_PAGE_FAULT || cause == EXC_INST_PAGE_FAULT) {
    int r = mm_fault(t->mm, tf->stval, cause);
    if (r == 0)
      return;
    if (r == -EIO) {
      force_signal(SIGBUS, BUS_ADRERR, tf->stval);   // a file mapping's page beyond the file's end
      return;
    }
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
void return_to_user_work(void)
{
  struct task *t = current;
  for (;;) {
    if (signal_pending(t) || (t->in_syscall && (long)task_trapframe(t)->a0 == -EINTR))
      handle_signals();
    intr_off();
    if (!mycpu()->need_resched)
      break;
    intr_on();
    schedule();
  }
  t->in_syscall = 0;
}
