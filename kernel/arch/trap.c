// Trap dispatch: decode what trapped (system call, exception, timer, device
// interrupt, IPI) and call up into the layer that handles it, through the
// hooks of arch.h.  Only a kernel fault is dealt with here: it is a kernel
// bug, never a user's.
#include <stddef.h>
#include "arch/arch.h"
#include "arch/riscv.h"
#include "lib/printf.h"

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
    ipi_interrupt();
    break;
  default:
    printf("trap: unexpected interrupt %ld\n", (long)cause);
  }
}

static void user_trap(struct trapframe *tf)
{
  uint64_t cause = tf->scause;
  if (cause & SCAUSE_INTR) {
    interrupt(cause & ~SCAUSE_INTR, 1);
  } else if (cause == EXC_ECALL_U) {
    intr_on();
    tf->sepc += 4;
    syscall_dispatch(tf);
  } else {
    intr_on();
    user_exception(tf, cause);
  }
  return_to_user_work();
}

static void kernel_exception(struct trapframe *tf, uint64_t cause)
{
  if (cause == EXC_LOAD_PAGE_FAULT || cause == EXC_STORE_PAGE_FAULT || cause == EXC_INST_PAGE_FAULT) {
    // A hart may cache a translation from before a kernel stack was mapped.
    if (kernel_va_mapped(tf->stval)) {
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
  // Kernel preemption only where the interrupted code had interrupts on
  // (so held no spinlock).
  if (tf->sstatus & SSTATUS_SPIE)
    kernel_preempt();
}

void trap_handler(struct trapframe *tf)
{
  if (tf->sstatus & SSTATUS_SPP)
    kernel_trap(tf);
  else
    user_trap(tf);
}

// panic names the task (lib/printf.h's hook).
void kstack_overflow(uint64_t sp, uint64_t sepc, uint64_t stval)
{
  panic("kernel stack overflow: sp %p sepc %p stval %p", (void *)sp, (void *)sepc, (void *)stval);
}
