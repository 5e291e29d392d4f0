// futex(2) wrappers and the locks built on it.  A lock word is 0 (free),
// 1 (held) or 2 (held, and somebody may be asleep on it): the holder makes
// a system call to unlock only in state 2, so an uncontended lock and
// unlock are one atomic instruction each, and a contended one sleeps in
// the kernel instead of spinning.
#include <errno.h>
#include <time.h>
#include "syscall.h"
#include "thread.h"

long
__futex(int *uaddr, int op, int val, const struct timespec *rel)
{
  return syscall4(SYS_futex, uaddr, op, val, rel);
}

long
futex(int *uaddr, int op, int val, const struct timespec *timeout)
{
  return sysret(__futex(uaddr, op, val, timeout));
}

int
futex_wait(int *uaddr, int val, const struct timespec *timeout)
{
  return futex(uaddr, FUTEX_WAIT, val, timeout);
}

int
futex_wake(int *uaddr, int n)
{
  return futex(uaddr, FUTEX_WAKE, n, 0);
}

// The time left until abstime (CLOCK_REALTIME); 0 when it has passed.
int
__time_left(const struct timespec *abstime, struct timespec *rel)
{
  struct timespec now;

  clock_gettime(CLOCK_REALTIME, &now);
  rel->tv_sec = abstime->tv_sec - now.tv_sec;
  rel->tv_nsec = abstime->tv_nsec - now.tv_nsec;
  if (rel->tv_nsec < 0) {
    rel->tv_nsec += NSEC_PER_SEC;
    rel->tv_sec--;
  }
  return rel->tv_sec >= 0;
}

int
__lock_op(int *l, int priv, const struct timespec *abstime)
{
  struct timespec rel;
  int c = 0;

  if (__atomic_compare_exchange_n(l, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
    return 0;
  // Taken: announce a sleeper (state 2) before sleeping, so the holder's
  // unlock knows to wake us.  Whoever gets the lock from here on holds it
  // in state 2, since other sleepers may remain.  Giving up at the
  // deadline leaves state 2 behind: at worst one wake call with nobody
  // to wake.
  if (c != 2)
    c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
  while (c != 0) {
    if (abstime && !__time_left(abstime, &rel))
      return ETIMEDOUT;
    __futex(l, FUTEX_WAIT | priv, 2, abstime ? &rel : 0);
    c = __atomic_exchange_n(l, 2, __ATOMIC_ACQUIRE);
  }
  return 0;
}

void
__unlock_op(int *l, int priv)
{
  if (__atomic_exchange_n(l, 0, __ATOMIC_RELEASE) == 2)
    __futex(l, FUTEX_WAKE | priv, 1, 0);
}

void
__lock(int *l)
{
  __lock_op(l, FUTEX_PRIVATE_FLAG, 0);
}

int
__trylock(int *l)
{
  int c = 0;

  return __atomic_compare_exchange_n(l, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void
__unlock(int *l)
{
  __unlock_op(l, FUTEX_PRIVATE_FLAG);
}

// Only the holder writes owner, so reading our own tid there means we hold it.
void
__rlock(struct rlock *r)
{
  int me = __self()->tid;

  if (__atomic_load_n(&r->owner, __ATOMIC_RELAXED) == me) {
    r->count++;
    return;
  }
  __lock(&r->lock);
  __atomic_store_n(&r->owner, me, __ATOMIC_RELAXED);
  r->count = 1;
}

void
__runlock(struct rlock *r)
{
  if (--r->count > 0)
    return;
  __atomic_store_n(&r->owner, 0, __ATOMIC_RELAXED);
  __unlock(&r->lock);
}
