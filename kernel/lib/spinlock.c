// Spinlocks and interrupt nesting.
#include "lib/spinlock.h"
#include "lib/printf.h"
#include "lib/lockdep.h"
#include "arch/riscv.h"

void spin_init(struct spinlock *lk, const char *name)
{
  lk->locked = 0;
  lk->name = name;
  lk->cpu = 0;
  lk->cls = 0;
}

void spin_lock(struct spinlock *lk)
{
  push_off();
  if (spin_holding(lk))
    panic("spin_lock: %s already held by this cpu", lk->name);
  lockdep_spin_acquire(lk, read_fp());
  while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE))
    while (lk->locked)
      ;
  lk->cpu = mycpu_locks();
}

void spin_unlock(struct spinlock *lk)
{
  lockdep_spin_release(lk);
  if (!spin_holding(lk))
    panic("spin_unlock: %s not held", lk->name);
  lk->cpu = 0;
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
  pop_off();
}

#ifdef DEBUG
void assert_held(struct spinlock *lk, const char *func)
{
  push_off();
  int held = spin_holding(lk);
  pop_off();
  if (!held)
    panic("%s: called without %s held", func, lk->name);
}
#endif

// Interrupts must be off (as they are while any spinlock is held).
int spin_holding(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu_locks();
}

void push_off(void)
{
  int on = intr_get();
  intr_off();
  struct cpu_locks *c = mycpu_locks();
  if (c->noff == 0)
    c->intena = on;
  c->noff++;
}

void pop_off(void)
{
  struct cpu_locks *c = mycpu_locks();
  if (intr_get())
    panic("pop_off: interrupts on");
  if (c->noff < 1)
    panic("pop_off: unbalanced");
  c->noff--;
  if (c->noff == 0 && c->intena)
    intr_on();
}
