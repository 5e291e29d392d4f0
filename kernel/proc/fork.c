// clone(): the one way tasks are made.  fork() is clone(SIGCHLD).  The flags
// say which of the parent's structures the child shares (a reference) or
// gets a copy of.
#include "proc/proc.h"
#include "proc/signal.h"
#include "proc/clone.h"
#include "sched/sched.h"
#include "mm/mm.h"
#include "fs/file.h"
#include "lib/string.h"
#include "arch/arch.h"
#include "errno.h"
#include "syscall.h"

// Flags this kernel implements so far; the rest are refused with -EINVAL.
#define SUPPORTED (CSIGNAL | CLONE_FS | CLONE_FILES | CLONE_SETTLS | CLONE_PARENT_SETTID | \
                   CLONE_CHILD_SETTID | CLONE_PARENT)

static int copy_mm(struct task *child, struct task *parent)
{
  child->mm = mm_copy(parent->mm);
  return child->mm ? 0 : -ENOMEM;
}

static int copy_files(unsigned long flags, struct task *child, struct task *parent)
{
  if (flags & CLONE_FILES) {
    files_get(parent->files);
    child->files = parent->files;
  } else {
    child->files = files_copy(parent->files);
  }
  return child->files ? 0 : -ENOMEM;
}

static int copy_fs(unsigned long flags, struct task *child, struct task *parent)
{
  if (flags & CLONE_FS) {
    fs_info_get(parent->fs);
    child->fs = parent->fs;
  } else {
    child->fs = fs_info_copy(parent->fs);
  }
  return child->fs ? 0 : -ENOMEM;
}

// A new thread group of its own: new signal and sighand structures.
static int copy_signal(struct task *child, struct task *parent)
{
  child->signal = kmalloc(sizeof *child->signal);
  child->sighand = kmalloc(sizeof *child->sighand);
  if (!child->signal || !child->sighand)
    return -ENOMEM;
  child->signal->refs = 1;
  child->signal->live = 1;
  wq_init(&child->signal->wait_child, "wait_child");
  child->sighand->refs = 1;
  spin_init(&child->sighand->lock, "sighand");
  memcpy(child->sighand->action, parent->sighand->action, sizeof child->sighand->action);
  return 0;
}

// Undo a partly built child.
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

// Save our live FP registers so the child starts with the same values.
static void copy_fp(struct task *child, struct task *parent)
{
  struct trapframe *tf = task_trapframe(parent);
  if ((tf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
    csr_set(sstatus, SSTATUS_FS_CLEAN);
    fp_save(parent->fpregs);
    tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
  }
  memcpy(child->fpregs, parent->fpregs, sizeof child->fpregs);
}

static struct task *copy_task(unsigned long flags, uint64_t stack, uint64_t tls)
{
  struct task *p = current;
  if (__atomic_load_n(&nr_tasks, __ATOMIC_RELAXED) >= max_tasks)
    return (void *)-EAGAIN;
  struct task *c = task_alloc();
  if (!c)
    return (void *)-ENOMEM;
  int r;
  if ((r = copy_mm(c, p)) < 0 || (r = copy_files(flags, c, p)) < 0 || (r = copy_fs(flags, c, p)) < 0 ||
      (r = copy_signal(c, p)) < 0 || (r = tid_alloc(c)) < 0) {
    free_child(c);
    return (void *)(long)r;
  }
  c->tgid = c->tid;
  c->exit_signal = flags & CSIGNAL;
  memcpy(c->name, p->name, sizeof c->name);
  copy_fp(c, p);
  struct trapframe *tf = task_trapframe(c);
  *tf = *task_trapframe(p);
  tf->a0 = 0;                          // the child's clone() returns 0
  if (stack)
    tf->sp = stack;
  if (flags & CLONE_SETTLS)
    tf->tp = tls;
  task_set_entry(c, 0, 0);
  return c;
}

static void link_family(unsigned long flags, struct task *c)
{
  spin_lock(&tasklist_lock);
  c->parent = (flags & CLONE_PARENT) && current->parent ? current->parent : current;
  list_add_tail(&c->sibling, &c->parent->children);
  spin_unlock(&tasklist_lock);
}

long sys_clone(unsigned long flags, uint64_t stack, uint64_t ptid, uint64_t tls, uint64_t ctid)
{
  if (flags & ~(unsigned long)SUPPORTED)
    return -EINVAL;
  if ((flags & CLONE_PARENT) && current->tgid == INIT_PID)
    return -EINVAL;                    // init's siblings would have no parent
  struct task *c = copy_task(flags, stack, tls);
  if ((long)c < 0 && (long)c > -4096)
    return (long)c;
  int tid = c->tid;
  if (((flags & CLONE_PARENT_SETTID) && copy_to_user(ptid, &tid, sizeof tid) < 0) ||
      ((flags & CLONE_CHILD_SETTID) && copy_to_mm(c->mm, ctid, &tid, sizeof tid) < 0)) {
    spin_lock(&tasklist_lock);
    tid_unhash(c);
    spin_unlock(&tasklist_lock);
    free_child(c);
    return -EFAULT;
  }
  link_family(flags, c);
  wake_up_new_task(c);
  return tid;
}
