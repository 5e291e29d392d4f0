// The scheduler core: per-CPU run queues, direct task-to-task switching,
// wakeups, preemption by the tick and by wakeups, and idle CPUs asleep in
// wfi.  The policy (which task next) is in fair.c, the choice of CPU in
// balance.c.
//
// How a switch stays safe without a global lock: the switching CPU holds its
// run-queue lock across switch_to; the task switched to releases it in
// finish_switch.  A task's on_cpu stays 1 until then, and a waker that finds
// a sleeping task still on_cpu waits for it before queueing it elsewhere, so
// no two CPUs ever run on one kernel stack.
//
// A runnable task is on_rq: either rq->curr of its CPU or in that CPU's
// timeline.  Only timeline tasks (never a running one) are moved between
// CPUs, under both run-queue locks.
#include "sched/sched.h"
#include "lib/lockdep.h"
#include "proc/task.h"
#include "arch/arch.h"
#include "arch/riscv.h"
#include "arch/sbi.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "uapi/linux/time.h"    // NSEC_PER_SEC

struct cpu cpus[NCPU];
int ncpu;

struct cpu *mycpu(void)
{
  return &cpus[current->cpu];
}

// The hooks of lib/spinlock.h.
int cpuid(void)
{
  return current->cpu;
}

struct cpu_locks *mycpu_locks(void)
{
  return &mycpu()->locks;
}

uint64_t cpus_online_mask(void)
{
  return ncpu >= 64 ? ~0UL : cpu_bit(ncpu) - 1;
}

void sched_init_cpu(struct cpu *c)
{
  spin_init(&c->rq.lock, "run_queue");
  c->rq.curr = c->idle;
  c->idle->se.allowed = cpu_bit(c->id);
}

// A child starts with its parent's nice and affinity (as on Linux) and
// vruntime (placed properly when it is queued).
void sched_fork(struct task *child, struct task *parent)
{
  struct sched_entity *se = &child->se;
  se->nice = parent ? parent->se.nice : 0;
  se->weight = nice_to_weight(se->nice);
  se->allowed = parent ? parent->se.allowed : ~0UL;
  se->vruntime = parent ? parent->se.vruntime : 0;
  se->start_ns = time_ns();
}

// Make t (runnable, not on any queue, t->lock held) t->cpu's business.
static void activate(struct run_queue *rq, struct task *t, uint64_t now)
{
  t->on_rq = 1;
  t->se.wait_start = now;
  timeline_insert(rq, t);
  rq->nr_running++;
  rq->load += t->se.weight;
}

// The running task stops being runnable here (it sleeps, exits or moves away).
static void deactivate_curr(struct run_queue *rq, struct task *t)
{
  t->on_rq = 0;
  rq->nr_running--;
  rq->load -= t->se.weight;
}

// Ask cpu to reschedule: a flag for this CPU, an IPI for another.
static void resched_cpu(int cpu)
{
  if (cpu == cpuid())
    cpus[cpu].need_resched = 1;
  else
    send_resched_ipi(cpu);
}

// Queue t (t->lock held, runnable, off every queue) on cpu, placed fairly,
// and preempt what runs there if t should run first.
static void enqueue(struct task *t, int cpu, int new_task)
{
  struct cpu *c = &cpus[cpu];
  struct run_queue *rq = &c->rq;
  spin_lock(&rq->lock);
  uint64_t now = time_ns();
  update_curr(rq, now);
  if (t->cpu != cpu) {
    move_vruntime(t, &cpus[t->cpu].rq, rq);
    if (t->ran_on >= 0)
      t->se.migrations++;
    rq->migrations_in++;
    t->cpu = cpu;
  }
  place_task(rq, t, new_task);
  activate(rq, t, now);
  rq->wakeups++;
  int preempt = should_preempt_wakeup(rq, t);
  spin_unlock(&rq->lock);
  // Pairs with the idle loop's fences between setting is_idle (or clearing
  // polling) and checking its queue: one of the two sides sees the other.
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (c->is_idle || (preempt && !c->polling))
    resched_cpu(cpu);
}

void wake_up_new_task(struct task *t)
{
  spin_lock(&t->lock);
  t->state = TASK_RUNNING;
  t->cpu = cpuid();                    // its vruntime is relative to this queue (the parent's)
  enqueue(t, select_fork_cpu(t), 1);
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
  enqueue(t, select_wake_cpu(t), 0);
  spin_unlock(&t->lock);
  return 1;
}

void send_resched_ipi(int cpu)
{
  sbi_send_ipi(cpus[cpu].hartid);
}

// Take the next task off the timeline (its idle task if none).
static struct task *pick_next(struct cpu *c, uint64_t now)
{
  struct task *t = timeline_first(&c->rq);
  if (!t)
    return c->idle;
  timeline_remove(&c->rq, t);
  t->se.wait_sum += now - t->se.wait_start;
  return t;
}

// prev stops running: back into the timeline if it is still runnable here,
// off the queue if it sleeps, or handed to finish_switch when its affinity
// no longer allows this CPU.
static void put_prev(struct cpu *c, struct task *prev, uint64_t now)
{
  struct run_queue *rq = &c->rq;
  prev->se.last_ran = now;
  if (prev->flags & PF_IDLE)
    return;
  if (prev->state != TASK_RUNNING) {
    if (prev->state == TASK_INTERRUPTIBLE && signal_pending(prev)) {
      prev->state = TASK_RUNNING;      // a signal arrived before we slept
    } else {
      deactivate_curr(rq, prev);
      prev->se.nvcsw++;
      return;
    }
  }
  if (!(prev->se.allowed & cpu_bit(c->id))) {
    deactivate_curr(rq, prev);
    rq->push = prev;
    return;
  }
  prev->se.wait_start = now;
  timeline_insert(rq, prev);
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

// The switch itself; rq lock held, released by finish_switch on the other side.
static void switch_to_task(struct cpu *c, struct task *prev, struct task *next)
{
  if (prev->state == TASK_RUNNING && !(prev->flags & PF_IDLE))
    prev->se.nivcsw++;
  c->rq.switches++;
  c->rq.prev = prev;
  c->rq.curr = next;
  next->on_cpu = 1;
  next->cpu = c->id;
  next->se.ran_mask |= cpu_bit(c->id);
  // Tasks without an mm (idle, init before its exec) leave the last page
  // table loaded: a thread that comes back to this CPU then costs no TLB flush.
  mm_enter(next->mm);
  // Code written on another hart (exec, on a CPU it ran on before) may be
  // stale in this hart's instruction cache.
  if (next->ran_on != c->id) {
    fence_i();
    next->ran_on = c->id;
  }
  switch_fp(prev, next);
  int intena = c->locks.intena;
  switch_to(&prev->ctx, &next->ctx, next);
  mycpu()->locks.intena = intena;
  finish_switch();
}

void schedule(void)
{
  struct task *prev = current;
  push_off();
  struct cpu *c = mycpu();
  spin_lock(&c->rq.lock);
  pop_off();
  if (c->locks.noff != 1) {
    lockdep_print_held();
    panic("schedule: called holding a spinlock");
  }
  uint64_t now = time_ns();
  update_curr(&c->rq, now);
  put_prev(c, prev, now);
  struct task *next = pick_next(c, now);
  c->need_resched = 0;
  next->se.exec_start = now;
  next->se.slice_start = next->se.sum_exec;
  if (next == prev) {
    c->rq.curr = next;
    spin_unlock(&c->rq.lock);
    return;
  }
  switch_to_task(c, prev, next);
}

// The task switched away from may now run elsewhere: affinity sends it to
// another CPU (it is runnable, off every queue, so only its lock is needed).
static void push_task(struct task *t)
{
  spin_lock(&t->lock);
  enqueue(t, select_wake_cpu(t), 0);
  spin_unlock(&t->lock);
}

// Runs on the task just switched to: the previous task's stack is no longer
// in use, so wakers and reapers may have it; then drop the run-queue lock.
void finish_switch(void)
{
  struct cpu *c = mycpu();
  struct task *prev = c->rq.prev, *push = c->rq.push;
  c->rq.push = 0;
  // Read before on_cpu clears: from then on a reaper may free a zombie prev.
  int autoreap = prev->flags & PF_AUTOREAP;
  __atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
  spin_unlock(&c->rq.lock);
  if (push)
    push_task(push);
  if (autoreap)
    release_task(prev);
}

// sched_yield: charge what ran so far and go behind every task waiting
// here, so each of them runs before the caller again.
void yield(void)
{
  push_off();
  struct run_queue *rq = &mycpu()->rq;
  spin_lock(&rq->lock);
  pop_off();
  struct task *last = timeline_last(rq);
  update_curr(rq, time_ns());
  if (last && (int64_t)(current->se.vruntime - last->se.vruntime) <= 0)
    current->se.vruntime = last->se.vruntime + 1;
  rq->yields++;
  spin_unlock(&rq->lock);
  schedule();
}

// Idle CPUs sleep without a tick, so they no longer pull work on their own
// between wakeups: a CPU with tasks waiting wakes one of them at every tick
// (an IPI), as soon as an idle CPU used to look, and its idle loop pulls.
// (Linux's NO_HZ idle balance does the same.)
static void kick_idle_cpu(struct cpu *c)
{
  for (int i = 0; i < ncpu; i++) {
    if (i != c->id && __atomic_load_n(&cpus[i].is_idle, __ATOMIC_RELAXED)) {
      send_resched_ipi(i);
      return;
    }
  }
}

// The timer tick on this CPU: charge the running task, ask for a switch
// when its slice is used up, and now and then even out the queues.
void sched_tick(int from_user)
{
  struct cpu *c = mycpu();
  struct run_queue *rq = &c->rq;
  struct task *t = current;
  spin_lock(&rq->lock);
  update_curr(rq, time_ns());
  if (!(t->flags & PF_IDLE)) {
    if (from_user)
      t->se.user_ticks++;
    else
      t->se.sys_ticks++;
    if (should_preempt_tick(rq))
      c->need_resched = 1;
  }
  int balance = --rq->balance_ticks <= 0;
  int waiting = rq->nr_running >= 2;
  spin_unlock(&rq->lock);
  if (!(t->flags & PF_IDLE))
    itimer_tick(t, from_user, NSEC_PER_SEC / HZ);
  if (balance)
    periodic_balance(c);
  if (waiting)
    kick_idle_cpu(c);
}

// The trap handler's hooks (arch/arch.h).  An IPI: this CPU's queue has new
// work (or a lazily kept mm is being freed).
void ipi_interrupt(void)
{
  mm_drop_dead();
  mycpu()->need_resched = 1;
}

// An interrupt came while kernel code ran with interrupts on (so held no
// spinlock): switch now if asked, but not while the task is on its way to
// sleep (it would be taken off the run queue as if it had gone to sleep
// already), nor in the idle task.
void kernel_preempt(void)
{
  if (mycpu()->need_resched && !(current->flags & PF_IDLE) && current->state == TASK_RUNNING)
    schedule();
}

// A CPU that has just run out of work watches its queue for a moment
// before it sleeps: work often comes right back (a thread's joiner, the
// other end of a pipe), and waking a hart from wfi costs an IPI and, under
// a hypervisor or QEMU, the host's wakeup of the hart's thread.  A waker
// needs no IPI meanwhile.  (Linux's haltpoll does this for virtual machines.)
#define IDLE_POLL_NS 100000UL

// 1 if work came within IDLE_POLL_NS.
static int idle_poll(struct cpu *c)
{
  uint64_t end = time_ns() + IDLE_POLL_NS;
  c->polling = 1;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  while (!c->rq.timeline.node && !c->need_resched && time_ns() < end)
    ;
  c->polling = 0;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  return c->rq.timeline.node != 0;
}

// Each CPU's idle task: it polls only after running tasks, so a CPU with
// nothing to do sleeps in wfi between ticks.  wfi with interrupts masked
// still wakes on a pending interrupt, which is then taken when they are
// unmasked: no wakeup is lost between the check and the wfi.
void idle_loop(void)
{
  int ran = 1;
  for (;;) {
    struct cpu *c = mycpu();
    if (!c->rq.timeline.node)
      idle_pull(c);
    if (ran && idle_poll(c)) {
      schedule();
      continue;
    }
    intr_off();
    c->is_idle = 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!c->rq.timeline.node) {
      tick_stop(ktimer_next());
      wfi();
      tick_restart();                  // before intr_on: an interrupt may switch to a task
    }
    c->is_idle = 0;
    intr_on();
    ran = c->rq.timeline.node != 0;
    if (ran)
      schedule();
  }
}

// The run queue t is on, locked.  t->lock held: t->cpu then changes only
// by a balancer moving t, which holds that queue's lock too.
static struct run_queue *task_rq_lock(struct task *t)
{
  for (;;) {
    struct run_queue *rq = &cpus[t->cpu].rq;
    spin_lock(&rq->lock);
    if (rq == &cpus[t->cpu].rq)
      return rq;
    spin_unlock(&rq->lock);
  }
}

// A new weight counts in its queue's load at once; the vruntime (the
// timeline's key) does not change, so t keeps its place.
void sched_set_nice(struct task *t, int nice)
{
  spin_lock(&t->lock);
  struct run_queue *rq = task_rq_lock(t);
  if (rq->curr == t)
    update_curr(rq, time_ns());        // charge the time so far at the old weight
  if (t->on_rq)
    rq->load -= t->se.weight;
  t->se.nice = nice;
  t->se.weight = nice_to_weight(nice);
  if (t->on_rq)
    rq->load += t->se.weight;
  spin_unlock(&rq->lock);
  spin_unlock(&t->lock);
}

// New affinity for t.  A waiting task on a CPU it may no longer use moves
// now; a running one is asked to reschedule, and schedule() pushes it away.
void sched_set_allowed(struct task *t, uint64_t mask)
{
  spin_lock(&t->lock);
  struct run_queue *rq = task_rq_lock(t);
  int cpu = t->cpu, ok = (mask & cpu_bit(cpu)) != 0, running = rq->curr == t;
  int move = !ok && !running && t->on_rq;
  t->se.allowed = mask;
  t->se.ran_mask = running && ok ? cpu_bit(cpu) : 0;
  if (move) {
    timeline_remove(rq, t);
    t->on_rq = 0;
    rq->nr_running--;
    rq->load -= t->se.weight;
  }
  spin_unlock(&rq->lock);
  if (move)
    enqueue(t, select_wake_cpu(t), 0);
  else if (!ok && running)
    resched_cpu(cpu);
  spin_unlock(&t->lock);
}
