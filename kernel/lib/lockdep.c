// The lock-order checker of the checking kernel (see lockdep.h).
#ifdef DEBUG
#include "lib/lockdep.h"
#include "lib/lockorder.h"
#include "lib/spinlock.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "lib/poison.h"

#define CLASS_NAME(id, name, flags) name,
#define CLASS_FLAGS(id, name, flags) flags,
static const char *const class_name[] = { LOCK_CLASSES(CLASS_NAME) };
static const int class_flags[] = { LOCK_CLASSES(CLASS_FLAGS) };
#define NCLASS ((int)(sizeof class_name / sizeof class_name[0]))
#define NO_CLASS NCLASS            // a name missing from lockorder.h

// Pairs already reported (held class, new class); [NO_CLASS][NO_CLASS]: a
// name missing from the order was reported (the first one found; add it and
// the next shows).  Written with atomics, from any CPU.
static uint32_t reported[NCLASS + 1][NCLASS + 1];

static int class_of(const char *name)
{
  for (int i = 0; i < NCLASS; i++)
    if (strcmp(class_name[i], name) == 0)
      return i;
  return NO_CLASS;
}

static const char *name_of(int cls)
{
  return cls < NCLASS ? class_name[cls] : "(not in lib/lockorder.h)";
}

static void print_pcs(const uint64_t *pcs)
{
  for (int i = 0; i < LOCKDEP_PCS && pcs[i]; i++)
    backtrace_print_pc(pcs[i]);
}

// Report once per pair; called with interrupts off.
static void report(struct lockdep_cpu *lc, uint64_t fp, const struct held_lock *old, const char *oldname,
                   const char *newname, int newcls, const char *why)
{
  if (__atomic_exchange_n(&reported[old ? old->cls : newcls][newcls], 1, __ATOMIC_RELAXED))
    return;
  uint64_t pcs[LOCKDEP_PCS];
  backtrace_save(fp, pcs, LOCKDEP_PCS);
  lc->reporting = 1;
  printf("lockdep: cpu %d takes %s while holding %s: %s\n  %s is being taken at:\n",
         cpuid(), newname, oldname, why, newname);
  print_pcs(pcs);
  if (old) {
    printf("  %s was taken at:\n", oldname);
    print_pcs(old->pcs);
  }
  lc->reporting = 0;
}

// Check taking class cls while the entries held[0..depth) are held.
static void check_order(struct lockdep_cpu *lc, uint64_t fp, const struct held_lock *held, int depth,
                        const char *name, int cls)
{
  if (cls == NO_CLASS) {
    report(lc, fp, 0, "-", name, cls, "its class has no place in lib/lockorder.h");
    return;
  }
  for (int i = 0; i < depth; i++) {
    const struct held_lock *h = &held[i];
    if (h->cls == cls && !(class_flags[cls] & LOCK_NEST))
      report(lc, fp, h, name_of(h->cls), name, cls, "two locks of a class that does not nest");
    else if (h->cls > cls && h->cls != NO_CLASS)
      report(lc, fp, h, name_of(h->cls), name, cls, "lib/lockorder.h puts it first");
  }
}

// A full stack: on a CPU it means runaway nesting; a task may lock a whole
// batch of buffers (read-ahead), and those past the depth go unchecked.
static void push(struct held_lock *held, int *depth, const void *lock, int cls, uint64_t fp, int on_cpu)
{
  if (*depth == LOCKDEP_DEPTH && on_cpu)
    panic("lockdep: more than %d spinlocks held", LOCKDEP_DEPTH);
  if (*depth == LOCKDEP_DEPTH)
    return;
  struct held_lock *h = &held[(*depth)++];
  h->lock = lock;
  h->cls = cls;
  backtrace_save(fp, h->pcs, LOCKDEP_PCS);
}

// Locks are not always released in the reverse order of taking (wq_sleep).
static void pop(struct held_lock *held, int *depth, const void *lock)
{
  for (int i = *depth - 1; i >= 0; i--)
    if (held[i].lock == lock) {
      memmove(&held[i], &held[i + 1], (*depth - i - 1) * sizeof held[0]);
      (*depth)--;
      return;
    }
}

// A lock inside freed memory (poisoned by kfree/page_free) is a use after free.
static void check_alive(struct spinlock *lk, const char *op)
{
  if ((uint64_t)lk->name == POISON)
    panic("%s: the lock at %p is in freed memory", op, lk);
}

void lockdep_spin_acquire(struct spinlock *lk, uint64_t fp)
{
  struct lockdep_cpu *lc = &mycpu_locks()->lockdep;
  check_alive(lk, "spin_lock");
  if (lc->reporting)
    return;
  if (lk->cls == 0)
    lk->cls = class_of(lk->name) + 1;     // 0: not looked up yet
  check_order(lc, fp, lc->held, lc->depth, lk->name, lk->cls - 1);
  push(lc->held, &lc->depth, lk, lk->cls - 1, fp, 1);
}

void lockdep_spin_release(struct spinlock *lk)
{
  struct lockdep_cpu *lc = &mycpu_locks()->lockdep;
  check_alive(lk, "spin_unlock");
  if (!lc->reporting)
    pop(lc->held, &lc->depth, lk);
}

void lockdep_sleep_acquire(const void *lock, const char *name, uint64_t fp)
{
  struct lockdep_task *lt = lockdep_current();
  push_off();
  struct lockdep_cpu *lc = &mycpu_locks()->lockdep;
  int cls = class_of(name);
  if (lc->depth > 0)
    report(lc, fp, &lc->held[lc->depth - 1], name_of(lc->held[lc->depth - 1].cls), name, cls,
           "a sleep lock may sleep, and nothing may sleep holding a spinlock");
  check_order(lc, fp, lt->held, lt->depth, name, cls);
  push(lt->held, &lt->depth, lock, cls, fp, 0);
  pop_off();
}

void lockdep_sleep_release(const void *lock)
{
  struct lockdep_task *lt = lockdep_current();
  pop(lt->held, &lt->depth, lock);
}

void lockdep_print_held(void)
{
  struct lockdep_cpu *lc = &mycpu_locks()->lockdep;
  lc->reporting = 1;
  for (int i = 0; i < lc->depth; i++) {
    printf("  holding %s, taken at:\n", name_of(lc->held[i].cls));
    print_pcs(lc->held[i].pcs);
  }
  lc->reporting = 0;
}
#endif
