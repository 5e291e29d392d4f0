// clone(): the one way tasks are made.  fork() is clone(SIGCHLD), vfork() is
// clone(CLONE_VM|CLONE_VFORK|SIGCHLD), a thread is clone(CLONE_VM|CLONE_FS|
// CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|...).  Each flag says whether the
// child shares one of the parent's structures (a new reference) or gets a
// copy of it.
#include "proc/proc.h"
#include "proc/signal.h"
#include "uapi/linux/sched.h"
#include "sched/sched.h"
#include "mm/mm.h"
#include "fs/file.h"
#include "lib/string.h"
#include "arch/arch.h"
#include "errno.h"
#include "syscall.h"

// Flags with no effect here (System V semaphores, detached threads).
#define IGNORED (CLONE_SYSVSEM | CLONE_DETACHED)
#define SUPPORTED (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_VFORK | \
                   CLONE_PARENT | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |               \
                   CLONE_CHILD_CLEARTID | IGNORED)

// Linux's rules for combinations that cannot work.
static int check_flags(unsigned long flags)
{
  if (flags & ~(unsigned long)SUPPORTED)
    return -EINVAL;                    // namespaces, ptrace, pidfd: not in this kernel
  // LAB clone BEGIN
  if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
    return -EINVAL;
  if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
    return -EINVAL;
  // LAB clone END
  if ((flags & (CLONE_PARENT | CLONE_THREAD)) && current->tgid == INIT_PID)
    return -EINVAL;                    // init's siblings or threads would have no parent to reap them
  return 0;
}

static int copy_mm(unsigned long flags, struct task *c, struct task *p)
{
  if (flags & CLONE_VM) {
    mm_get(p->mm);
    c->mm = p->mm;
    return 0;
  }
  c->mm = mm_copy(p->mm);
  return c->mm ? 0 : -ENOMEM;
}

static int copy_files(unsigned long flags, struct task *c, struct task *p)
{
  // LAB clone BEGIN
  if (flags & CLONE_FILES) {
    files_get(p->files);
    c->files = p->files;
    return 0;
  }
  // LAB clone STUB
  // (void)flags;                         // every child gets its own copy of the table
  // LAB clone END
  c->files = files_copy(p->files);
  return c->files ? 0 : -ENOMEM;
}

static int copy_fs(unsigned long flags, struct task *c, struct task *p)
{
  // LAB clone BEGIN
  if (flags & CLONE_FS) {
    fs_info_get(p->fs);
    c->fs = p->fs;
    return 0;
  }
  // LAB clone STUB
  // (void)flags;                         // every child gets its own copy of the cwd
  // LAB clone END
  c->fs = fs_info_copy(p->fs);
  return c->fs ? 0 : -ENOMEM;
}

static int copy_sighand(unsigned long flags, struct task *c, struct task *p)
{
  // LAB clone BEGIN
  if (flags & CLONE_SIGHAND) {
    refcount_inc(&p->sighand->refs);
    c->sighand = p->sighand;
    return 0;
  }
  // LAB clone STUB
  // (void)flags;                         // every child gets its own copy of the actions
  // LAB clone END
  c->sighand = sighand_alloc();
  if (!c->sighand)
    return -ENOMEM;
  memcpy(c->sighand->action, p->sighand->action, sizeof c->sighand->action);
  return 0;
}

static int copy_signal(unsigned long flags, struct task *c, struct task *p)
{
  if (flags & CLONE_THREAD) {
    refcount_inc(&p->signal->refs);
    c->signal = p->signal;
    return 0;
  }
  c->signal = signal_alloc();
  if (!c->signal)
    return -ENOMEM;
  c->signal->pgid = p->signal->pgid;     // the same job and session as the parent
  c->signal->sid = p->signal->sid;
  memcpy(c->signal->rlim, p->signal->rlim, sizeof c->signal->rlim);
  return 0;
}

// Undo a partly built child that nobody else has seen.
static void free_child(struct task *c)
{
  if (c->mm)
    mm_put(c->mm);
  if (c->files)
    files_put(c->files);
  if (c->fs)
    fs_info_put(c->fs);
  if (c->signal)
    signal_put(c->signal);
  if (c->sighand)
    sighand_put(c->sighand);
  task_free(c);
}

// The child starts with the parent's FP registers: save the live ones first.
static void copy_fp(struct task *c, struct task *p)
{
  struct trapframe *tf = task_trapframe(p);
  if ((tf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
    csr_set(sstatus, SSTATUS_FS_CLEAN);
    fp_save(p->fpregs);
    tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
  }
  memcpy(c->fpregs, p->fpregs, sizeof c->fpregs);
}

static void copy_regs(unsigned long flags, struct task *c, struct task *p, uint64_t stack, uint64_t tls)
{
  struct trapframe *tf = task_trapframe(c);
  *tf = *task_trapframe(p);
  tf->a0 = 0;                          // the child's clone() returns 0
  if (stack)
    tf->sp = stack;
  if (flags & CLONE_SETTLS)
    tf->tp = tls;
  copy_fp(c, p);
  task_set_entry(c, 0, 0);
}

static struct task *copy_task(unsigned long flags, uint64_t stack, uint64_t tls, uint64_t ctid)
{
  struct task *p = current;
  uint64_t limit = rlimit(RLIMIT_NPROC);
  struct task *c = task_alloc(limit < (uint64_t)max_tasks ? limit : (uint64_t)max_tasks);
  if (IS_ERR(c))
    return c;
  int r;
  if ((r = copy_mm(flags, c, p)) < 0 || (r = copy_files(flags, c, p)) < 0 || (r = copy_fs(flags, c, p)) < 0 ||
      (r = copy_sighand(flags, c, p)) < 0 || (r = copy_signal(flags, c, p)) < 0) {
    free_child(c);
    return ERR_PTR(r);
  }
  c->exit_signal = (flags & CLONE_THREAD) ? 0 : (flags & CSIGNAL);
  c->blocked = p->blocked;               // the mask is inherited, pending signals are not
  c->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? ctid : 0;
  memcpy(c->name, p->name, sizeof c->name);
  memcpy(c->exe, p->exe, sizeof c->exe);
  c->cred = p->cred;
  if ((flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM)
    c->altstack = p->altstack;           // a thread starts without one: it would share its parent's
  // LAB syscall BEGIN
  memcpy(c->trace_mask, p->trace_mask, sizeof c->trace_mask);
  // LAB syscall END
  sched_fork(c, p);
  copy_regs(flags, c, p, stack, tls);
  return c;
}

// Give c its id and put it in the family and thread-group lists.  Fails
// (-EAGAIN) only when ids run out, or (-EINTR) when the group is exiting.
static int attach_child(unsigned long flags, struct task *c)
{
  struct task *p = current;
  if (tid_alloc(c) < 0)
    return -EAGAIN;
  spin_lock(&tasklist_lock);
  if ((flags & CLONE_THREAD) && p->signal->group_exit) {
    tid_unhash(c);
    spin_unlock(&tasklist_lock);
    return -EINTR;                     // no new threads in a dying group
  }
  if (flags & CLONE_THREAD) {
    // LAB clone BEGIN
    c->tgid = p->tgid;
    // LAB clone STUB
    // c->tgid = c->tid;                  // a process id of its own
    // LAB clone END
    c->group_leader = p->group_leader;
    c->parent = p->parent;
  } else {
    c->tgid = c->tid;
    c->group_leader = c;
    c->parent = (flags & CLONE_PARENT) ? p->parent : p;
    list_add_tail(&c->sibling, &c->parent->children);
  }
  list_add_tail(&c->thread_node, &c->signal->threads);
  c->signal->live++;
  spin_unlock(&tasklist_lock);
  return 0;
}

// LAB clone BEGIN
// vfork: sleep until the child has exec'd or exited.  A fatal signal ends
// the wait; the child must then not touch our completion (on this stack) any
// more.  vfork_release completes under tasklist_lock, so once we hold it the
// completion is either done or will never be touched.  (Not the child's own
// lock: completing wakes us, which takes our task lock, and lib/lockorder.h
// lets no task lock be held while another is taken.)
static void wait_vfork_done(struct task *c, struct completion *done)
{
  if (completion_wait_killable(done) == 0)
    return;
  spin_lock(&tasklist_lock);
  c->vfork_done = 0;
  spin_unlock(&tasklist_lock);
}

// LAB clone END
long sys_clone(unsigned long flags, uint64_t stack, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
  int r = check_flags(flags);
  if (r < 0)
    return r;
  // LAB clone BEGIN
  // LAB clone STUB
  // // The parent does not wait for its vfork child yet: sharing its memory
  // // (and its stack) with a child running at the same time would corrupt
  // // both.  Until the wait is written, a vfork is a fork.
  // if (flags & CLONE_VFORK)              // vfork() is clone(CLONE_VM | CLONE_VFORK | SIGCHLD)
  //   flags &= ~CLONE_VM;
  // LAB clone END
  struct task *c = copy_task(flags, stack, tls, ctid);
  if (IS_ERR(c))
    return PTR_ERR(c);
  if ((r = attach_child(flags, c)) < 0) {
    free_child(c);
    return r;
  }
  int tid = c->tid;
  // Both stores happen before the child runs, as Linux guarantees.
  if (flags & CLONE_PARENT_SETTID)
    copy_to_user(ptid, &tid, sizeof tid);
  if (flags & CLONE_CHILD_SETTID)
    copy_to_mm(c->mm, ctid, &tid, sizeof tid);
  // LAB clone BEGIN
  struct completion done;
  if (flags & CLONE_VFORK) {
    completion_init(&done);
    c->vfork_done = &done;
  }
  // LAB clone END
  wake_up_new_task(c);
  // LAB clone BEGIN
  if (flags & CLONE_VFORK)
    wait_vfork_done(c, &done);
  // LAB clone END
  return tid;
}
