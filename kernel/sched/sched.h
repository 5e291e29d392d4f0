// CPUs and their run queues.  Each CPU schedules from its own queue under its
// own lock; there is no global scheduler lock.
//
// Lock order: task->lock, then a run-queue lock; two run-queue locks only in
// increasing CPU order.
#pragma once
#include <stdint.h>
#include "lib/spinlock.h"
#include "lib/list.h"

#define NCPU 8

struct task;

struct run_queue {
  struct spinlock lock;          // protects everything below
  struct list_head tasks;        // runnable tasks waiting for this CPU (round robin)
  int nr_running;                // queued tasks, not counting the one running
  uint64_t switches;             // context switches on this CPU
  struct task *prev;             // the task just switched away from, finished by finish_switch
};

struct cpu {
  int id;                        // logical CPU number (0 = boot hart)
  uint32_t hartid;
  struct task *idle;             // this CPU's idle task
  struct run_queue rq;
  int noff;                      // depth of push_off nesting
  int intena;                    // were interrupts enabled before the outermost push_off?
  volatile int need_resched;     // set by the tick or an IPI; acted on at safe points
  volatile int is_idle;          // the idle task is running (an IPI wakes it)
  uint64_t idle_ticks, busy_ticks;
};

extern struct cpu cpus[NCPU];
extern int ncpu;                 // CPUs brought up
struct cpu *mycpu(void);         // interrupts must be off (or a spinlock held)
int cpuid(void);

void sched_init_cpu(struct cpu *c);
void schedule(void);             // give up the CPU; current->state says whether it comes back
void yield(void);
void wake_up_new_task(struct task *t);
int wake_up_task(struct task *t, long states);   // 1 if it was woken
void sched_tick(int from_user);   // timer interrupt: account and ask for preemption
void idle_loop(void) __attribute__((noreturn));
void send_resched_ipi(int cpu);
void finish_switch(void);
