// Wait queues (see wait.h for the no-lost-wakeup argument).
#include "sched/wait.h"
#include "sched/sched.h"
#include "proc/task.h"
#include "errno.h"

void wq_init(struct wait_queue *wq, const char *name)
{
  spin_init(&wq->lock, "wait_queue");
  wq->name = name;
  list_init(&wq->waiters);
}

int wq_sleep(struct wait_queue *wq, struct spinlock *lk, long state)
{
  struct task *t = current;
  struct wait_entry e = { .task = t };
  if (state == TASK_INTERRUPTIBLE && signal_pending(t))
    return -EINTR;
  spin_lock(&wq->lock);
  list_add_tail(&e.node, &wq->waiters);
  t->state = state;
  spin_unlock(&wq->lock);
  spin_unlock(lk);
  schedule();
  spin_lock(&wq->lock);
  list_del(&e.node);
  spin_unlock(&wq->lock);
  spin_lock(lk);
  return state == TASK_INTERRUPTIBLE && signal_pending(t) ? -EINTR : 0;
}

void wq_wake_all(struct wait_queue *wq)
{
  struct list_head *p;
  spin_lock(&wq->lock);
  list_for_each(p, &wq->waiters)
    wake_up_task(list_entry(p, struct wait_entry, node)->task, TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE);
  spin_unlock(&wq->lock);
}
