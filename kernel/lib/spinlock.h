// Spinlocks: mutual exclusion between harts for short critical sections.
// Holding one disables interrupts on this hart (push_off), so an interrupt
// handler never spins on a lock its own hart holds, and a task never sleeps
// or is preempted while holding one.
#pragma once
#include <stdint.h>
#include "lib/lockdep.h"

// What a CPU keeps for its locks.  Each CPU's is in its struct cpu
// (sched/sched.h); only that CPU touches it, with interrupts off.
struct cpu_locks {
  int noff;                  // depth of push_off nesting
  int intena;                // were interrupts enabled before the outermost push_off?
#ifdef DEBUG
  struct lockdep_cpu lockdep;  // the spinlocks it holds, for the checking kernel
#endif
};

// Hooks: only the scheduler knows which CPU runs the caller (the current
// task's), so it implements these (sched/core.c).  Interrupts must be off.
int cpuid(void);                      // this CPU's number, 0 = the boot hart
struct cpu_locks *mycpu_locks(void);  // this CPU's lock state

struct spinlock {
  volatile uint32_t locked;
  const char *name;          // for panics and debugging
  struct cpu_locks *cpu;     // holder, valid while locked
  int cls;                   // lock class for the checking kernel (lib/lockdep.c); 0: not looked up
};

#define SPINLOCK_INIT(n) { 0, (n), 0, 0 }

void spin_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
int spin_holding(struct spinlock *lk);

// A function whose comment says "X held" says so in code too: the checking
// kernel (make DEBUG=1) panics when the caller does not hold lk.
#ifdef DEBUG
void assert_held(struct spinlock *lk, const char *func);
#define ASSERT_HELD(lk) assert_held((lk), __func__)
#else
#define ASSERT_HELD(lk) ((void)0)
#endif

// Nested interrupt disabling: interrupts come back on only at the outermost pop_off,
// and only if they were on at the outermost push_off.
void push_off(void);
void pop_off(void);
