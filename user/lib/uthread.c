// uthread: user-level threads, N:1 and cooperative (see uthread.h).  The
// scheduler is round robin over a fixed table; switching is a function
// call into uthread_switch.S that swaps callee-saved registers and stacks.
// No locks: only one of these threads ever runs at a time, and only the
// running one changes the table.
#include <errno.h>
#include <stdlib.h>
#include <uthread.h>

// Saved by uthread_switch; the layout is fixed by uthread_switch.S.
struct ucontext {
  unsigned long ra, sp, s[12];
  double fs[12];
};

enum { FREE, RUNNABLE, ZOMBIE };

struct uthread {
  int state;
  struct ucontext ctx;
  char *stack;                      // 0 for thread 0, which runs on the process stack
  int errno_value;                  // errno belongs to the kernel thread; kept per uthread
};

static struct uthread threads[UTHREAD_MAX] = { [0] = { .state = RUNNABLE } };
static int current;

void uthread_switch(struct ucontext *from, struct ucontext *to);
void uthread_trampoline(void);

int
uthread_create(void (*fn)(void *), void *arg)
{
  struct uthread *t;

  for (int id = 1; id < UTHREAD_MAX; id++) {
    t = &threads[id];
    if (t->state != FREE)
      continue;
    t->stack = malloc(UTHREAD_STACK);
    if (!t->stack)
      return -1;
    t->ctx = (struct ucontext){ 0 };
    t->ctx.ra = (unsigned long)uthread_trampoline;
    t->ctx.sp = ((unsigned long)t->stack + UTHREAD_STACK) & ~15UL;
    t->ctx.s[1] = (unsigned long)fn;
    t->ctx.s[2] = (unsigned long)arg;
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
  threads[current].state = ZOMBIE;
  schedule();
  exit(0);
}

int
uthread_join(int id)
{
  struct uthread *t = &threads[id];

  if (id <= 0 || id >= UTHREAD_MAX || id == current || t->state == FREE)
    return -1;
  while (t->state != ZOMBIE)
    schedule();
  free(t->stack);
  t->stack = 0;
  t->state = FREE;
  return 0;
}

int
uthread_self(void)
{
  return current;
}
