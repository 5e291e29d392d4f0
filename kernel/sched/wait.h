// Wait queues: the list of tasks sleeping for one event (pipe data, disk
// completion, a child's exit).  Waking walks only that list.
//
// No wakeup is lost: the sleeper holds the condition's lock when it calls
// wq_sleep, which queues it and publishes its sleeping state before releasing
// that lock; a waker changes the condition under the same lock and then calls
// wq_wake_all, which makes every queued task runnable again.
#pragma once
#include "lib/spinlock.h"
#include "lib/list.h"

struct wait_queue {
  struct spinlock lock;      // protects waiters
  struct list_head waiters;  // of struct wait_entry
  const char *name;          // what its waiters wait for, for debugging
};

struct task;
struct wait_entry {
  struct task *task;
  struct list_head node;
};

// Every queue's lock is of one class, "wait_queue" (lib/lockorder.h).
#define WAIT_QUEUE_INIT(wq, n) { SPINLOCK_INIT("wait_queue"), LIST_HEAD_INIT((wq).waiters), (n) }
void wq_init(struct wait_queue *wq, const char *name);

// Sleep on wq in state TASK_INTERRUPTIBLE or TASK_UNINTERRUPTIBLE.  Caller
// holds lk (the lock of the condition it waits for); it is released while
// asleep and held again on return.  Returns 0 after a wakeup (the caller
// rechecks its condition), or -EINTR when sleeping interruptibly and a signal
// is pending for the task.
int wq_sleep(struct wait_queue *wq, struct spinlock *lk, long state);

// Make every task sleeping on wq runnable.
void wq_wake_all(struct wait_queue *wq);
