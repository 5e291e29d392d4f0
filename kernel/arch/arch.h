// Assembly entry points and per-hart arch setup.
#pragma once
#include <stdint.h>

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
extern volatile uint64_t jiffies;  // ticks since boot (advanced by CPU 0)
void timer_init(struct machine *m);
void timer_hart_init(void);        // enable and arm this hart's tick
void timer_interrupt(int from_user);
uint64_t time_ns(void);            // nanoseconds since boot
uint64_t timebase_hz(void);
int sleep_until(uint64_t deadline_ns);   // 0, or -EINTR on a signal
int schedule_until(uint64_t deadline_ns); // state already set; 1 if the deadline passed
void trap_hart_init(void);
