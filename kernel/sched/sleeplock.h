// Sleep locks: long-held locks (inodes, buffers) whose waiters sleep instead of spinning.
#pragma once
#include "lib/spinlock.h"
#include "sched/wait.h"

struct sleeplock {
  int locked;               // protected by lk
  struct spinlock lk;
  struct wait_queue waiters;
  int holder;               // tid of the holder, for debugging
  const char *name;
};

void sleeplock_init(struct sleeplock *l, const char *name);
void sleeplock_acquire(struct sleeplock *l);   // uninterruptible
void sleeplock_release(struct sleeplock *l);
int sleeplock_holding(struct sleeplock *l);     // held by the current task
