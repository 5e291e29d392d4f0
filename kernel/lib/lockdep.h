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

#define LOCKDEP_DEPTH 16        // locks one CPU (or task) may hold at once
#define LOCKDEP_PCS   6         // return addresses kept per acquisition

struct held_lock {
  const void *lock;
  int cls;
  uint64_t pcs[LOCKDEP_PCS];
};

// The spinlocks a CPU holds: in its struct cpu_locks (lib/spinlock.h).
struct lockdep_cpu {
  int depth;
  int reporting;                   // printing a report: its own locks are not checked
  struct held_lock held[LOCKDEP_DEPTH];
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
// Sleep locks (sched/sleeplock.c), by the current task.
void lockdep_sleep_acquire(const void *lock, const char *name, uint64_t fp);  // before waiting
void lockdep_sleep_release(const void *lock);
// Hook: the current task's sleep locks; the scheduler, which knows the
// current task, implements it (sched/sleeplock.c).
struct lockdep_task *lockdep_current(void);
void lockdep_print_held(void);                       // this CPU's spinlocks, for a panic
#else
static inline void lockdep_spin_acquire(struct spinlock *lk, uint64_t fp) { (void)lk; (void)fp; }
static inline void lockdep_spin_release(struct spinlock *lk) { (void)lk; }
static inline void lockdep_sleep_acquire(const void *lock, const char *name, uint64_t fp)
{ (void)lock; (void)name; (void)fp; }
static inline void lockdep_sleep_release(const void *lock) { (void)lock; }
static inline void lockdep_print_held(void) {}
#endif
