// Signal delivery with default actions.
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "sched/sched.h"
#include "errno.h"

static int default_ignored(int sig)
{
  return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

int send_signal(struct task *t, int sig)
{
  if (sig < 0 || sig >= NSIG)
    return -EINVAL;
  if (sig == 0 || default_ignored(sig))
    return 0;
  __atomic_or_fetch(&t->signal->pending, 1UL << sig, __ATOMIC_SEQ_CST);
  // Every thread of the group that sleeps interruptibly checks it now.
  wake_thread_group(t, TASK_INTERRUPTIBLE);
  return 0;
}

void force_signal(struct task *t, int sig)
{
  __atomic_or_fetch(&t->pending, 1UL << sig, __ATOMIC_SEQ_CST);
}

// Lowest-numbered pending signal of the current task (thread's own first).
static int next_signal(struct task *t)
{
  uint64_t p = t->pending ? t->pending : t->signal->pending;
  for (int sig = 1; sig < NSIG; sig++)
    if (p & (1UL << sig))
      return sig;
  return 0;
}

void handle_signals(void)
{
  struct task *t = current;
  int sig;
  while ((sig = next_signal(t)) != 0) {
    __atomic_and_fetch(&t->pending, ~(1UL << sig), __ATOMIC_SEQ_CST);
    __atomic_and_fetch(&t->signal->pending, ~(1UL << sig), __ATOMIC_SEQ_CST);
    if (!default_ignored(sig))
      do_exit_group(sig);     // status: terminated by sig
  }
}
