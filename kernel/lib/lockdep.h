// The checking kernel's lock checker (make DEBUG=1): every acquisition is
// checked against the order of lib/lockorder.h before the lock is waited
// for, so an inversion is reported even when the deadlock it allows never
// happens in this run.  A report names both locks and gives two stacks:
// where the held lock was taken and where the new one is being taken.
// Reports go to the console once per pair of classes ("lockdep: ...");
// the run goes on.  Without DEBUG the hooks compile to nothing.
#pragma once
#include <stdint.h>

struct spinlock;
struct sleeplock;

#define LOCKDEP_DEPTH 16        // locks one CPU (or task) may hold at once
#define LOCKDEP_PCS   6         // return addresses kept per acquisition

struct held_lock {
  const void *lock;
  int cls;
  uint64_t pcs[LOCKDEP_PCS];
};

// The sleep locks a task holds (they stay held across sleeps, so they are
// the task's, not the CPU's): in struct task.
struct lockdep_task {
  int depth;
  struct held_lock held[LOCKDEP_DEPTH];
};

#ifdef DEBUG
// fp: the frame of the lock function, whose callers the stacks show.
void lockdep_spin_acquire(struct spinlock *lk, uint64_t fp);     // interrupts off, before waiting
void lockdep_spin_release(struct spinlock *lk);
void lockdep_sleep_acquire(struct sleeplock *l, uint64_t fp);  // by the current task, before waiting
void lockdep_sleep_release(struct sleeplock *l);
void lockdep_print_held(void);                       // this CPU's spinlocks, for a panic
#else
static inline void lockdep_spin_acquire(struct spinlock *lk, uint64_t fp) { (void)lk; (void)fp; }
static inline void lockdep_spin_release(struct spinlock *lk) { (void)lk; }
static inline void lockdep_sleep_acquire(struct sleeplock *l, uint64_t fp) { (void)l; (void)fp; }
static inline void lockdep_sleep_release(struct sleeplock *l) { (void)l; }
static inline void lockdep_print_held(void) {}
#endif
