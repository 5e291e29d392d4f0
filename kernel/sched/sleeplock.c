// Sleep locks: a flag under a spinlock, with a wait queue for the waiters.
#include "sched/sleeplock.h"
#include "lib/lockdep.h"
#include "arch/riscv.h"
#include "proc/task.h"

void sleeplock_init(struct sleeplock *l, const char *name)
{
  spin_init(&l->lk, "sleeplock");
  wq_init(&l->waiters, name);
  l->locked = 0;
  l->holder = 0;
  l->name = name;
}

void sleeplock_acquire(struct sleeplock *l)
{
  lockdep_sleep_acquire(l, l->name, read_fp());
  spin_lock(&l->lk);
  while (l->locked)
    wq_sleep(&l->waiters, &l->lk, TASK_UNINTERRUPTIBLE);
  l->locked = 1;
  l->holder = current->tid;
  spin_unlock(&l->lk);
}

void sleeplock_release(struct sleeplock *l)
{
  lockdep_sleep_release(l);
  spin_lock(&l->lk);
  l->locked = 0;
  l->holder = 0;
  wq_wake_all(&l->waiters);
  spin_unlock(&l->lk);
}

int sleeplock_holding(struct sleeplock *l)
{
  spin_lock(&l->lk);
  int r = l->locked && l->holder == current->tid;
  spin_unlock(&l->lk);
  return r;
}

#ifdef DEBUG
// lib/lockdep.h's hook.
struct lockdep_task *lockdep_current(void)
{
  return &current->lockdep;
}
#endif
