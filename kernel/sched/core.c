// The scheduler core: per-CPU run queues, direct task-to-task switching,
// wakeups, preemption by the tick, and idle CPUs asleep in wfi.
//
// The policy here is round robin on each CPU's queue, new tasks on the
// least loaded CPU, and an idle CPU pulling a task from the busiest queue.
//
// How a switch stays safe without a global lock: the switching CPU holds its
// run-queue lock across switch_to; the task switched to releases it in
// finish_switch.  A task's on_cpu stays 1 until then, and a waker that finds
// a sleeping task still on_cpu waits for it before queueing it elsewhere, so
// no two CPUs ever run on one kernel stack.
#include "sched/sched.h"
#include "proc/task.h"
#include "arch/arch.h"
#include "arch/riscv.h"
#include "arch/sbi.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "proc/proc.h"

struct cpu cpus[NCPU];
int ncpu;
#define SLICE_TICKS 2

struct cpu *mycpu(void)
{
  return &cpus[current->cpu];
}

int cpuid(void)
{
  return current->cpu;
}

void sched_init_cpu(struct cpu *c)
{
  spin_init(&c->rq.lock, "run_queue");
  list_init(&c->rq.tasks);
}

// Put t on cpu's queue.  t->lock held (or t not yet visible to anyone).
static void enqueue(struct task *t, int cpu)
{
  struct cpu *c = &cpus[cpu];
  spin_lock(&c->rq.lock);
  t->cpu = cpu;
  t->on_rq = 1;
  list_add_tail(&t->run_node, &c->rq.tasks);
  c->rq.nr_running++;
  spin_unlock(&c->rq.lock);
  // Pairs with the idle loop's fence between setting is_idle and checking
  // its queue: one of the two sides sees the other.
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (c->is_idle) {
    if (cpu == cpuid())
      c->need_resched = 1;
    else
      send_resched_ipi(cpu);
  }
}

static int least_loaded_cpu(void)
{
  int best = cpuid();
  for (int i = 0; i < ncpu; i++)
    if (cpus[i].rq.nr_running < cpus[best].rq.nr_running)
      best = i;
  return best;
}

// Last CPU if it is idle, else any idle CPU, else the last one.
static int select_wake_cpu(struct task *t)
{
  if (cpus[t->cpu].is_idle)
    return t->cpu;
  for (int i = 0; i < ncpu; i++)
    if (cpus[i].is_idle)
      return i;
  return t->cpu;
}

void wake_up_new_task(struct task *t)
{
  spin_lock(&t->lock);
  t->state = TASK_RUNNING;
  enqueue(t, least_loaded_cpu());
  spin_unlock(&t->lock);
}

int wake_up_task(struct task *t, long states)
{
  spin_lock(&t->lock);
  if (!(t->state & states)) {
    spin_unlock(&t->lock);
    return 0;
  }
  struct run_queue *rq = &cpus[t->cpu].rq;
  spin_lock(&rq->lock);
  if (t->on_rq) {
    // It has not switched away yet: it will see the new state in schedule().
    t->state = TASK_RUNNING;
    spin_unlock(&rq->lock);
    spin_unlock(&t->lock);
    return 1;
  }
  spin_unlock(&rq->lock);
  while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
    ;
  t->state = TASK_RUNNING;
  enqueue(t, select_wake_cpu(t));
  spin_unlock(&t->lock);
  return 1;
}

void send_resched_ipi(int cpu)
{
  sbi_send_ipi(cpus[cpu].hartid);
}

// Next task for this CPU: the head of its queue, else its idle task.  rq lock held.
static struct task *pick_next(struct cpu *c)
{
  if (list_empty(&c->rq.tasks))
    return c->idle;
  struct task *t = list_first_entry(&c->rq.tasks, struct task, run_node);
  list_del(&t->run_node);
  return t;
}

// FP registers travel with their task: saved only if the task dirtied them.
static void switch_fp(struct task *prev, struct task *next)
{
  if (prev->mm) {
    struct trapframe *tf = task_trapframe(prev);
    if ((tf->sstatus & SSTATUS_FS) == SSTATUS_FS_DIRTY) {
      csr_set(sstatus, SSTATUS_FS_CLEAN);
      fp_save(prev->fpregs);
      tf->sstatus = (tf->sstatus & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
    }
  }
  if (next->mm && (task_trapframe(next)->sstatus & SSTATUS_FS)) {
    csr_set(sstatus, SSTATUS_FS_CLEAN);
    fp_restore(next->fpregs);
  }
}

void schedule(void)
{
  struct task *prev = current;
  push_off();
  struct cpu *c = mycpu();
  spin_lock(&c->rq.lock);
  pop_off();
  if (c->noff != 1)
    panic("schedule: called holding a spinlock");
  if (prev->state != TASK_RUNNING) {
    if (prev->state == TASK_INTERRUPTIBLE && signal_pending(prev)) {
      prev->state = TASK_RUNNING;      // a signal arrived before we slept
    } else if (!(prev->flags & PF_IDLE)) {
      prev->on_rq = 0;
      c->rq.nr_running--;
      prev->nvcsw++;
    }
  }
  if (prev->state == TASK_RUNNING && !(prev->flags & PF_IDLE))
    list_add_tail(&prev->run_node, &c->rq.tasks);
  struct task *next = pick_next(c);
  c->need_resched = 0;
  if (next == prev) {
    spin_unlock(&c->rq.lock);
    return;
  }
  if (prev->state == TASK_RUNNING && !(prev->flags & PF_IDLE))
    prev->nivcsw++;
  c->rq.switches++;
  c->rq.prev = prev;
  next->on_cpu = 1;
  next->cpu = c->id;
  // Tasks without an mm (idle, init before its exec) run on the kernel's
  // page table: a CPU must never keep an exited task's tables loaded.
  if (next->mm != prev->mm)
    mm_switch(prev->mm, next->mm);
  // Code written on another hart (exec, on a CPU it ran on before) may be
  // stale in this hart's instruction cache.
  if (next->ran_on != c->id) {
    fence_i();
    next->ran_on = c->id;
  }
  switch_fp(prev, next);
  int intena = c->intena;
  switch_to(&prev->ctx, &next->ctx, next);
  mycpu()->intena = intena;
  finish_switch();
}

// Runs on the task just switched to: the previous task's stack is no longer
// in use, so wakers and reapers may have it; then drop the run-queue lock.
void finish_switch(void)
{
  struct cpu *c = mycpu();
  struct task *prev = c->rq.prev;
  __atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
  spin_unlock(&c->rq.lock);
  if (prev->flags & PF_AUTOREAP)
    release_task(prev);
}

void yield(void)
{
  schedule();
}

// The timer tick on this CPU: charge the running task, and ask for a switch
// when its slice is used up and others are waiting.
void sched_tick(int from_user)
{
  struct cpu *c = mycpu();
  struct task *t = current;
  if (t->flags & PF_IDLE) {
    c->idle_ticks++;
    return;
  }
  c->busy_ticks++;
  if (from_user)
    t->utime++;
  else
    t->stime++;
  if (++t->slice_ticks >= SLICE_TICKS) {
    t->slice_ticks = 0;
    if (!list_empty(&c->rq.tasks))
      c->need_resched = 1;
  }
}

// Move one queued task from the busiest other CPU to this idle one.
static void idle_pull(struct cpu *c)
{
  struct cpu *busiest = 0;
  for (int i = 0; i < ncpu; i++)
    if (&cpus[i] != c && cpus[i].rq.nr_running > 1 &&
        (!busiest || cpus[i].rq.nr_running > busiest->rq.nr_running))
      busiest = &cpus[i];
  if (!busiest)
    return;
  struct cpu *first = c < busiest ? c : busiest, *second = c < busiest ? busiest : c;
  spin_lock(&first->rq.lock);
  spin_lock(&second->rq.lock);
  if (!list_empty(&busiest->rq.tasks)) {
    struct task *t = list_entry(busiest->rq.tasks.prev, struct task, run_node);
    list_del(&t->run_node);
    busiest->rq.nr_running--;
    t->cpu = c->id;
    list_add_tail(&t->run_node, &c->rq.tasks);
    c->rq.nr_running++;
    t->migrations++;
  }
  spin_unlock(&second->rq.lock);
  spin_unlock(&first->rq.lock);
}

// Each CPU's idle task.  wfi with interrupts masked still wakes on a
// pending interrupt, which is then taken when they are unmasked: no wakeup
// is lost between the check and the wfi.
void idle_loop(void)
{
  for (;;) {
    struct cpu *c = mycpu();
    if (list_empty(&c->rq.tasks))
      idle_pull(c);
    intr_off();
    c->is_idle = 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (list_empty(&c->rq.tasks))
      wfi();
    c->is_idle = 0;
    intr_on();
    if (!list_empty(&c->rq.tasks))
      schedule();
  }
}
