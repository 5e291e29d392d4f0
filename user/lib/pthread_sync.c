// Mutexes, condition variables, barriers and read-write locks, on futexes
// (see futex.c for the lock word), and spin locks.  The futex calls are
// private unless the object was made PTHREAD_PROCESS_SHARED.
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

static int
valid_time(const struct timespec *abstime)
{
  return abstime->tv_nsec >= 0 && abstime->tv_nsec < (long)NSEC_PER_SEC;
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

static int
mutex_lock(pthread_mutex_t *m, const struct timespec *abstime)
{
  if (m->type != PTHREAD_MUTEX_NORMAL && held_by_me(m)) {
    if (m->type == PTHREAD_MUTEX_ERRORCHECK)
      return EDEADLK;
    m->count++;
    return 0;
  }
  if (__lock_op(&m->lock, futex_flag(m->shared), abstime) != 0)
    return ETIMEDOUT;
  if (m->type != PTHREAD_MUTEX_NORMAL)
    set_owner(m, __self()->tid);
  return 0;
}

int
pthread_mutex_lock(pthread_mutex_t *m)
{
  return mutex_lock(m, 0);
}

int
pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime)
{
  if (!valid_time(abstime))
    return EINVAL;
  return mutex_lock(m, abstime);
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
  if (!valid_time(abstime))
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

// ---- read-write locks ----------------------------------------------------------
// A reader gets in while no writer holds the lock and none waits, so that
// a stream of readers cannot starve a writer.  A thread that holds a read
// lock already gets in past waiting writers: POSIX lets it take read locks
// again, and queueing behind a writer that waits for it would deadlock.
// A waiter counts itself in readers_ or writers_waiting, then reads its
// sequence word, tries the lock and sleeps if the word is unchanged.  A
// release frees the lock first and changes the word after, so a waiter
// either finds the lock free or its sleep fails at once.

enum { WRITE_HELD = -1 };

int
pthread_rwlock_init(pthread_rwlock_t *rw, const pthread_rwlockattr_t *attr)
{
  *rw = (pthread_rwlock_t){ 0 };
  if (attr)
    rw->shared = attr->shared;
  return 0;
}

int
pthread_rwlock_destroy(pthread_rwlock_t *rw)
{
  return rw->state ? EBUSY : 0;
}

// Only the writer holding the lock writes writer, as with a mutex's owner.
static int
write_held_by_me(pthread_rwlock_t *rw)
{
  return __atomic_load_n(&rw->writer, __ATOMIC_RELAXED) == __self()->tid;
}

static int
try_read(pthread_rwlock_t *rw)
{
  int s = __atomic_load_n(&rw->state, __ATOMIC_SEQ_CST);
  int polite = __self()->rdlocks == 0;

  while (s != WRITE_HELD) {
    if (polite && __atomic_load_n(&rw->writers_waiting, __ATOMIC_SEQ_CST) > 0)
      return 0;
    if (__atomic_compare_exchange_n(&rw->state, &s, s + 1, 0, __ATOMIC_SEQ_CST,
                                    __ATOMIC_SEQ_CST)) {
      __self()->rdlocks++;
      return 1;
    }
  }
  return 0;
}

static int
try_write(pthread_rwlock_t *rw)
{
  int s = 0;

  if (!__atomic_compare_exchange_n(&rw->state, &s, WRITE_HELD, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST))
    return 0;
  __atomic_store_n(&rw->writer, __self()->tid, __ATOMIC_RELAXED);
  return 1;
}

// Sleeps on seq until try succeeds, counted in *waiting meanwhile.
static void
rwlock_wait(pthread_rwlock_t *rw, int (*try)(pthread_rwlock_t *), int *waiting, int *seq)
{
  int s;

  __atomic_fetch_add(waiting, 1, __ATOMIC_SEQ_CST);
  for (;;) {
    s = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
    if (try(rw))
      break;
    __futex(seq, FUTEX_WAIT | futex_flag(rw->shared), s, 0);
  }
  __atomic_fetch_sub(waiting, 1, __ATOMIC_SEQ_CST);
}

// After a release: one waiting writer, or else every waiting reader.
static void
rwlock_wake(pthread_rwlock_t *rw)
{
  int priv = futex_flag(rw->shared);

  if (__atomic_load_n(&rw->writers_waiting, __ATOMIC_SEQ_CST) > 0) {
    __atomic_fetch_add(&rw->wseq, 1, __ATOMIC_SEQ_CST);
    __futex(&rw->wseq, FUTEX_WAKE | priv, 1, 0);
  } else if (__atomic_load_n(&rw->readers_waiting, __ATOMIC_SEQ_CST) > 0) {
    __atomic_fetch_add(&rw->rseq, 1, __ATOMIC_SEQ_CST);
    __futex(&rw->rseq, FUTEX_WAKE | priv, INT_MAX, 0);
  }
}

int
pthread_rwlock_rdlock(pthread_rwlock_t *rw)
{
  if (write_held_by_me(rw))
    return EDEADLK;
  if (!try_read(rw))
    rwlock_wait(rw, try_read, &rw->readers_waiting, &rw->rseq);
  return 0;
}

int
pthread_rwlock_tryrdlock(pthread_rwlock_t *rw)
{
  return try_read(rw) ? 0 : EBUSY;
}

int
pthread_rwlock_wrlock(pthread_rwlock_t *rw)
{
  if (write_held_by_me(rw))
    return EDEADLK;
  if (!try_write(rw))
    rwlock_wait(rw, try_write, &rw->writers_waiting, &rw->wseq);
  return 0;
}

int
pthread_rwlock_trywrlock(pthread_rwlock_t *rw)
{
  return try_write(rw) ? 0 : EBUSY;
}

// The lock's state tells which kind the caller holds: while it holds a
// read lock, nobody can make it WRITE_HELD.
int
pthread_rwlock_unlock(pthread_rwlock_t *rw)
{
  int s = __atomic_load_n(&rw->state, __ATOMIC_RELAXED);

  if (s == 0 || (s == WRITE_HELD && !write_held_by_me(rw)))
    return EPERM;
  if (s == WRITE_HELD) {
    __atomic_store_n(&rw->writer, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&rw->state, 0, __ATOMIC_SEQ_CST);
  } else {
    __self()->rdlocks--;
    if (__atomic_sub_fetch(&rw->state, 1, __ATOMIC_SEQ_CST) > 0)
      return 0;
  }
  rwlock_wake(rw);
  return 0;
}

int
pthread_rwlockattr_init(pthread_rwlockattr_t *a)
{
  a->shared = PTHREAD_PROCESS_PRIVATE;
  return 0;
}

int
pthread_rwlockattr_destroy(pthread_rwlockattr_t *a)
{
  (void)a;
  return 0;
}

int
pthread_rwlockattr_setpshared(pthread_rwlockattr_t *a, int shared)
{
  if (shared != PTHREAD_PROCESS_PRIVATE && shared != PTHREAD_PROCESS_SHARED)
    return EINVAL;
  a->shared = shared;
  return 0;
}

// ---- spin locks -------------------------------------------------------------------
// For sections shorter than a sleep and a wake-up.  A waiter only reads
// the word until it looks free, so the cache line stays shared and only
// the exchange that may take the lock writes it.

int
pthread_spin_init(pthread_spinlock_t *s, int shared)
{
  (void)shared;                       // no futex, so nothing differs
  *s = 0;
  return 0;
}

int
pthread_spin_destroy(pthread_spinlock_t *s)
{
  (void)s;
  return 0;
}

int
pthread_spin_lock(pthread_spinlock_t *s)
{
  while (__atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE))
    while (__atomic_load_n(s, __ATOMIC_RELAXED))
      ;
  return 0;
}

int
pthread_spin_trylock(pthread_spinlock_t *s)
{
  return __atomic_exchange_n(s, 1, __ATOMIC_ACQUIRE) ? EBUSY : 0;
}

int
pthread_spin_unlock(pthread_spinlock_t *s)
{
  __atomic_store_n(s, 0, __ATOMIC_RELEASE);
  return 0;
}
