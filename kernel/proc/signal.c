// Signal delivery with default actions.  A signal sent to a process (kill)
// is pending for the whole thread group and any thread may take it; one sent
// to a thread (tgkill, a fault) is that thread's.
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "sched/sched.h"
#include "errno.h"
#include "syscall.h"

static int default_ignored(int sig)
{
  return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

// Wake every interruptibly sleeping thread of t's group to look at its
// signals.  tasklist_lock held.
static void wake_group(struct task *t)
{
  struct list_head *p;
  list_for_each(p, &t->signal->threads)
    wake_up_task(list_entry(p, struct task, thread_node), TASK_INTERRUPTIBLE);
}

int send_signal(struct task *t, int sig)
{
  if (sig < 0 || sig >= NSIG)
    return -EINVAL;
  if (sig == 0 || default_ignored(sig))
    return 0;
  __atomic_or_fetch(&t->signal->pending, 1UL << sig, __ATOMIC_SEQ_CST);
  wake_group(t);
  return 0;
}

// To one thread.  tasklist_lock held.
static int send_thread_signal(struct task *t, int sig)
{
  if (sig < 0 || sig >= NSIG)
    return -EINVAL;
  if (sig == 0 || default_ignored(sig))
    return 0;
  __atomic_or_fetch(&t->pending, 1UL << sig, __ATOMIC_SEQ_CST);
  wake_up_task(t, TASK_INTERRUPTIBLE);
  return 0;
}

void force_signal(struct task *t, int sig)
{
  __atomic_or_fetch(&t->pending, 1UL << sig, __ATOMIC_SEQ_CST);
}

// Lowest-numbered pending signal, the thread's own first; it is taken off
// the pending set.
static int dequeue_signal(struct task *t)
{
  uint64_t *set = t->pending ? &t->pending : &t->signal->pending;
  uint64_t p = __atomic_load_n(set, __ATOMIC_SEQ_CST);
  for (int sig = 1; sig < NSIG; sig++) {
    if (p & (1UL << sig)) {
      __atomic_and_fetch(set, ~(1UL << sig), __ATOMIC_SEQ_CST);
      return sig;
    }
  }
  return 0;
}

void handle_signals(void)
{
  struct task *t = current;
  int sig;
  while ((sig = dequeue_signal(t)) != 0) {
    if (t->signal->group_exit)
      do_exit(t->signal->group_exit_code);   // another thread is ending the group
    if (!default_ignored(sig))
      do_exit_group(sig);                    // wait status: terminated by sig
  }
}

long sys_kill(int pid, int sig)
{
  if (sig < 0 || sig >= NSIG)
    return -EINVAL;
  if (pid <= 0)
    return -EINVAL;          // process groups come with job control
  spin_lock(&tasklist_lock);
  struct task *t = find_task(pid);
  // A zombie still exists until reaped: the signal is accepted and has no effect, as on Linux.
  long r = (!t || t->state == EXIT_DEAD) ? -ESRCH
           : (t->tgid == INIT_PID || t->state == EXIT_ZOMBIE) ? 0   /* init: only signals it handles */
           : send_signal(t, sig);
  spin_unlock(&tasklist_lock);
  return r;
}

long sys_tgkill(int tgid, int tid, int sig)
{
  if (tgid <= 0 || tid <= 0)
    return -EINVAL;
  spin_lock(&tasklist_lock);
  struct task *t = find_task(tid);
  long r = (!t || (tgid && t->tgid != tgid) || t->state & (EXIT_ZOMBIE | EXIT_DEAD)) ? -ESRCH
           : t->tgid == INIT_PID ? 0
           : send_thread_signal(t, sig);
  spin_unlock(&tasklist_lock);
  return r;
}

long sys_tkill(int tid, int sig)
{
  if (tid <= 0)
    return -EINVAL;
  spin_lock(&tasklist_lock);
  struct task *t = find_task(tid);
  long r = (!t || t->state & (EXIT_ZOMBIE | EXIT_DEAD)) ? -ESRCH
           : t->tgid == INIT_PID ? 0
           : send_thread_signal(t, sig);
  spin_unlock(&tasklist_lock);
  return r;
}
