// Signal frames, laid out as Linux's riscv64 rt_sigframe so that a handler
// (and a debugger) sees what it would see on Linux: a siginfo, then a
// ucontext holding the mask to restore and every user register.  The
// handler returns to a two-instruction trampoline (li a7, rt_sigreturn;
// ecall) in a page the kernel maps at the top of user space: riscv64 has no
// sa_restorer, Linux uses its vDSO for this.
#include <stddef.h>
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "arch/arch.h"
#include "arch/riscv.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "errno.h"
#include "syscall.h"

#define STR(x) #x
#define XSTR(x) STR(x)
asm(".section .rodata\n"
    ".balign 4\n"
    "sigreturn_code:\n"
    "  li a7, " XSTR(SYS_rt_sigreturn) "\n"
    "  ecall\n"
    "sigreturn_code_end:\n"
    ".previous\n");
extern const char sigreturn_code[], sigreturn_code_end[];

struct rt_sigframe {
  siginfo_t info;
  ucontext_t uc;
};

_Static_assert(sizeof(struct rt_sigframe) == 128 + 960, "Linux riscv64 rt_sigframe size");
_Static_assert(sizeof(struct trapframe) / 8 >= 31 && offsetof(struct trapframe, ra) == 0 &&
               offsetof(struct trapframe, t6) == 30 * 8, "trapframe starts with x1..x31");

static int on_altstack(uint64_t sp)
{
  struct altstack *a = &current->altstack;
  return a->size && sp > a->sp && sp - a->sp <= a->size;
}

// The alternate stack as stack_t says it (uc_stack, sigaltstack's old one).
static void describe_altstack(stack_t *u, uint64_t sp)
{
  struct altstack *a = &current->altstack;
  memset(u, 0, sizeof *u);
  u->ss_sp = (void *)a->sp;
  u->ss_size = a->size;
  u->ss_flags = !a->size ? SS_DISABLE : on_altstack(sp) ? SS_ONSTACK : 0;
  if (a->size && a->autodisarm)
    u->ss_flags |= SS_AUTODISARM;
}

// Handlers with SA_ONSTACK run on this stack (a stack overflow's SIGSEGV
// handler needs one).  It cannot change while a handler runs on it.
long sys_sigaltstack(uint64_t uss, uint64_t uoss)
{
  stack_t ss, old;
  uint64_t sp = task_trapframe(current)->sp;
  describe_altstack(&old, sp);
  if (uss) {
    if (copy_from_user(&ss, uss, sizeof ss) < 0)
      return -EFAULT;
    if (on_altstack(sp))
      return -EPERM;
    uint32_t mode = (uint32_t)ss.ss_flags & ~SS_AUTODISARM;
    if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
      return -EINVAL;
    if (mode == SS_DISABLE) {
      memset(&current->altstack, 0, sizeof current->altstack);
    } else {
      if (ss.ss_size < MINSIGSTKSZ)
        return -ENOMEM;
      current->altstack = (struct altstack){ (uint64_t)ss.ss_sp, ss.ss_size,
                                            ((uint32_t)ss.ss_flags & SS_AUTODISARM) != 0 };
    }
  }
  if (uoss && copy_to_user(uoss, &old, sizeof old) < 0)
    return -EFAULT;
  return 0;
}

static int is_fault(int sig)
{
  return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

static void fill_info(siginfo_t *u, int sig, const struct ksiginfo *info)
{
  memset(u, 0, sizeof *u);
  u->si_signo = sig;
  u->si_code = info->code;
  if (is_fault(sig) && info->code > 0) {
    u->si_addr = (void *)info->addr;
  } else {
    u->si_pid = info->pid;
    u->si_uid = info->uid;
    u->si_value.sival_ptr = (void *)info->value;   // all 64 bits; SIGCHLD's si_status is the low half
  }
}

int siginfo_to_user(uint64_t u, int sig, const struct ksiginfo *info)
{
  siginfo_t ui;
  fill_info(&ui, sig, info);
  return copy_to_user(u, &ui, sizeof ui);
}

// Only what the kernel keeps of it (fill_info's fields) is read back.
int siginfo_from_user(uint64_t u, struct ksiginfo *info)
{
  siginfo_t ui;
  if (copy_from_user(&ui, u, sizeof ui) < 0)
    return -EFAULT;
  *info = (struct ksiginfo){ .code = ui.si_code, .pid = ui.si_pid, .uid = ui.si_uid,
                             .value = (uint64_t)ui.si_value.sival_ptr, .addr = (uint64_t)ui.si_addr };
  return 0;
}

// LAB signals BEGIN
// The user registers and FP state into the frame's mcontext.
static void save_context(ucontext_t *uc, struct trapframe *tf)
{
  struct task *t = current;
  mcontext_t *mc = &uc->uc_mcontext;
  mc->__gregs[REG_PC] = tf->sepc;
  memcpy(&mc->__gregs[1], tf, 31 * sizeof(uint64_t));
  if ((tf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
    csr_set(sstatus, SSTATUS_FS_CLEAN);
    fp_save(t->fpregs);
    tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
  }
  memcpy(mc->__fpregs.__d.__f, t->fpregs, sizeof mc->__fpregs.__d.__f);
  mc->__fpregs.__d.__fcsr = t->fpregs[32];
}
// LAB signals END

// Push the frame for sig's handler on the user stack and make the return
// to user mode enter the handler.  0, or -ENOMEM/-EFAULT (no room for the
// frame: the caller ends the process).
int setup_frame(int sig, struct sigaction *ka, struct ksiginfo *info, uint64_t oldmask)
{
  // LAB signals BEGIN
  struct trapframe *tf = task_trapframe(current);
  struct rt_sigframe *f = kmalloc(sizeof *f);
  if (!f)
    return -ENOMEM;
  fill_info(&f->info, sig, info);
  describe_altstack(&f->uc.uc_stack, tf->sp);
  f->uc.uc_sigmask = oldmask;
  save_context(&f->uc, tf);
  // SA_ONSTACK: the frame goes on the alternate stack, unless already there.
  uint64_t top = tf->sp;
  if ((ka->sa_flags & SA_ONSTACK) && current->altstack.size && !on_altstack(tf->sp)) {
    top = current->altstack.sp + current->altstack.size;
    if (current->altstack.autodisarm)
      memset(&current->altstack, 0, sizeof current->altstack);
  }
  uint64_t sp = (top - sizeof *f) & ~15UL;
  int r = copy_to_user(sp, f, sizeof *f);
  kfree(f);
  if (r < 0)
    return r;
  tf->sp = sp;
  tf->sepc = (uint64_t)ka->sa_handler;
  tf->ra = SIGRETURN_VA;
  tf->a0 = sig;
  tf->a1 = sp + offsetof(struct rt_sigframe, info);
  tf->a2 = sp + offsetof(struct rt_sigframe, uc);
  return 0;
  // LAB signals STUB
  // // Not written yet (run_handler does not call it yet).
  // (void)sig;
  // (void)ka;
  // (void)info;
  // (void)oldmask;
  // return -ENOSYS;
  // LAB signals END
}

// The handler has returned (sp is back at its frame): put back the
// registers and the mask saved there.  A frame the program damaged so that
// it cannot be read ends the process with SIGSEGV.
long sys_rt_sigreturn(void)
{
  // LAB signals BEGIN
  struct task *t = current;
  struct trapframe *tf = task_trapframe(t);
  ucontext_t *uc = kmalloc(sizeof *uc);
  if (!uc || copy_from_user(uc, tf->sp + offsetof(struct rt_sigframe, uc), sizeof *uc) < 0) {
    kfree(uc);
    do_exit_group(SIGSEGV);
  }
  mcontext_t *mc = &uc->uc_mcontext;
  tf->sepc = mc->__gregs[REG_PC];
  memcpy(tf, &mc->__gregs[1], 31 * sizeof(uint64_t));
  memcpy(t->fpregs, mc->__fpregs.__d.__f, sizeof mc->__fpregs.__d.__f);
  t->fpregs[32] = mc->__fpregs.__d.__fcsr;
  csr_set(sstatus, SSTATUS_FS_CLEAN);
  fp_restore(t->fpregs);
  tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
  spin_lock(&t->sighand->lock);
  t->blocked = uc->uc_sigmask & ~UNBLOCKABLE;
  spin_unlock(&t->sighand->lock);
  kfree(uc);
  t->in_syscall = 0;                     // a0 is the interrupted code's, not a result
  return tf->a0;
  // LAB signals STUB
  // // Not written yet: a handler cannot return.
  // do_exit_group(SIGSEGV);              // as for a frame that cannot be read
  // LAB signals END
}

// Read-only to the user: the code goes in through the direct map.
int map_sigreturn_page(struct mm *mm)
{
  if (!vma_add(mm, SIGRETURN_VA, SIGRETURN_VA + PGSIZE, PTE_R | PTE_X, VMA_ELF) ||
      mm_populate(mm, SIGRETURN_VA, SIGRETURN_VA + PGSIZE) < 0)
    return -ENOMEM;
  spin_lock(&mm->lock);
  char *page = mm_mapped_page(mm, SIGRETURN_VA);
  if (page)
    memcpy(page, sigreturn_code, sigreturn_code_end - sigreturn_code);
  spin_unlock(&mm->lock);
  return page ? 0 : -ENOMEM;
}
