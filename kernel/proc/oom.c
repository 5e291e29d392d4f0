// The out-of-memory killer.  A user page fault that finds no free page
// cannot go on; killing whoever faulted would often kill the wrong process
// (a shell forking, a small program touching its stack) while the one that
// took the memory sleeps on it.  As on Linux, the process with the most
// resident user pages is killed instead, never init; the faulting task
// waits a moment and takes its fault again.
#include "proc/proc.h"
#include "proc/signal.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "clock.h"

#define OOM_RETRY_NS (10 * 1000000ULL)   // a victim takes about this long to let go

struct oom_choice {
  struct task *victim;          // the biggest candidate so far
  uint64_t rss;
  int dying;                    // a process is already dying and will free memory
};

// Is t's group ending (a fatal signal pending, or exiting) but not yet done
// freeing its memory?  A thread frees it (release_resources) before it
// leaves the group's live count.  tasklist_lock held.
static int dying(struct task *t)
{
  if (t->signal->live == 0)
    return 0;
  if (t->signal->group_exit || ((t->flags & PF_EXITING) && t->state != EXIT_ZOMBIE))
    return 1;
  spin_lock(&t->sighand->lock);
  int killed = (t->signal->shared.set & sigmask(SIGKILL)) != 0;
  spin_unlock(&t->sighand->lock);
  return killed;
}

// The address space of leader's group: the leader may have exited before
// its threads.  A task's mm changes only under tasklist_lock (exit,
// execve), so it stays valid while that is held.
static struct mm *group_mm(struct task *leader)
{
  struct list_head *p;
  list_for_each(p, &leader->signal->threads) {
    struct task *t = list_entry(p, struct task, thread_node);
    if (t->mm)
      return t->mm;
  }
  return 0;
}

static int consider(struct task *t, void *arg)
{
  struct oom_choice *c = arg;
  if (t->tgid == INIT_PID)
    return 0;
  if (dying(t)) {
    c->dying = 1;
    return 1;
  }
  struct mm *mm = group_mm(t);
  if (!mm)
    return 0;
  uint64_t rss = __atomic_load_n(&mm->rss, __ATOMIC_RELAXED);
  if (!c->victim || rss > c->rss) {
    c->victim = t;
    c->rss = rss;
  }
  return 0;
}

void oom_kill(void)
{
  struct oom_choice c = { 0, 0, 0 };
  struct task *t = current;
  spin_lock(&tasklist_lock);
  for_each_process(consider, &c);
  if (!c.dying && !c.victim) {
    c.victim = t->group_leader;         // nobody else to take from: init itself
    c.rss = t->mm->rss;
  }
  if (!c.dying) {
    struct ksiginfo info = { .code = SI_KERNEL };
    printf("out of memory: killed process %d (%s), %lu KiB\n", c.victim->tgid, c.victim->name,
           (unsigned long)(c.rss * PGSIZE / 1024));
    send_signal_info(c.victim, SIGKILL, &info, 1);
  }
  int self = !c.dying && c.victim->signal == t->signal;
  spin_unlock(&tasklist_lock);
  if (!self)
    sleep_until(deadline_after(OOM_RETRY_NS));   // a signal ends the wait early: fine
}
