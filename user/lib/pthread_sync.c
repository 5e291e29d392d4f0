// Mutexes, condition variables and barriers, on futexes (see futex.c for
// the lock word).  The futex calls are private unless the object was made
// PTHREAD_PROCESS_SHARED.
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <time.h>
#include "thread.h"

static int
futex_flag(int shared)
{
  return shared ? 0 : FUTEX_PRIVATE_FLAG;
}

// ---- mutexes -------------------------------------------------------------------

int
pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
  *m = (pthread_mutex_t){ 0 };
  if (attr) {
    m->type = attr->type;
    m->shared = attr->shared;
  }
  return 0;
}

int
pthread_mutex_destroy(pthread_mutex_t *m)
{
  return m->lock ? EBUSY : 0;
}

// Only the holder writes owner, so finding our own tid there means we hold it.
static int
held_by_me(pthread_mutex_t *m)
{
  return __atomic_load_n(&m->owner, __ATOMIC_RELAXED) == __self()->tid;
}

static void
set_owner(pthread_mutex_t *m, int tid)
{
  __atomic_store_n(&m->owner, tid, __ATOMIC_RELAXED);
  m->count = tid ? 1 : 0;
}

int
pthread_mutex_lock(pthread_mutex_t *m)
{
  if (m->type != PTHREAD_MUTEX_NORMAL && held_by_me(m)) {
    if (m->type == PTHREAD_MUTEX_ERRORCHECK)
      return EDEADLK;
    m->count++;
    return 0;
  }
  __lock_op(&m->lock, futex_flag(m->shared));
  if (m->type != PTHREAD_MUTEX_NORMAL)
    set_owner(m, __self()->tid);
  return 0;
}

int
pthread_mutex_trylock(pthread_mutex_t *m)
{
  if (m->type == PTHREAD_MUTEX_RECURSIVE && held_by_me(m)) {
    m->count++;
    return 0;
  }
  if (!__trylock(&m->lock))
    return EBUSY;
  if (m->type != PTHREAD_MUTEX_NORMAL)
    set_owner(m, __self()->tid);
  return 0;
}

int
pthread_mutex_unlock(pthread_mutex_t *m)
{
  if (m->type != PTHREAD_MUTEX_NORMAL) {
    if (!held_by_me(m))
      return EPERM;
    if (--m->count > 0)
      return 0;
    set_owner(m, 0);
  }
  __unlock_op(&m->lock, futex_flag(m->shared));
  return 0;
}

int
pthread_mutexattr_init(pthread_mutexattr_t *a)
{
  *a = (pthread_mutexattr_t){ PTHREAD_MUTEX_DEFAULT, PTHREAD_PROCESS_PRIVATE };
  return 0;
}

int
pthread_mutexattr_destroy(pthread_mutexattr_t *a)
{
  (void)a;
  return 0;
}

int
pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
  if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
    return EINVAL;
  a->type = type;
  return 0;
}

int
pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
  *type = a->type;
  return 0;
}

int
pthread_mutexattr_setpshared(pthread_mutexattr_t *a, int shared)
{
  if (shared != PTHREAD_PROCESS_PRIVATE && shared != PTHREAD_PROCESS_SHARED)
    return EINVAL;
  a->shared = shared;
  return 0;
}

// ---- condition variables ---------------------------------------------------------
// A waiter notes seq, releases the mutex and sleeps while seq is unchanged;
// signal and broadcast change seq first, so a waiter that has released the
// mutex but not yet slept does not sleep (its futex wait fails with EAGAIN).
// waiters spares the wake system call when nobody waits.

int
pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
  *c = (pthread_cond_t){ 0 };
  if (attr)
    c->shared = attr->shared;
  return 0;
}

int
pthread_cond_destroy(pthread_cond_t *c)
{
  (void)c;
  return 0;
}

static int
cond_wait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
  struct timespec rel;
  int seq, r = 0;

  __atomic_fetch_add(&c->waiters, 1, __ATOMIC_SEQ_CST);
  seq = __atomic_load_n(&c->seq, __ATOMIC_SEQ_CST);
  pthread_mutex_unlock(m);
  if (!abstime)
    __futex(&c->seq, FUTEX_WAIT | futex_flag(c->shared), seq, 0);
  else if (!__time_left(abstime, &rel) ||
           __futex(&c->seq, FUTEX_WAIT | futex_flag(c->shared), seq, &rel) == -ETIMEDOUT)
    r = ETIMEDOUT;
  __atomic_fetch_sub(&c->waiters, 1, __ATOMIC_SEQ_CST);
  pthread_mutex_lock(m);
  return r;
}

int
pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
  return cond_wait(c, m, 0);
}

int
pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
  if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
    return EINVAL;
  return cond_wait(c, m, abstime);
}

static int
cond_wake(pthread_cond_t *c, int n)
{
  __atomic_fetch_add(&c->seq, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&c->waiters, __ATOMIC_SEQ_CST) > 0)
    __futex(&c->seq, FUTEX_WAKE | futex_flag(c->shared), n, 0);
  return 0;
}

int
pthread_cond_signal(pthread_cond_t *c)
{
  return cond_wake(c, 1);
}

int
pthread_cond_broadcast(pthread_cond_t *c)
{
  return cond_wake(c, INT_MAX);
}

int
pthread_condattr_init(pthread_condattr_t *a)
{
  a->shared = PTHREAD_PROCESS_PRIVATE;
  return 0;
}

int
pthread_condattr_destroy(pthread_condattr_t *a)
{
  (void)a;
  return 0;
}

int
pthread_condattr_setpshared(pthread_condattr_t *a, int shared)
{
  if (shared != PTHREAD_PROCESS_PRIVATE && shared != PTHREAD_PROCESS_SHARED)
    return EINVAL;
  a->shared = shared;
  return 0;
}

// ---- barriers ---------------------------------------------------------------------
// The last thread to arrive starts a new round; the others sleep until the
// round number changes.

int
pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr, unsigned count)
{
  (void)attr;
  if (count == 0)
    return EINVAL;
  *b = (pthread_barrier_t){ .total = count };
  return 0;
}

int
pthread_barrier_destroy(pthread_barrier_t *b)
{
  return b->count ? EBUSY : 0;
}

int
pthread_barrier_wait(pthread_barrier_t *b)
{
  int round;

  __lock(&b->lock);
  round = b->round;
  if (++b->count == b->total) {
    b->count = 0;
    __atomic_store_n(&b->round, round + 1, __ATOMIC_RELEASE);
    __unlock(&b->lock);
    __futex(&b->round, FUTEX_WAKE_PRIVATE, INT_MAX, 0);
    return PTHREAD_BARRIER_SERIAL_THREAD;
  }
  __unlock(&b->lock);
  while (__atomic_load_n(&b->round, __ATOMIC_ACQUIRE) == round)
    __futex(&b->round, FUTEX_WAIT_PRIVATE, round, 0);
  return 0;
}
