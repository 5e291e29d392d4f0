// Which CPU a task runs on: placement of new and waking tasks, an idle CPU
// pulling work from the busiest one, and a periodic balance by load (the sum
// of the weights of the runnable tasks).  Affinity masks bound every choice.
//
// Loads are read without locks to choose a CPU: a stale value only makes a
// choice less good, never wrong.  Tasks change queues only under both locks.
#include "sched/sched.h"
#include "proc/task.h"
#include "arch/arch.h"

#define CACHE_HOT_NS 500000UL   // left its CPU this recently: its data is likely still cached there
#define BALANCE_TICKS 4         // periodic balance every 40 ms on each CPU

static int allowed(struct task *t, int cpu)
{
  return (t->se.allowed & cpu_bit(cpu)) != 0;
}

// LAB smp BEGIN
static int less_loaded(int a, int b)
{
  struct run_queue *x = &cpus[a].rq, *y = &cpus[b].rq;
  return x->load < y->load || (x->load == y->load && x->nr_running < y->nr_running);
}

// Least loaded allowed CPU; this one wins ties (its caches are warm).
static int least_loaded_cpu(struct task *t)
{
  int best = allowed(t, cpuid()) ? cpuid() : -1;
  for (int i = 0; i < ncpu; i++)
    if (allowed(t, i) && (best < 0 || less_loaded(i, best)))
      best = i;
  return best < 0 ? 0 : best;
}
// LAB smp STUB
// // The lowest-numbered CPU t may run on.
// static int first_allowed_cpu(struct task *t)
// {
//   for (int i = 0; i < ncpu; i++)
//     if (allowed(t, i))
//       return i;
//   return 0;
// }
// LAB smp END

int select_fork_cpu(struct task *t)
{
  // LAB smp BEGIN
  return least_loaded_cpu(t);
  // LAB smp STUB
  // // No placement: a new task starts on its parent's CPU.
  // return allowed(t, cpuid()) ? cpuid() : first_allowed_cpu(t);
  // LAB smp END
}

// Its last CPU if that one is idle or the task ran there a moment ago, else
// an idle allowed CPU, else its last CPU (or the least loaded allowed one).
int select_wake_cpu(struct task *t)
{
  int prev = t->cpu;
  // LAB smp BEGIN
  if (allowed(t, prev) &&
      (cpus[prev].rq.nr_running == 0 || time_ns() - t->se.last_ran < CACHE_HOT_NS))
    return prev;
  for (int k = 1; k <= ncpu; k++) {
    int i = (prev + k) % ncpu;
    if (allowed(t, i) && cpus[i].rq.nr_running == 0)
      return i;
  }
  return allowed(t, prev) ? prev : least_loaded_cpu(t);
  // LAB smp STUB
  // // Back where it ran last, busy or not (unless that is no longer allowed).
  // return allowed(t, prev) ? prev : first_allowed_cpu(t);
  // LAB smp END
}
// LAB smp BEGIN

static void lock_two(struct cpu *a, struct cpu *b)
{
  spin_lock(a->id < b->id ? &a->rq.lock : &b->rq.lock);
  spin_lock(a->id < b->id ? &b->rq.lock : &a->rq.lock);
}

static void unlock_two(struct cpu *a, struct cpu *b)
{
  spin_unlock(&a->rq.lock);
  spin_unlock(&b->rq.lock);
}

// Move the waiting task t from src's timeline to dst's.  Both locks held.
static void move_task(struct task *t, struct cpu *src, struct cpu *dst)
{
  timeline_remove(&src->rq, t);
  src->rq.nr_running--;
  src->rq.load -= t->se.weight;
  move_vruntime(t, &src->rq, &dst->rq);
  t->cpu = dst->id;
  t->se.migrations++;
  dst->rq.migrations_in++;
  timeline_insert(&dst->rq, t);
  dst->rq.nr_running++;
  dst->rq.load += t->se.weight;
}

// Move the waiting task of src that has waited longest, may run on dst and
// weighs less than max_weight.  Both locks held.  1 if one moved.
static int move_one(struct cpu *src, struct cpu *dst, uint64_t max_weight)
{
  for (struct task *t = timeline_first(&src->rq); t; t = timeline_next(t)) {
    if (allowed(t, dst->id) && t->se.weight < max_weight) {
      move_task(t, src, dst);
      return 1;
    }
  }
  return 0;
}

// The most loaded CPU other than c that has a task waiting, skipping those in tried.
static struct cpu *busiest_cpu(struct cpu *c, uint64_t tried)
{
  struct cpu *busiest = 0;
  for (int i = 0; i < ncpu; i++)
    if (i != c->id && !(tried & cpu_bit(i)) && cpus[i].rq.nr_running >= 2 &&
        (!busiest || cpus[i].rq.load > busiest->rq.load))
      busiest = &cpus[i];
  return busiest;
}
// LAB smp END

// An idle CPU takes one waiting task, from the busiest CPU that has one it may run.
void idle_pull(struct cpu *c)
{
  // LAB smp BEGIN
  uint64_t tried = 0;
  struct cpu *busiest;
  while ((busiest = busiest_cpu(c, tried))) {
    lock_two(c, busiest);
    int moved = busiest->rq.nr_running >= 2 && move_one(busiest, c, ~0UL);
    unlock_two(c, busiest);
    if (moved)
      return;
    tried |= cpu_bit(busiest->id);
  }
  // LAB smp STUB
  // (void)c;  // no balancing: an idle CPU just waits
  // LAB smp END
}

// From the tick: take a task from the busiest CPU when that makes the two
// loads closer (its weight is below their difference), so equal tasks never
// bounce between two CPUs.
void periodic_balance(struct cpu *c)
{
  c->rq.balance_ticks = BALANCE_TICKS;
  // LAB smp BEGIN
  struct cpu *busiest = busiest_cpu(c, 0);
  if (!busiest || busiest->rq.load <= c->rq.load)
    return;
  lock_two(c, busiest);
  if (busiest->rq.nr_running >= 2 && busiest->rq.load > c->rq.load)
    move_one(busiest, c, busiest->rq.load - c->rq.load);
  unlock_two(c, busiest);
  // LAB smp END
}
