// The tick (HZ per second on every hart, through SBI set_timer, or the
// stimecmp CSR when the device tree lists Sstc), kernel timers, and timed
// sleeps built on them.
#include "arch/arch.h"
#include "arch/riscv.h"
#include "arch/sbi.h"
#include "drivers/fdt.h"
#include "sched/sched.h"
#include "proc/task.h"
#include "lib/list.h"
#include "errno.h"
#include "clock.h"

#define CSR_STIMECMP 0x14d
#define TIMER_NEVER  (~0UL)            // a compare value rdtime never reaches

static uint64_t timebase;            // rdtime ticks per second
static int use_sstc;

// Armed kernel timers, soonest deadline first.  timer_lock protects the
// list and every ktimer's fields; it is taken before a callback's locks.
static struct spinlock timer_lock = SPINLOCK_INIT("timers");
static struct list_head timers = LIST_HEAD_INIT(timers);

void timer_init(struct machine *m)
{
  timebase = m->timebase ? m->timebase : 10000000;
  use_sstc = m->has_sstc;
}

uint64_t timebase_hz(void)
{
  return timebase;
}

uint64_t time_ns(void)
{
  uint64_t t = rdtime();
  return t / timebase * NSEC_PER_SEC + t % timebase * NSEC_PER_SEC / timebase;
}

// This hart's timer interrupt at rdtime() == when.
static void program(uint64_t when)
{
  if (use_sstc)
    asm volatile("csrw %0, %1" :: "i"(CSR_STIMECMP), "r"(when));
  else
    sbi_set_timer(when);
}

static void arm(void)
{
  program(rdtime() + timebase / HZ);
}

// rdtime() ticks of a time_ns() value, rounded up so that the interrupt
// never comes before the deadline.
static uint64_t ns_to_ticks(uint64_t ns)
{
  uint64_t ticks = ns / NSEC_PER_SEC * timebase;
  return ticks + (ns % NSEC_PER_SEC * timebase + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

// Tickless idle: a hart with nothing to run stops its periodic tick and
// sleeps until the first kernel timer is due (or an interrupt comes, a
// wakeup's IPI among them).  Every idle hart programs that deadline; a timer
// armed later is armed by a running CPU, whose own tick serves it until that
// CPU goes idle and programs it in turn.  Interrupts are off.
void tick_stop(void)
{
  uint64_t next = 0;
  spin_lock(&timer_lock);
  if (!list_empty(&timers))
    next = list_first_entry(&timers, struct ktimer, node)->deadline_ns;
  spin_unlock(&timer_lock);
  program(next ? ns_to_ticks(next) : TIMER_NEVER);
}

// Back from idle, interrupts still off: the periodic tick again (the
// scheduler charges and preempts by it).  It must run before an interrupt
// can switch to a task.  A timer interrupt already pending is left alone,
// since reprogramming would clear it: taken next, it re-arms the tick itself
// and runs the timers.
void tick_restart(void)
{
  if (!(csr_read(sip) & SIP_STIP))
    arm();
}

void timer_hart_init(void)
{
  arm();
  csr_set(sie, SIE_STIE);
}

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

struct timed_sleeper {
  struct ktimer timer;
  struct task *task;
};

static void wake_sleeper(struct ktimer *t)
{
  wake_up_task(container_of(t, struct timed_sleeper, timer)->task, TASK_INTERRUPTIBLE);
}

void timer_interrupt(int from_user)
{
  arm();
  run_timers();
  sched_tick(from_user);
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
