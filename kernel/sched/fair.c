// The fair policy: each task's CPU time is charged to its vruntime scaled by
// 1024/weight, and each CPU runs the waiting task with the smallest
// vruntime (the leftmost node of its red-black timeline).  Over time every
// runnable task gets CPU in proportion to its weight.
//
// Every function here runs with the run-queue lock held.
#include "sched/sched.h"
#include "proc/task.h"
#include "arch/arch.h"
#include "uapi/linux/time.h"    // NSEC_PER_SEC

// A task gets a slice of the scheduling period in proportion to its weight;
// the period stretches once slices would get shorter than MIN_GRAN.  The
// tick (10 ms) is the real lower bound on a slice; wakeup preemption is not
// tied to it.
#define LATENCY_NS    20000000UL
#define MIN_GRAN_NS    4000000UL
#define WAKEUP_GRAN_NS 2000000UL

// Linux's nice-to-weight table: each nice step is ~10% of CPU, a factor of
// ~1.25 in weight, with nice 0 at 1024.
static const uint32_t nice_weights[40] = {
  /* -20 */ 88761, 71755, 56483, 46273, 36291,
  /* -15 */ 29154, 23254, 18705, 14949, 11916,
  /* -10 */ 9548,  7620,  6100,  4904,  3906,
  /*  -5 */ 3121,  2501,  1991,  1586,  1277,
  /*   0 */ 1024,  820,   655,   526,   423,
  /*   5 */ 335,   272,   215,   172,   137,
  /*  10 */ 110,   87,    70,    56,    45,
  /*  15 */ 36,    29,    23,    18,    15,
};

uint32_t nice_to_weight(int nice)
{
  return nice_weights[nice - NICE_MIN];
}

// vruntime compares by signed difference, so the order survives wrap-around.
static int before(uint64_t a, uint64_t b)
{
  return (int64_t)(a - b) < 0;
}

// delta_ns of CPU time in vruntime: a task of weight w ages 1024/w as fast
// as a nice-0 task, so equal vruntimes mean CPU shares in the ratio of weights.
static uint64_t weighted(uint64_t delta_ns, uint32_t weight)
{
  // LAB sched BEGIN
  return delta_ns * 1024 / weight;
  // LAB sched STUB
  // (void)weight;  // round robin: every task ages at the same rate
  // return delta_ns;
  // LAB sched END
}

static void update_min_vruntime(struct run_queue *rq)
{
  struct task *curr = rq->curr, *first = timeline_first(rq);
  int running = !(curr->flags & PF_IDLE) && curr->on_rq;
  uint64_t v = running ? curr->se.vruntime : rq->min_vruntime;
  if (first && (!running || before(first->se.vruntime, v)))
    v = first->se.vruntime;
  if (before(rq->min_vruntime, v))
    rq->min_vruntime = v;
}

// The running task is charged at every tick, switch and wakeup, so a gap
// of more than about a tick since its last charge means that this hart did
// not run at all meanwhile: the hypervisor, or the host of an emulator, ran
// something else.  That time was stolen from the task, not used by it (Linux
// calls it steal time).  Charged, it would put the task seconds ahead of its
// peers in vruntime, and it would then wait for seconds.
#define MAX_CHARGE_NS (2 * NSEC_PER_SEC / HZ)

uint64_t curr_runtime(struct run_queue *rq, uint64_t now)
{
  struct task *t = rq->curr;
  int64_t delta = now - t->se.exec_start;
  if (delta <= 0)
    return 0;
  if (!(t->flags & PF_IDLE) && delta > (int64_t)MAX_CHARGE_NS)
    return MAX_CHARGE_NS;
  return delta;
}

void update_curr(struct run_queue *rq, uint64_t now)
{
  struct task *t = rq->curr;
  int64_t gap = now - t->se.exec_start;
  if (gap <= 0)
    return;
  uint64_t delta = curr_runtime(rq, now);
  rq->steal += gap - delta;
  t->se.exec_start = now;
  t->se.sum_exec += delta;
  if (t->flags & PF_IDLE)
    return;
  t->se.vruntime += weighted(delta, t->se.weight);
  update_min_vruntime(rq);
}

void timeline_insert(struct run_queue *rq, struct task *t)
{
  struct rb_node **link = &rq->timeline.node, *parent = 0;
  while (*link) {
    parent = *link;
    struct task *o = rb_entry(parent, struct task, se.node);
    // LAB sched BEGIN
    // Equal keys go right: a task queued later runs after its equals.
    link = before(t->se.vruntime, o->se.vruntime) ? &parent->left : &parent->right;
    // LAB sched STUB
    // // Round robin: keyed by arrival, a task queued now runs after all the others.
    // (void)o;
    // link = &parent->right;
    // LAB sched END
  }
  rb_link_node(&t->se.node, parent, link);
  rb_insert_color(&t->se.node, &rq->timeline);
}

void timeline_remove(struct run_queue *rq, struct task *t)
{
  rb_erase(&t->se.node, &rq->timeline);
}

struct task *timeline_first(struct run_queue *rq)
{
  struct rb_node *n = rb_first(&rq->timeline);
  return n ? rb_entry(n, struct task, se.node) : 0;
}

struct task *timeline_last(struct run_queue *rq)
{
  struct rb_node *n = rb_last(&rq->timeline);
  return n ? rb_entry(n, struct task, se.node) : 0;
}

struct task *timeline_next(struct task *t)
{
  struct rb_node *n = rb_next(&t->se.node);
  return n ? rb_entry(n, struct task, se.node) : 0;
}

// LAB sched BEGIN
// The period over which every runnable task here runs once.
static uint64_t period(int nr_running)
{
  return nr_running * MIN_GRAN_NS > LATENCY_NS ? nr_running * MIN_GRAN_NS : LATENCY_NS;
}

// t's share of the period, in real ns.
static uint64_t slice(struct run_queue *rq, struct task *t)
{
  int nr = rq->nr_running + !t->on_rq;
  uint64_t load = rq->load + (t->on_rq ? 0 : t->se.weight);
  return period(nr) * t->se.weight / load;
}
// LAB sched END

// A new task starts one slice (in its vruntime) after the queue's minimum:
// a fork loop cannot keep the CPU from tasks already waiting.  A waking task
// gets at most half a latency of credit for its sleep, so it runs soon but
// cannot hoard credit by sleeping long.
void place_task(struct run_queue *rq, struct task *t, int new_task)
{
  // LAB sched BEGIN
  uint64_t v = new_task ? rq->min_vruntime + weighted(slice(rq, t), t->se.weight)
                        : rq->min_vruntime - LATENCY_NS / 2;
  if (new_task || before(t->se.vruntime, v))
    t->se.vruntime = v;
  // LAB sched STUB
  // (void)rq;  // round robin: the queue's order is arrival, not vruntime
  // (void)t;
  // (void)new_task;
  // LAB sched END
}

// The running task has used its slice, or has run well past the leftmost
// waiting task (after a minimum granularity, so it does get to run).
int should_preempt_tick(struct run_queue *rq)
{
  struct task *curr = rq->curr, *first = timeline_first(rq);
  if (!first)
    return 0;
  uint64_t ran = curr->se.sum_exec - curr->se.slice_start;
  // LAB sched BEGIN
  uint64_t ideal = slice(rq, curr);
  if (ran > ideal)
    return 1;
  return ran >= MIN_GRAN_NS && (int64_t)(curr->se.vruntime - first->se.vruntime) > (int64_t)ideal;
  // LAB sched STUB
  // return ran >= MIN_GRAN_NS;  // round robin: the same quantum for everyone
  // LAB sched END
}

// A woken task runs at once if its vruntime is clearly below the running
// task's (by more than the wakeup granularity, so two tasks waking each
// other do not switch on every wakeup).
int should_preempt_wakeup(struct run_queue *rq, struct task *woken)
{
  struct task *curr = rq->curr;
  if (curr->flags & PF_IDLE)
    return 1;
  // LAB sched BEGIN
  return (int64_t)(curr->se.vruntime - woken->se.vruntime) > (int64_t)weighted(WAKEUP_GRAN_NS, woken->se.weight);
  // LAB sched STUB
  // (void)woken;  // round robin: a woken task waits for its turn
  // return 0;
  // LAB sched END
}

// vruntimes of different CPUs are unrelated: keep t's distance from the
// queue's minimum when it changes queues.  from's lock may not be held (a
// sleeping task woken elsewhere): min_vruntime is read once, whole.
void move_vruntime(struct task *t, struct run_queue *from, struct run_queue *to)
{
  uint64_t from_min = __atomic_load_n(&from->min_vruntime, __ATOMIC_RELAXED);
  t->se.vruntime = t->se.vruntime - from_min + to->min_vruntime;
}
