// Private to the library: the thread descriptor and the futex locks that
// the library itself uses (malloc, stdio, pthread).
#pragma once
#include <pthread.h>
#include <sys/futex.h>

// One per thread, placed just below the thread's TLS block, so tp (which
// points at the TLS block, RISC-V TLS variant I) also finds the descriptor.
// The size is a multiple of 16 so the block after it stays aligned.
struct pthread {
  int tid;                    // the kernel zeroes it (and wakes) when the thread is gone
  int errno_value;
  int state;                  // T_JOINABLE, T_DETACHED or T_EXITED; changed atomically
  void *(*start)(void *);
  void *arg;
  void *result;
  void *block;                // malloc'd stack + descriptor + TLS; 0 for the main thread
                              // and for a thread on a caller's stack
  struct pthread *next_dead;  // on the list of exited detached threads to free
  int rdlocks;                // read locks it holds (pthread_rwlock), on any lock
  void *specific[PTHREAD_KEYS_MAX];        // pthread_setspecific values, by key slot
  unsigned key_gen[PTHREAD_KEYS_MAX];      // the key generation each value was set under
} __attribute__((aligned(16)));

enum { T_JOINABLE, T_DETACHED, T_EXITED };

static inline struct pthread *
__self(void)
{
  struct pthread *tp;

  asm("mv %0, tp" : "=r"(tp));
  return tp - 1;
}

// tls.c: thread areas (descriptor + TLS block).
unsigned long __thread_area_size(void);
struct pthread *__thread_area_init(void *area);

// futex.c: the raw call, returning -errno and leaving errno alone.
long __futex(int *uaddr, int op, int val, const struct timespec *rel);
// Turns a CLOCK_REALTIME deadline into the relative timeout FUTEX_WAIT
// takes; 0 when the deadline has passed.
int __time_left(const struct timespec *abstime, struct timespec *rel);
// A private three-state lock (0 free, 1 held, 2 held with sleepers).
void __lock(int *l);
int __trylock(int *l);
void __unlock(int *l);
// The same with a futex op flag (FUTEX_PRIVATE_FLAG or 0 for shared) and
// a CLOCK_REALTIME deadline (0 for none): 0 when locked, else ETIMEDOUT.
int __lock_op(int *l, int priv, const struct timespec *abstime);
void __unlock_op(int *l, int priv);

// A lock its holder may take again (FILE streams, like flockfile).
struct rlock {
  int lock;
  int owner;                  // tid of the holder
  int count;
};
void __rlock(struct rlock *r);
void __runlock(struct rlock *r);

// fork() holds these across the clone so the child never inherits a lock
// held by a thread that does not exist in it: 0 = before, 1 = parent
// after, 2 = child after.  Weak: defined only when the part is linked.
void __malloc_atfork(int phase) __attribute__((weak));
void __stdio_atfork(int phase) __attribute__((weak));
void __pthread_atfork(int phase) __attribute__((weak));
void __tls_atfork_child(void);
