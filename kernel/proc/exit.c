// Ending tasks and reaping them: exit, exit_group, wait4.
//
// An exiting task drops its address space, files and cwd, hands its children
// to init, becomes a zombie and wakes its parent.  The parent's wait4 takes
// the zombie's status and frees what is left (task struct, kernel stack)
// once the zombie has switched away for the last time.
#include "proc/proc.h"
#include "proc/signal.h"
#include "sched/sched.h"
#include "mm/mm.h"
#include "fs/file.h"
#include "lib/printf.h"
#include "errno.h"
#include "syscall.h"

#define WNOHANG 1
#define WEXITED_STATUS(code) (((code) & 0xff) << 8)

// Hand every child of t to init.  tasklist_lock held.
static void reparent_children(struct task *t)
{
  int zombies = 0;
  while (!list_empty(&t->children)) {
    struct task *c = list_first_entry(&t->children, struct task, sibling);
    list_del(&c->sibling);
    c->parent = init_task;
    list_add_tail(&c->sibling, &init_task->children);
    zombies |= c->state == EXIT_ZOMBIE;
  }
  if (zombies)
    wq_wake_all(&init_task->signal->wait_child);
}

static void release_resources(struct task *t)
{
  struct mm *mm = t->mm;
  if (mm) {
    // Off this page table first: its tables are freed with the last user.
    push_off();
    mm_switch(0);
    t->mm = 0;
    pop_off();
    mm_put(mm);
  }
  files_put(t->files);
  t->files = 0;
  fs_info_put(t->fs);
  t->fs = 0;
}

void do_exit(int status)
{
  struct task *t = current;
  if (t == init_task)
    panic("init exited (status 0x%x)", status);
  t->flags |= PF_EXITING;
  release_resources(t);
  spin_lock(&tasklist_lock);
  reparent_children(t);
  t->exit_code = status;
  // The last thing before switching away: the parent may reap us as soon
  // as we are a zombie (it waits for on_cpu to clear before freeing).
  t->state = EXIT_ZOMBIE;
  wq_wake_all(&t->parent->signal->wait_child);
  spin_unlock(&tasklist_lock);
  schedule();
  panic("do_exit: zombie %d ran again", t->tid);
}

void do_exit_group(int sig)
{
  do_exit(sig & 0x7f);
}

void wake_thread_group(struct task *t, long states)
{
  wake_up_task(t, states);
}

long sys_exit(int code)
{
  do_exit(WEXITED_STATUS(code));
}

long sys_exit_group(int code)
{
  do_exit(WEXITED_STATUS(code));
}

static int matches(struct task *c, int pid)
{
  return pid == -1 || pid == 0 || pid < -1 || c->tgid == pid;
}

// Free a reaped zombie once its CPU has finished switching away from it.
static void release_task(struct task *c)
{
  while (__atomic_load_n(&c->on_cpu, __ATOMIC_ACQUIRE))
    ;
  signal_put(c->signal);
  sighand_put(c->sighand);
  task_free(c);
}

long sys_wait4(int pid, uint64_t ustatus, int options, uint64_t rusage)
{
  (void)rusage;
  struct task *t = current;
  if (options & ~WNOHANG)
    return -EINVAL;
  spin_lock(&tasklist_lock);
  for (;;) {
    int have = 0;
    struct list_head *p;
    list_for_each(p, &t->children) {
      struct task *c = list_entry(p, struct task, sibling);
      if (!matches(c, pid))
        continue;
      have = 1;
      if (c->state != EXIT_ZOMBIE)
        continue;
      int tid = c->tid, status = c->exit_code;
      // Store the status first: with a bad pointer the zombie stays unreaped.
      if (ustatus && copy_to_user(ustatus, &status, sizeof status) < 0) {
        spin_unlock(&tasklist_lock);
        return -EFAULT;
      }
      c->state = EXIT_DEAD;
      list_del(&c->sibling);
      tid_unhash(c);
      spin_unlock(&tasklist_lock);
      release_task(c);
      return tid;
    }
    if (!have) {
      spin_unlock(&tasklist_lock);
      return -ECHILD;
    }
    if (options & WNOHANG) {
      spin_unlock(&tasklist_lock);
      return 0;
    }
    if (wq_sleep(&t->signal->wait_child, &tasklist_lock, TASK_INTERRUPTIBLE) < 0) {
      spin_unlock(&tasklist_lock);
      return -EINTR;
    }
  }
}
