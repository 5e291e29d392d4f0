// spinlock: two locks for threads on several harts, built from the bare
// instructions (the locks lab).  pthread_spin_lock is the library's own
// spin lock; these show what such a lock is made of.
#pragma once

// A test-and-set lock: locked is 0 when free, 1 when held.
struct spinlock {
  int locked;
};

void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);

// Peterson's lock for exactly two threads, numbered 0 and 1: plain loads
// and stores plus the fences that keep the hart from reordering them.
struct peterson {
  int interested[2];              // thread i wants in, or is in
  int turn;                       // who waits when both want in
};

void peterson_lock(struct peterson *p, int me);
void peterson_unlock(struct peterson *p, int me);
