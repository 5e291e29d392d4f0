// The tick: HZ per second on every hart, through SBI set_timer, or the
// stimecmp CSR when the device tree lists Sstc; and the clock it counts,
// time_ns().  What runs on each tick is the scheduler's (timer_tick in
// sched/timer.c: kernel timers, then preemption).
#include "arch/arch.h"
#include "arch/riscv.h"
#include "arch/sbi.h"
#include "uapi/linux/time.h"    // NSEC_PER_SEC

#define CSR_STIMECMP 0x14d
#define TIMER_NEVER  (~0UL)            // a compare value rdtime never reaches

static uint64_t timebase;            // rdtime ticks per second
static int use_sstc;

void timer_init(uint64_t hz, int sstc)
{
  timebase = hz ? hz : 10000000;
  use_sstc = sstc;
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
// sleeps until deadline_ns, when the first kernel timer is due (or an
// interrupt comes, a wakeup's IPI among them).  Every idle hart programs
// that deadline (sched/core.c, idle_loop); a timer armed later is armed by
// a running CPU, whose own tick serves it until that CPU goes idle and
// programs it in turn.  Interrupts are off.
void tick_stop(uint64_t deadline_ns)
{
  program(deadline_ns ? ns_to_ticks(deadline_ns) : TIMER_NEVER);
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

void timer_interrupt(int from_user)
{
  arm();
  timer_tick(from_user);
}
