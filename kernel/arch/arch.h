// Assembly entry points and per-hart arch setup.
#pragma once
#include <stdint.h>
#include "lib/list.h"

struct context;
struct task;
struct machine;

void switch_to(struct context *prev, struct context *next, struct task *next_task);
void task_start(void);             // first code a new task runs (switch.S)
void trap_return(void);            // return through the trapframe at sp (trap.S)
void trap_entry(void);
void fp_save(uint64_t regs[33]);
void fp_restore(const uint64_t regs[33]);

// timer.c
#define HZ 100
void timer_init(struct machine *m);
void timer_hart_init(void);        // enable and arm this hart's tick
void tick_stop(void);              // idle: no tick until the next kernel timer (interrupts off)
void tick_restart(void);           // leaving idle: the periodic tick again (interrupts off)
void timer_interrupt(int from_user);
uint64_t time_ns(void);            // nanoseconds since boot
uint64_t timebase_hz(void);
// A kernel timer: fn runs from the tick of some CPU, with the timers' lock
// held (so ktimer_set must not be called holding a lock that fn takes), once
// deadline_ns has passed, and again every interval_ns if that is not 0.
struct ktimer {
  uint64_t deadline_ns;            // 0: not armed
  uint64_t interval_ns;
  void (*fn)(struct ktimer *t);
  struct list_head node;           // in the armed list
};
// Arm t for deadline_ns (0: disarm) and interval_ns; *old (if not NULL)
// gets what t was set to.  When it returns, t's callback is not running.
void ktimer_set(struct ktimer *t, uint64_t deadline_ns, uint64_t interval_ns, struct ktimer *old);
void ktimer_get(struct ktimer *t, struct ktimer *out);   // its deadline and interval
int sleep_until(uint64_t deadline_ns);   // 0, or -EINTR on a signal
int schedule_until(uint64_t deadline_ns); // state already set; 1 if the deadline passed
void trap_hart_init(void);
