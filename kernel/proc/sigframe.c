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

struct user_siginfo {
  int32_t signo, errno_, code, pad;
  union {
    struct {                                    // kill, tgkill, sigqueue, SIGCHLD
      int32_t pid, uid;
      uint64_t value;                           // si_value; SIGCHLD: si_status in its low half
    } proc;
    uint64_t addr;                              // faults
  };
  uint8_t rest[128 - 32];
};
_Static_assert(sizeof(struct user_siginfo) == 128, "Linux's siginfo_t");

struct user_ucontext {
  uint64_t flags, link;
  uint64_t ss_sp;
  int32_t ss_flags, pad;
  uint64_t ss_size;
  uint64_t sigmask;
  uint8_t unused[1024 / 8 - 8];          // room for a larger sigset_t
  struct {
    uint64_t regs[32];                   // pc, then x1..x31
    uint64_t f[32];                      // the D extension's part of Linux's FP union
    uint32_t fcsr;
    uint8_t q_rest[528 - 260];           // the union is as large as its Q member
  } mcontext __attribute__((aligned(16)));
};

struct rt_sigframe {
  struct user_siginfo info;
  struct user_ucontext uc;
};

_Static_assert(offsetof(struct user_ucontext, mcontext) == 176, "Linux riscv64 ucontext layout");
_Static_assert(sizeof(struct rt_sigframe) == 128 + 960, "Linux riscv64 rt_sigframe size");
_Static_assert(sizeof(struct trapframe) / 8 >= 31 && offsetof(struct trapframe, ra) == 0 &&
               offsetof(struct trapframe, t6) == 30 * 8, "trapframe starts with x1..x31");

#define SS_ONSTACK    1                  // sigaltstack's flags, as Linux has them
#define SS_DISABLE    2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ   2048

struct user_stack {                      // stack_t
  uint64_t sp;
  int32_t flags, pad;
  uint64_t size;
};

static int on_altstack(uint64_t sp)
{
  struct altstack *a = &current->altstack;
  return a->size && sp > a->sp && sp - a->sp <= a->size;
}

// The alternate stack as stack_t says it (uc_stack, sigaltstack's old one).
static void describe_altstack(struct user_stack *u, uint64_t sp)
{
  struct altstack *a = &current->altstack;
  u->sp = a->sp;
  u->size = a->size;
  u->pad = 0;
  u->flags = !a->size ? SS_DISABLE : on_altstack(sp) ? SS_ONSTACK : 0;
  if (a->size && a->autodisarm)
    u->flags |= SS_AUTODISARM;
}

// Handlers with SA_ONSTACK run on this stack (a stack overflow's SIGSEGV
// handler needs one).  It cannot change while a handler runs on it.
long sys_sigaltstack(uint64_t uss, uint64_t uoss)
{
  struct user_stack ss, old;
  uint64_t sp = task_trapframe(current)->sp;
  describe_altstack(&old, sp);
  if (uss) {
    if (copy_from_user(&ss, uss, sizeof ss) < 0)
      return -EFAULT;
    if (on_altstack(sp))
      return -EPERM;
    uint32_t mode = (uint32_t)ss.flags & ~SS_AUTODISARM;
    if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
      return -EINVAL;
    if (mode == SS_DISABLE) {
      memset(&current->altstack, 0, sizeof current->altstack);
    } else {
      if (ss.size < MINSIGSTKSZ)
        return -ENOMEM;
      current->altstack = (struct altstack){ ss.sp, ss.size, ((uint32_t)ss.flags & SS_AUTODISARM) != 0 };
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

static void fill_info(struct user_siginfo *u, int sig, const struct ksiginfo *info)
{
  memset(u, 0, sizeof *u);
  u->signo = sig;
  u->code = info->code;
  if (is_fault(sig) && info->code > 0) {
    u->addr = info->addr;
  } else {
    u->proc.pid = info->pid;
    u->proc.uid = info->uid;
    u->proc.value = info->value;
  }
}

int siginfo_to_user(uint64_t u, int sig, const struct ksiginfo *info)
{
  struct user_siginfo ui;
  fill_info(&ui, sig, info);
  return copy_to_user(u, &ui, sizeof ui);
}

// Only what the kernel keeps of it (fill_info's fields) is read back.
int siginfo_from_user(uint64_t u, struct ksiginfo *info)
{
  struct user_siginfo ui;
  if (copy_from_user(&ui, u, sizeof ui) < 0)
    return -EFAULT;
  *info = (struct ksiginfo){ .code = ui.code, .pid = ui.proc.pid, .uid = ui.proc.uid,
                             .value = ui.proc.value, .addr = ui.addr };
  return 0;
}

// LAB signals BEGIN
// The user registers and FP state into the frame's mcontext.
static void save_context(struct user_ucontext *uc, struct trapframe *tf)
{
  struct task *t = current;
  uc->mcontext.regs[0] = tf->sepc;
  memcpy(&uc->mcontext.regs[1], tf, 31 * sizeof(uint64_t));
  if ((tf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
    csr_set(sstatus, SSTATUS_FS_CLEAN);
    fp_save(t->fpregs);
    tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
  }
  memcpy(uc->mcontext.f, t->fpregs, sizeof uc->mcontext.f);
  uc->mcontext.fcsr = t->fpregs[32];
}
// LAB signals END

// Push the frame for sig's handler on the user stack and make the return
// to user mode enter the handler.  0, or -ENOMEM/-EFAULT (no room for the
// frame: the caller ends the process).
int setup_frame(int sig, struct k_sigaction *ka, struct ksiginfo *info, uint64_t oldmask)
{
  // LAB signals BEGIN
  struct trapframe *tf = task_trapframe(current);
  struct rt_sigframe *f = kmalloc(sizeof *f);
  if (!f)
    return -ENOMEM;
  fill_info(&f->info, sig, info);
  struct user_stack st;
  describe_altstack(&st, tf->sp);
  f->uc.ss_sp = st.sp;
  f->uc.ss_flags = st.flags;
  f->uc.ss_size = st.size;
  f->uc.sigmask = oldmask;
  save_context(&f->uc, tf);
  // SA_ONSTACK: the frame goes on the alternate stack, unless already there.
  uint64_t top = tf->sp;
  if ((ka->flags & SA_ONSTACK) && current->altstack.size && !on_altstack(tf->sp)) {
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
  tf->sepc = ka->handler;
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
  struct user_ucontext *uc = kmalloc(sizeof *uc);
  if (!uc || copy_from_user(uc, tf->sp + offsetof(struct rt_sigframe, uc), sizeof *uc) < 0) {
    kfree(uc);
    do_exit_group(SIGSEGV);
  }
  tf->sepc = uc->mcontext.regs[0];
  memcpy(tf, &uc->mcontext.regs[1], 31 * sizeof(uint64_t));
  memcpy(t->fpregs, uc->mcontext.f, sizeof uc->mcontext.f);
  t->fpregs[32] = uc->mcontext.fcsr;
  csr_set(sstatus, SSTATUS_FS_CLEAN);
  fp_restore(t->fpregs);
  tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
  spin_lock(&t->sighand->lock);
  t->blocked = uc->sigmask & ~UNBLOCKABLE;
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
