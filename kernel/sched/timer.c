// Kernel timers and the timed sleeps built on them.  They run from the tick
// (arch/timer.c), which calls timer_tick here on every CPU.
#include "sched/sched.h"
#include "arch/arch.h"
#include "proc/task.h"
#include "lib/list.h"
#include "errno.h"

// Armed kernel timers, soonest deadline first.  timer_lock protects the
// list and every ktimer's fields; it is taken before a callback's locks.
static struct spinlock timer_lock = SPINLOCK_INIT("timers");
static struct list_head timers = LIST_HEAD_INIT(timers);

// timer_lock held.
static void timer_insert(struct ktimer *t)
{
  ASSERT_HELD(&timer_lock);
  struct list_head *p;
  for (p = timers.next; p != &timers; p = p->next)
    if (list_entry(p, struct ktimer, node)->deadline_ns > t->deadline_ns)
      break;
  list_insert(&t->node, p->prev, p);
}

void ktimer_set(struct ktimer *t, uint64_t deadline_ns, uint64_t interval_ns, struct ktimer *old)
{
  spin_lock(&timer_lock);
  if (old) {
    old->deadline_ns = t->deadline_ns;
    old->interval_ns = t->interval_ns;
  }
  if (t->deadline_ns)
    list_del(&t->node);
  t->deadline_ns = deadline_ns;
  t->interval_ns = deadline_ns ? interval_ns : 0;
  if (deadline_ns)
    timer_insert(t);
  spin_unlock(&timer_lock);
}

void ktimer_get(struct ktimer *t, struct ktimer *out)
{
  spin_lock(&timer_lock);
  out->deadline_ns = t->deadline_ns;
  out->interval_ns = t->interval_ns;
  spin_unlock(&timer_lock);
}

uint64_t ktimer_next(void)
{
  uint64_t next = 0;
  spin_lock(&timer_lock);
  if (!list_empty(&timers))
    next = list_first_entry(&timers, struct ktimer, node)->deadline_ns;
  spin_unlock(&timer_lock);
  return next;
}

// Run the callbacks of the timers that are due; a periodic one goes back in
// for its next period (periods missed meanwhile are skipped).
static void run_timers(void)
{
  if (list_empty(&timers))         // unlocked peek: a timer armed now is seen next tick
    return;
  uint64_t now = time_ns();
  spin_lock(&timer_lock);
  while (!list_empty(&timers)) {
    struct ktimer *t = list_first_entry(&timers, struct ktimer, node);
    if (t->deadline_ns > now)
      break;
    uint64_t due = t->deadline_ns;
    list_del(&t->node);
    t->deadline_ns = 0;
    if (t->interval_ns) {
      t->deadline_ns = due + ((now - due) / t->interval_ns + 1) * t->interval_ns;
      timer_insert(t);
    }
    t->fn(t);
  }
  spin_unlock(&timer_lock);
}

// The tick's hook (arch/arch.h).
void timer_tick(int from_user)
{
  run_timers();
  sched_tick(from_user);
}

struct timed_sleeper {
  struct ktimer timer;
  struct task *task;
};

static void wake_sleeper(struct ktimer *t)
{
  wake_up_task(container_of(t, struct timed_sleeper, timer)->task, TASK_INTERRUPTIBLE);
}

// Switch away until woken or until time_ns() reaches deadline_ns.  The
// caller has already set its sleeping state (and queued itself wherever its
// waker will look).  Returns 1 if the deadline has passed.
int schedule_until(uint64_t deadline_ns)
{
  if (time_ns() >= deadline_ns) {
    current->state = TASK_RUNNING;
    return 1;
  }
  struct timed_sleeper me = { .timer.fn = wake_sleeper, .task = current };
  ktimer_set(&me.timer, deadline_ns, 0, 0);
  schedule();
  ktimer_set(&me.timer, 0, 0, 0);
  return time_ns() >= deadline_ns;
}

int sleep_until(uint64_t deadline_ns)
{
  for (;;) {
    current->state = TASK_INTERRUPTIBLE;
    if (schedule_until(deadline_ns))
      return 0;
    if (signal_pending(current))
      return -EINTR;
  }
}
