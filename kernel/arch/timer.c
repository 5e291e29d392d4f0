// The tick (HZ per second on every hart, through SBI set_timer, or the
// stimecmp CSR when the device tree lists Sstc) and timed sleeps.
#include "arch/arch.h"
#include "arch/riscv.h"
#include "arch/sbi.h"
#include "drivers/fdt.h"
#include "sched/sched.h"
#include "proc/task.h"
#include "lib/list.h"
#include "errno.h"

#define CSR_STIMECMP 0x14d

volatile uint64_t jiffies;
static uint64_t timebase;            // rdtime ticks per second
static int use_sstc;

// Timed sleepers, soonest deadline first.  Under sleep_lock.
struct timed_sleeper {
  uint64_t deadline_ns;
  struct task *task;
  struct list_head node;
};
static struct spinlock sleep_lock = SPINLOCK_INIT("sleepers");
static struct list_head sleepers = LIST_HEAD_INIT(sleepers);

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
  return t / timebase * 1000000000UL + t % timebase * 1000000000UL / timebase;
}

static void arm(void)
{
  uint64_t next = rdtime() + timebase / HZ;
  if (use_sstc)
    asm volatile("csrw %0, %1" :: "i"(CSR_STIMECMP), "r"(next));
  else
    sbi_set_timer(next);
}

void timer_hart_init(void)
{
  arm();
  csr_set(sie, SIE_STIE);
}

static void wake_sleepers(void)
{
  uint64_t now = time_ns();
  struct list_head *p;
  if (list_empty(&sleepers))       // unlocked peek: a sleeper added now is seen next tick
    return;
  spin_lock(&sleep_lock);
  list_for_each(p, &sleepers) {
    struct timed_sleeper *s = list_entry(p, struct timed_sleeper, node);
    if (s->deadline_ns > now)
      break;
    wake_up_task(s->task, TASK_INTERRUPTIBLE);
  }
  spin_unlock(&sleep_lock);
}

void timer_interrupt(int from_user)
{
  arm();
  if (cpuid() == 0)
    __atomic_add_fetch(&jiffies, 1, __ATOMIC_RELAXED);
  wake_sleepers();
  sched_tick(from_user);
}

// Switch away until woken or until time_ns() reaches deadline_ns.  The
// caller has already set its sleeping state (and queued itself wherever its
// waker will look).  Returns 1 if the deadline has passed.
int schedule_until(uint64_t deadline_ns)
{
  struct timed_sleeper me = { .deadline_ns = deadline_ns, .task = current };
  struct list_head *p;
  spin_lock(&sleep_lock);
  if (time_ns() >= deadline_ns) {
    current->state = TASK_RUNNING;
    spin_unlock(&sleep_lock);
    return 1;
  }
  for (p = sleepers.next; p != &sleepers; p = p->next)
    if (list_entry(p, struct timed_sleeper, node)->deadline_ns > deadline_ns)
      break;
  list_insert(&me.node, p->prev, p);
  spin_unlock(&sleep_lock);
  schedule();
  spin_lock(&sleep_lock);
  list_del(&me.node);
  spin_unlock(&sleep_lock);
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
