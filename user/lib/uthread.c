// uthread: user-level threads, N:1 and cooperative (see uthread.h).  The
// scheduler is round robin over a fixed table; switching is a function
// call into uthread_switch.S that swaps callee-saved registers and stacks.
// No locks: only one of these threads ever runs at a time, and only the
// running one changes the table.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <uthread.h>

enum { FREE, RUNNABLE, ZOMBIE };

struct uthread {
  int state;
  struct uthread_context ctx;
  char *stack;                      // 0 for thread 0, which runs on the process stack
  int errno_value;                  // errno belongs to the kernel thread; kept per uthread
};

static struct uthread threads[UTHREAD_MAX] = { [0] = { .state = RUNNABLE } };
static int current;

void uthread_trampoline(void);

int
uthread_create(void (*fn)(void *), void *arg)
{
  struct uthread *t;

  for (int id = 1; id < UTHREAD_MAX; id++) {
    t = &threads[id];
    if (t->state != FREE)
      continue;
    // LAB uthread BEGIN
    t->stack = malloc(UTHREAD_STACK);
    if (!t->stack)
      return -1;
    // The first switch to t loads this context and "returns" into the
    // trampoline, on the top of the new stack (16-byte aligned, as the
    // calling convention wants).
    t->ctx = (struct uthread_context){ 0 };
    t->ctx.ra = (unsigned long)uthread_trampoline;
    t->ctx.sp = ((unsigned long)t->stack + UTHREAD_STACK) & ~15UL;
    t->ctx.s[1] = (unsigned long)fn;
    t->ctx.s[2] = (unsigned long)arg;
    // LAB uthread STUB
    // (void)fn;
    // (void)arg;
    // return -1;                      // no stack and no first context: it could never run
    // LAB uthread END
    t->errno_value = 0;
    t->state = RUNNABLE;
    return id;
  }
  return -1;
}

// Switches to the next runnable thread after the current one, if any.
static void
schedule(void)
{
  // LAB uthread BEGIN
  int prev = current, next = current;

  do
    next = (next + 1) % UTHREAD_MAX;
  while (threads[next].state != RUNNABLE && next != prev);
  if (next == prev)
    return;
  threads[prev].errno_value = errno;
  current = next;
  uthread_switch(&threads[prev].ctx, &threads[next].ctx);
  errno = threads[current].errno_value;
  // LAB uthread STUB
  // // Nobody else ever runs: the caller keeps the CPU.
  // LAB uthread END
}

void
uthread_yield(void)
{
  schedule();
}

// A zombie's stack is still in use until the switch away from it, so the
// joiner frees it.  The last thread ending ends the process.
void
uthread_exit(void)
{
  // LAB uthread BEGIN
  threads[current].state = ZOMBIE;
  schedule();
  // LAB uthread END
  exit(0);
}

int
uthread_join(int id)
{
  // LAB uthread BEGIN
  struct uthread *t;

  if (id <= 0 || id >= UTHREAD_MAX || id == current || threads[id].state == FREE)
    return -1;
  t = &threads[id];
  while (t->state != ZOMBIE)
    schedule();
  free(t->stack);
  t->stack = 0;
  t->state = FREE;
  return 0;
  // LAB uthread STUB
  // (void)id;
  // return -1;
  // LAB uthread END
}

int
uthread_self(void)
{
  return current;
}

// The descriptor is made nonblocking only while we read, and an empty read
// yields instead of sleeping: the kernel puts nobody to sleep, so the
// other threads keep running.  Alone, the caller just polls.
ssize_t
uthread_read(int fd, void *buf, size_t n)
{
  // LAB uthread BEGIN
  int flags = fcntl(fd, F_GETFL), err;
  ssize_t r;

  if (flags < 0 || (flags & O_NONBLOCK))     // a nonblocking caller wants its EAGAIN
    return read(fd, buf, n);
  if (fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    return -1;
  while ((r = read(fd, buf, n)) < 0 && errno == EAGAIN)
    uthread_yield();
  err = errno;
  fcntl(fd, F_SETFL, flags);
  errno = err;
  return r;
  // LAB uthread STUB
  // return read(fd, buf, n);          // sleeps in the kernel: every thread stops
  // LAB uthread END
}
