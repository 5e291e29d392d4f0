// CPUs, their run queues and the fair scheduler.  Each CPU schedules from
// its own queue under its own lock; there is no global scheduler lock.
//
// Locks (their order is lib/lockorder.h's): a task's lock guards its state
// and on_rq, a run queue's lock its timeline; two run-queue locks are taken
// only in increasing CPU order.
#pragma once
#include <stdint.h>
#include "lib/spinlock.h"
#include "lib/rbtree.h"
#include "lib/list.h"

#define NCPU 8
#define NICE_MIN (-20)
#define NICE_MAX 19

struct task;

// CPU time in ns, and context switches: what times()/getrusage report.
struct task_times {
  uint64_t utime, stime;
  uint64_t nvcsw, nivcsw;
};

// The scheduling state of one task (struct task's se).
struct sched_entity {
  // Under the lock of the run queue that holds the task (task->cpu):
  struct rb_node node;           // in rq->timeline while waiting for the CPU
  uint64_t vruntime;             // ns of CPU time, scaled by 1024/weight
  uint64_t exec_start;           // time_ns() when it was last charged while running
  uint64_t sum_exec;             // ns of CPU time in total
  uint64_t slice_start;          // sum_exec when it last got the CPU
  uint64_t wait_start;           // time_ns() when it was queued
  uint64_t wait_sum;             // ns spent runnable but waiting for a CPU
  uint64_t last_ran;             // time_ns() when it last left a CPU (cache warmth)
  uint64_t ran_mask;             // CPUs it ran on since its affinity was last set
  uint64_t user_ticks, sys_ticks;  // tick samples that split sum_exec into user and system time
  uint64_t nvcsw, nivcsw;        // voluntary (slept) / involuntary (preempted, yielded) switches
  uint64_t migrations;           // moves to another CPU's queue
  // Under task->lock and the run-queue lock (readers may peek without):
  int nice;                      // NICE_MIN..NICE_MAX
  uint32_t weight;               // from nice: 1024 at nice 0, ~1.25x per step
  uint64_t allowed;              // affinity: CPUs it may run on, one bit per CPU
  uint64_t start_ns;             // when it was created
  // Group leader only, under tasklist_lock: threads of the group that have
  // exited, and children (with their own children) that the group reaped.
  struct task_times dead, children;
};

// Runnable tasks of one CPU, fairly ordered.
struct run_queue {
  struct spinlock lock;          // protects everything below and the se of every task here
  struct rb_root timeline;       // waiting tasks by vruntime (the running one is not in it)
  struct task *curr;             // the task on this CPU (its idle task when none)
  int nr_running;                // runnable tasks here, the running one included, idle not
  uint64_t load;                 // sum of their weights: what the balancer evens out
  uint64_t min_vruntime;         // never decreases; where new and waking tasks are placed
  struct task *prev;             // the task just switched away from, finished by finish_switch
  struct task *push;             // prev may not run here any more: finish_switch moves it
  int balance_ticks;             // ticks until the next periodic balance
  // Statistics for /proc/schedstat.
  uint64_t switches, wakeups, migrations_in, yields;
  uint64_t steal;                // ns this CPU's hart did not run while a task had it (see fair.c)
};

struct cpu {
  int id;                        // logical CPU number (0 = boot hart)
  uint32_t hartid;
  struct task *idle;             // this CPU's idle task; its sum_exec is the CPU's idle time
  struct run_queue rq;
  struct cpu_locks locks;        // push_off nesting, the lock checker's state (lib/spinlock.h)
  volatile int need_resched;     // set by the tick or an IPI; acted on at safe points
  volatile int is_idle;          // the idle task is waiting in wfi (an IPI wakes it)
  volatile int polling;          // the idle task is watching its queue (no IPI needed)
  // The user page table in satp (NULL: the kernel's).  A task without an mm
  // (idle) leaves it loaded: "lazy", the CPU uses none of it (mm/mm.c).
  struct mm *loaded_mm;
  uint64_t loaded_gen;           // loaded_mm's flush_gen when this CPU last flushed it
  volatile int lazy;
};

extern struct cpu cpus[NCPU];
extern int ncpu;                 // CPUs brought up
struct cpu *mycpu(void);         // interrupts must be off (or a spinlock held); cpuid() is in lib/spinlock.h
static inline uint64_t cpu_bit(int cpu) { return 1UL << cpu; }
uint64_t cpus_online_mask(void);

// ---- core.c: switching, waking, the tick, idle ----
void sched_init_cpu(struct cpu *c);
void sched_fork(struct task *child, struct task *parent);   // parent NULL: init
void schedule(void);             // give up the CPU; current->state says whether it comes back
void yield(void);                // sched_yield: run after the other runnable tasks of this CPU
void wake_up_new_task(struct task *t);
int wake_up_task(struct task *t, long states);   // 1 if it was woken
void sched_tick(int from_user);   // timer interrupt: account and ask for preemption
void idle_loop(void) __attribute__((noreturn));
void send_resched_ipi(int cpu);
void finish_switch(void);
void sched_set_nice(struct task *t, int nice);
void sched_set_allowed(struct task *t, uint64_t mask);   // may move t; the caller then checks itself

// ---- fair.c: the policy (rq lock held in all of these) ----
uint32_t nice_to_weight(int nice);
void update_curr(struct run_queue *rq, uint64_t now);      // charge the running task
uint64_t curr_runtime(struct run_queue *rq, uint64_t now); // what update_curr would charge now
void timeline_insert(struct run_queue *rq, struct task *t);
void timeline_remove(struct run_queue *rq, struct task *t);
struct task *timeline_first(struct run_queue *rq);
struct task *timeline_last(struct run_queue *rq);
struct task *timeline_next(struct task *t);
void place_task(struct run_queue *rq, struct task *t, int new_task);
int should_preempt_tick(struct run_queue *rq);
int should_preempt_wakeup(struct run_queue *rq, struct task *woken);
void move_vruntime(struct task *t, struct run_queue *from, struct run_queue *to);

// ---- balance.c: which CPU ----
int select_fork_cpu(struct task *t);
int select_wake_cpu(struct task *t);
void idle_pull(struct cpu *c);
void periodic_balance(struct cpu *c);

// ---- sys_sched.c: CPU times (for proc/ and procfs) ----
void task_times(struct task *t, struct task_times *tt);    // one thread
void group_times(struct task *t, struct task_times *tt);   // t's thread group; tasklist_lock held
void sched_exit(struct task *t);                  // do_exit, tasklist_lock held
void sched_reap(struct task *zombie, struct task_times *tt);  // wait4, tasklist_lock held
void sched_take_over(struct task *t, struct task *leader);    // exec: t replaces leader; tasklist_lock held
uint64_t task_runtime(struct task *t);            // sum_exec, including the current slice
long put_rusage(uint64_t uru, struct task_times *tt);   // Linux struct rusage to user memory

// ---- timer.c: kernel timers and timed sleeps ----
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
uint64_t ktimer_next(void);              // the first armed deadline (0: none)
int sleep_until(uint64_t deadline_ns);   // 0, or -EINTR on a signal
int schedule_until(uint64_t deadline_ns); // state already set; 1 if the deadline passed

// ---- Hooks: the scheduler calls up into proc/ only through these ----
void release_task(struct task *t);   // proc/exit.c: free an exited task once it is off its CPU
// proc/itimer.c: the tick charged tick_ns of CPU time to t (user time if from_user).
void itimer_tick(struct task *t, int from_user, uint64_t tick_ns);
