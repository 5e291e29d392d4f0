// POSIX threads: each is a kernel task created with clone(CLONE_THREAD...),
// sharing memory, files, cwd and signal actions with the others.  There is
// no mmap, so a thread's stack, descriptor and TLS block are one malloc'd
// block: the descriptor and TLS at its top, the stack growing down below.
// A stack the caller gives (pthread_attr_setstack) is laid out the same way.
// The kernel zeroes the descriptor's tid word and wakes it when the thread
// is gone (CLONE_CHILD_CLEARTID): that is what join waits for, and the
// moment the block may be freed.
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include "syscall.h"
#include "thread.h"

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
                      CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

// Threads alive.  The last one to end calls exit(0), which flushes stdio
// as a return from main would; the others end with the exit system call,
// which ends only the calling thread.
static int nthreads = 1;

// Detached threads that have ended or are ending.  A block is freed only
// once its thread is gone (the kernel has zeroed its tid): until then the
// thread may still run on the stack inside it.  dead_lock is taken before
// malloc's lock.
static struct pthread *dead;
static int dead_lock;

// Keys: the key value carries a generation in its high bits, so a value
// stored under a deleted key is not seen under a new key in the same slot.
static struct {
  int used;
  unsigned gen;
  void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];
static int key_lock;

// Whether thread tid has left user mode for good: tkill with signal 0
// finds no such live thread.
static int
gone(int tid)
{
  return syscall2(SYS_tkill, tid, 0) == -ESRCH;
}

static void
reap(void)
{
  struct pthread **pp, *t;

  __lock(&dead_lock);
  for (pp = &dead; (t = *pp) != 0;) {
    int tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE);
    if (tid == 0 || gone(tid)) {
      *pp = t->next_dead;
      free(t->block);
    } else {
      pp = &t->next_dead;
    }
  }
  __unlock(&dead_lock);
}

// The new thread starts here, on its own stack, with tp set.
static int
thread_main(void *arg)
{
  struct pthread *t = arg;

  pthread_exit(t->start(t->arg));
}

// The new thread's descriptor and TLS, with its stack below them.  In a
// caller's stack they take the top, and block stays 0: the memory is the
// caller's to free.
static int
new_thread(const pthread_attr_t *attr, struct pthread **out)
{
  size_t size = attr ? attr->stacksize : PTHREAD_STACK_DEFAULT, area = __thread_area_size();
  char *stack = attr ? attr->stackaddr : 0, *block = 0;

  if (stack) {
    if (area > size / 2)                // TLS would leave too little stack
      return EINVAL;
    size -= area;
  } else if (!(stack = block = malloc(size + area))) {
    return EAGAIN;
  }
  *out = __thread_area_init(stack + size);
  (*out)->block = block;
  return 0;
}

int
pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
  int saved_errno = errno, r;
  struct pthread *t;

  reap();
  if ((r = new_thread(attr, &t)) != 0) {
    errno = saved_errno;
    return r;
  }
  t->start = start;
  t->arg = arg;
  t->state = attr && attr->detachstate == PTHREAD_CREATE_DETACHED ? T_DETACHED : T_JOINABLE;
  *out = (pthread_t)t;
  __atomic_fetch_add(&nthreads, 1, __ATOMIC_SEQ_CST);
  // CLONE_PARENT_SETTID stores the tid before the thread can run or end.
  if (clone(thread_main, t, THREAD_FLAGS, t, &t->tid, t + 1, &t->tid) < 0) {
    __atomic_fetch_sub(&nthreads, 1, __ATOMIC_SEQ_CST);
    free(t->block);
    errno = saved_errno;
    return EAGAIN;
  }
  return 0;
}

static void
run_destructors(struct pthread *self)
{
  for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
    int again = 0;
    for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
      void *v = self->specific[k];
      if (!v || !keys[k].used || !keys[k].destructor || self->key_gen[k] != keys[k].gen)
        continue;
      self->specific[k] = 0;
      keys[k].destructor(v);
      again = 1;
    }
    if (!again)
      break;
  }
}

void
pthread_exit(void *result)
{
  struct pthread *self = __self();
  int state = T_JOINABLE;

  run_destructors(self);
  self->result = result;
  if (__atomic_sub_fetch(&nthreads, 1, __ATOMIC_SEQ_CST) == 0)
    exit(0);
  // Detached: nobody will join, so leave the block to be reaped (if it
  // has one of ours: the memory of a caller's stack is not ours to touch).
  if (!__atomic_compare_exchange_n(&self->state, &state, T_EXITED, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST) && self->block) {
    __lock(&dead_lock);
    self->next_dead = dead;
    dead = self;
    __unlock(&dead_lock);
  }
  for (;;)
    syscall1(SYS_exit, 0);
}

// The wait is on a shared futex: the kernel's wake at thread exit is one.
// A kernel without CLONE_CHILD_CLEARTID (the clone lab's starting point)
// never zeroes the word, so the wait also wakes now and then to see
// whether the thread is gone; this kernel zeroes the word before the
// thread's id goes away, so there it changes nothing.
int
pthread_join(pthread_t th, void **result)
{
  const struct timespec poll = { 0, 10 * 1000000L };
  struct pthread *t = (struct pthread *)th;
  int tid;

  if (t == __self())
    return EDEADLK;
  if (__atomic_load_n(&t->state, __ATOMIC_SEQ_CST) == T_DETACHED)
    return EINVAL;
  while ((tid = __atomic_load_n(&t->tid, __ATOMIC_ACQUIRE)) != 0 && !gone(tid))
    __futex(&t->tid, FUTEX_WAIT, tid, &poll);
  if (result)
    *result = t->result;
  free(t->block);
  reap();
  return 0;
}

int
pthread_detach(pthread_t th)
{
  struct pthread *t = (struct pthread *)th;
  int state = T_JOINABLE;

  if (__atomic_compare_exchange_n(&t->state, &state, T_DETACHED, 0, __ATOMIC_SEQ_CST,
                                  __ATOMIC_SEQ_CST))
    return 0;
  if (state == T_DETACHED)
    return EINVAL;
  return pthread_join(th, 0);   // it has ended already: reclaim it now
}

pthread_t
pthread_self(void)
{
  return (pthread_t)__self();
}

int
pthread_equal(pthread_t a, pthread_t b)
{
  return a == b;
}

// fork (see thread.h).  In the child only the caller exists: the threads
// on the dead list are gone, so their blocks may be freed.
void
__pthread_atfork(int phase)
{
  struct pthread *t;

  if (phase == 0) {
    __lock(&dead_lock);
    __lock(&key_lock);
    return;
  }
  if (phase == 2) {
    nthreads = 1;
    for (t = dead; t; t = t->next_dead)
      t->tid = 0;
  }
  __unlock(&key_lock);
  __unlock(&dead_lock);
}

// ---- attributes -------------------------------------------------------------

int
pthread_attr_init(pthread_attr_t *a)
{
  a->stacksize = PTHREAD_STACK_DEFAULT;
  a->detachstate = PTHREAD_CREATE_JOINABLE;
  a->stackaddr = 0;
  return 0;
}

int
pthread_attr_destroy(pthread_attr_t *a)
{
  (void)a;
  return 0;
}

int
pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
  if (size < PTHREAD_STACK_MIN)
    return EINVAL;
  a->stacksize = (size + 15) & ~(size_t)15;
  return 0;
}

int
pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
  *size = a->stacksize;
  return 0;
}

int
pthread_attr_setstack(pthread_attr_t *a, void *addr, size_t size)
{
  if (size < PTHREAD_STACK_MIN)
    return EINVAL;
  a->stackaddr = addr;
  a->stacksize = size;
  return 0;
}

int
pthread_attr_getstack(const pthread_attr_t *a, void **addr, size_t *size)
{
  *addr = a->stackaddr;
  *size = a->stacksize;
  return 0;
}

int
pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
  if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
    return EINVAL;
  a->detachstate = state;
  return 0;
}

int
pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
  *state = a->detachstate;
  return 0;
}

// ---- once and keys ------------------------------------------------------------

// *once: 0 not run, 1 running, 2 done, 3 running and somebody sleeps on it.
int
pthread_once(pthread_once_t *once, void (*fn)(void))
{
  int s = 0;

  if (__atomic_compare_exchange_n(once, &s, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
    fn();
    if (__atomic_exchange_n(once, 2, __ATOMIC_RELEASE) == 3)
      __futex(once, FUTEX_WAKE_PRIVATE, INT_MAX, 0);
    return 0;
  }
  while ((s = __atomic_load_n(once, __ATOMIC_ACQUIRE)) != 2) {
    if (s == 1 && !__atomic_compare_exchange_n(once, &s, 3, 0, __ATOMIC_ACQUIRE,
                                               __ATOMIC_ACQUIRE))
      continue;
    __futex(once, FUTEX_WAIT_PRIVATE, 3, 0);
  }
  return 0;
}

#define KEY_SLOT(k) ((k) % PTHREAD_KEYS_MAX)
#define KEY_GEN(k) ((k) / PTHREAD_KEYS_MAX)

static int
key_valid(pthread_key_t k)
{
  return keys[KEY_SLOT(k)].used && keys[KEY_SLOT(k)].gen == KEY_GEN(k);
}

int
pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
  int r = EAGAIN;

  __lock(&key_lock);
  for (int k = 0; k < PTHREAD_KEYS_MAX; k++) {
    if (keys[k].used)
      continue;
    keys[k].used = 1;
    keys[k].gen++;
    keys[k].destructor = destructor;
    *key = keys[k].gen * PTHREAD_KEYS_MAX + k;
    r = 0;
    break;
  }
  __unlock(&key_lock);
  return r;
}

int
pthread_key_delete(pthread_key_t key)
{
  int r = EINVAL;

  __lock(&key_lock);
  if (key_valid(key)) {
    keys[KEY_SLOT(key)].used = 0;
    r = 0;
  }
  __unlock(&key_lock);
  return r;
}

// A slot's value belongs to the key generation that stored it.
void *
pthread_getspecific(pthread_key_t key)
{
  struct pthread *self = __self();

  if (!key_valid(key) || self->key_gen[KEY_SLOT(key)] != KEY_GEN(key))
    return 0;
  return self->specific[KEY_SLOT(key)];
}

int
pthread_setspecific(pthread_key_t key, const void *value)
{
  struct pthread *self = __self();

  if (!key_valid(key))
    return EINVAL;
  self->key_gen[KEY_SLOT(key)] = KEY_GEN(key);
  self->specific[KEY_SLOT(key)] = (void *)value;
  return 0;
}
