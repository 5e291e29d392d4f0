// The locks lab's locks (see spinlock.h).  Every access to a lock word is
// volatile or asm: the compiler must neither cache it in a register nor
// move it across the lock's fences.
#include <spinlock.h>

#define READ_ONCE(x) (*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))

// amoswap.w.aq swaps in 1 and returns the old value in one indivisible
// step, so of two harts swapping at once only one reads 0.  aq: nothing
// of the critical section may be performed before the lock is taken.
// Waiters spin on a plain load, so the line stays shared until it looks free.
void
spin_lock(struct spinlock *l)
{
  // LAB locks BEGIN
  int old;

  for (;;) {
    __asm__ volatile("amoswap.w.aq %0, %2, %1" : "=r"(old), "+A"(l->locked) : "r"(1) : "memory");
    if (old == 0)
      return;
    while (READ_ONCE(l->locked))
      ;
  }
  // LAB locks STUB
  // // Look, then take: two harts can both see 0 and both store 1.
  // while (READ_ONCE(l->locked) != 0)
  //   ;
  // WRITE_ONCE(l->locked, 1);
  // LAB locks END
}

// rl: everything the critical section did is visible before the lock
// looks free.
void
spin_unlock(struct spinlock *l)
{
  // LAB locks BEGIN
  __asm__ volatile("amoswap.w.rl zero, zero, %0" : "+A"(l->locked) : : "memory");
  // LAB locks STUB
  // WRITE_ONCE(l->locked, 0);
  // LAB locks END
}

// Announce interest, give the turn away, then wait while the other one is
// interested and it is its turn.  Under RVWMO a hart may perform its load
// of interested[other] before its own stores are visible to the other hart;
// both could then read 0 and walk in together.  The full fence between
// orders those stores before that load.
void
peterson_lock(struct peterson *p, int me)
{
  // LAB locks BEGIN
  int other = 1 - me;

  WRITE_ONCE(p->interested[me], 1);
  WRITE_ONCE(p->turn, other);
  __asm__ volatile("fence rw, rw" ::: "memory");
  while (READ_ONCE(p->interested[other]) && READ_ONCE(p->turn) == other)
    ;
  // The critical section's loads and stores stay after the loads that let us in.
  __asm__ volatile("fence r, rw" ::: "memory");
  // LAB locks STUB
  // (void)p;
  // (void)me;
  // LAB locks END
}

void
peterson_unlock(struct peterson *p, int me)
{
  // LAB locks BEGIN
  // The critical section's loads and stores are done before the other sees us leave.
  __asm__ volatile("fence rw, w" ::: "memory");
  WRITE_ONCE(p->interested[me], 0);
  // LAB locks STUB
  // (void)p;
  // (void)me;
  // LAB locks END
}
