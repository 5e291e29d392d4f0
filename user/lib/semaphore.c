// POSIX semaphores.  value is the count, and waiters sleep on it while it
// is 0; waiters spares sem_post the wake system call when nobody sleeps.
// A sleeper announces itself before it sleeps, and FUTEX_WAIT rechecks the
// value, so a post between the two is not lost.
#include <errno.h>
#include <limits.h>
#include <semaphore.h>
#include "thread.h"

int
sem_init(sem_t *s, int pshared, unsigned value)
{
  if (value > INT_MAX) {
    errno = EINVAL;
    return -1;
  }
  *s = (sem_t){ (int)value, 0, pshared };
  return 0;
}

int
sem_destroy(sem_t *s)
{
  (void)s;
  return 0;
}

int
sem_trywait(sem_t *s)
{
  int v = __atomic_load_n(&s->value, __ATOMIC_SEQ_CST);

  while (v > 0)
    if (__atomic_compare_exchange_n(&s->value, &v, v - 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
      return 0;
  errno = EAGAIN;
  return -1;
}

int
sem_timedwait(sem_t *s, const struct timespec *abstime)
{
  int priv = s->shared ? 0 : FUTEX_PRIVATE_FLAG, saved = errno;
  struct timespec rel;
  long r = 0;

  while (sem_trywait(s) < 0) {
    if (abstime && (!__time_left(abstime, &rel) || r == -ETIMEDOUT)) {
      errno = ETIMEDOUT;
      return -1;
    }
    __atomic_fetch_add(&s->waiters, 1, __ATOMIC_SEQ_CST);
    r = __futex(&s->value, FUTEX_WAIT | priv, 0, abstime ? &rel : 0);
    __atomic_fetch_sub(&s->waiters, 1, __ATOMIC_SEQ_CST);
  }
  errno = saved;
  return 0;
}

int
sem_wait(sem_t *s)
{
  return sem_timedwait(s, 0);
}

int
sem_post(sem_t *s)
{
  __atomic_fetch_add(&s->value, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&s->waiters, __ATOMIC_SEQ_CST) > 0)
    __futex(&s->value, FUTEX_WAKE | (s->shared ? 0 : FUTEX_PRIVATE_FLAG), 1, 0);
  return 0;
}

int
sem_getvalue(sem_t *s, int *value)
{
  *value = __atomic_load_n(&s->value, __ATOMIC_SEQ_CST);
  return 0;
}
