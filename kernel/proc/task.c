// Task structures, thread ids and the id hash.
#include "proc/proc.h"
#include "sched/sched.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "errno.h"
#include "clock.h"

#define PID_MAX 32768
#define HASH_SIZE 256

struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
static struct list_head tid_table[HASH_SIZE];   // under tasklist_lock
static int last_tid;                           // under tasklist_lock
struct task *init_task;
int max_tasks;
int nr_tasks;

// Count one more live task unless limit are live already: 0, or -EAGAIN.
// One atomic step, so that racing forks (or one preempted between the check
// and the count) cannot both take the last place.
static int count_task(uint64_t limit)
{
  int n = __atomic_load_n(&nr_tasks, __ATOMIC_RELAXED);
  do {
    if ((uint64_t)n >= limit)
      return -EAGAIN;
  } while (!__atomic_compare_exchange_n(&nr_tasks, &n, n + 1, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  return 0;
}

struct task *task_alloc(uint64_t limit)
{
  if (count_task(limit) < 0)
    return ERR_PTR(-EAGAIN);
  struct task *t = kmalloc(sizeof *t);
  if (t && !(t->kstack_top = kstack_alloc())) {
    kfree(t);
    t = 0;
  }
  if (!t) {
    __atomic_sub_fetch(&nr_tasks, 1, __ATOMIC_RELAXED);
    return ERR_PTR(-ENOMEM);
  }
  spin_init(&t->lock, "task");
  t->ran_on = -1;
  memset(t->trace_mask, 0, sizeof t->trace_mask);
  t->syscalls = 0;
  list_init(&t->children);
  list_init(&t->sibling);
  list_init(&t->hash_node);
  list_init(&t->thread_node);
  sigpending_init(&t->pending);
  return t;
}

void task_free(struct task *t)
{
  kstack_free(t->kstack_top);
  kfree(t);
  __atomic_sub_fetch(&nr_tasks, 1, __ATOMIC_RELAXED);
}

// The task limit follows memory: each task needs at least a kernel stack
// and page tables (~10 pages), so a fork bomb meets -EAGAIN while a good
// part of RAM is still free for everyone else.
void task_init(void)
{
  max_tasks = pages_total() / 64;
  if (max_tasks < 64)
    max_tasks = 64;
  if (max_tasks > PID_MAX / 2)
    max_tasks = PID_MAX / 2;
  for (int i = 0; i < HASH_SIZE; i++)
    list_init(&tid_table[i]);
}

int tid_alloc(struct task *t)
{
  spin_lock(&tasklist_lock);
  for (int n = 0; n < PID_MAX; n++) {
    int tid = last_tid % (PID_MAX - 1) + 1;    // 1 .. PID_MAX-1, wrapping
    last_tid = tid;
    if (!find_task(tid)) {
      t->tid = tid;
      tid_hash(t);
      spin_unlock(&tasklist_lock);
      return tid;
    }
  }
  spin_unlock(&tasklist_lock);
  return -EAGAIN;
}

void tid_hash(struct task *t)
{
  list_add(&t->hash_node, &tid_table[t->tid % HASH_SIZE]);
}

void tid_unhash(struct task *t)
{
  list_del(&t->hash_node);
}

struct task *find_task(int tid)
{
  struct list_head *p;
  if (tid <= 0)
    return 0;
  list_for_each(p, &tid_table[tid % HASH_SIZE]) {
    struct task *t = list_entry(p, struct task, hash_node);
    if (t->tid == tid)
      return t;
  }
  return 0;
}

int for_each_process(int (*fn)(struct task *, void *), void *arg)
{
  for (int h = 0; h < HASH_SIZE; h++) {
    struct list_head *p;
    list_for_each(p, &tid_table[h]) {
      struct task *t = list_entry(p, struct task, hash_node);
      int r = t == t->group_leader && t->state != EXIT_DEAD ? fn(t, arg) : 0;
      if (r)
        return r;
    }
  }
  return 0;
}

void task_set_name(struct task *t, const char *path)
{
  const char *base = path;
  for (const char *p = path; *p; p++)
    if (*p == '/' && p[1])
      base = p + 1;
  strlcpy(t->name, base, sizeof t->name);
}

void task_set_entry(struct task *t, void (*fn)(void *), void *arg)
{
  memset(&t->ctx, 0, sizeof t->ctx);
  t->ctx.ra = (uint64_t)task_start;
  t->ctx.sp = (uint64_t)task_trapframe(t);
  t->ctx.s[1] = (uint64_t)fn;      // task_start: s1 = function, s2 = argument
  t->ctx.s[2] = (uint64_t)arg;
}

struct signal *signal_alloc(void)
{
  struct signal *s = kmalloc(sizeof *s);
  if (!s)
    return 0;
  refcount_set(&s->refs, 1);
  sigpending_init(&s->shared);
  list_init(&s->threads);
  wq_init(&s->wait_child, "wait_child");
  itimer_init(s);
  return s;
}

struct sighand *sighand_alloc(void)
{
  struct sighand *s = kmalloc(sizeof *s);
  if (!s)
    return 0;
  refcount_set(&s->refs, 1);
  spin_init(&s->lock, "sighand");
  return s;
}

void signal_put(struct signal *s)
{
  if (refcount_dec(&s->refs) == 0) {
    sigpending_flush(&s->shared, s);
    kfree(s);
  }
}

void sighand_put(struct sighand *s)
{
  if (refcount_dec(&s->refs) == 0)
    kfree(s);
}

// The letter ps shows for a task's state (R S D T Z).
char task_state_letter(struct task *t)
{
  switch (t->state) {
  case TASK_RUNNING:
    return 'R';
  case TASK_INTERRUPTIBLE:
    return 'S';
  case TASK_UNINTERRUPTIBLE:
    return 'D';
  case TASK_STOPPED:
    return 'T';
  default:
    return 'Z';
  }
}

// A debugging aid that must work even when the system is wedged, so it
// takes no locks: what it prints may be slightly inconsistent.
void task_dump(void)
{
  static const char *const states[] = { "run", "sleep", "disk", "?", "stop" };
  printf("\n");
  for (int i = 0; i < ncpu; i++) {
    struct run_queue *rq = &cpus[i].rq;
    int waiting = 0;
    for (struct task *t = timeline_first(rq); t && waiting < 1000; t = timeline_next(t))
      waiting++;
    // nr_running counts the running task too: a mismatch means a lost task.
    printf("cpu %d (hart %d): running %d (%s), %d runnable, %d in the timeline, min_vruntime %lu, steal %lu ms%s\n",
           i, (int)cpus[i].hartid, rq->curr->tid, rq->curr->name, rq->nr_running, waiting, rq->min_vruntime,
           rq->steal / NSEC_PER_MSEC, cpus[i].need_resched ? ", need_resched" : "");
  }
  for (int h = 0; h < HASH_SIZE; h++) {
    struct list_head *p;
    list_for_each(p, &tid_table[h]) {
      struct task *t = list_entry(p, struct task, hash_node);
      const char *st = t->state <= TASK_STOPPED ? states[t->state] : t->state == EXIT_ZOMBIE ? "zombie" : "dead";
      printf("%5d %-6s cpu %d on_rq %d on_cpu %d vruntime %lu %s\n", t->tid, st, t->cpu, t->on_rq, t->on_cpu,
             t->se.vruntime, t->name);
    }
  }
}

void completion_init(struct completion *c)
{
  spin_init(&c->lock, "completion");
  c->done = 0;
  wq_init(&c->wq, "completion");
}

void complete(struct completion *c)
{
  spin_lock(&c->lock);
  c->done = 1;
  wq_wake_all(&c->wq);
  spin_unlock(&c->lock);
}

int completion_wait_killable(struct completion *c)
{
  int r = 0;
  spin_lock(&c->lock);
  while (!c->done && r == 0)
    r = wq_sleep(&c->wq, &c->lock, TASK_INTERRUPTIBLE);
  spin_unlock(&c->lock);
  return c->done ? 0 : r;
}

void vfork_release(struct task *t)
{
  // LAB clone BEGIN
  spin_lock(&tasklist_lock);
  struct completion *done = t->vfork_done;
  t->vfork_done = 0;
  if (done)
    complete(done);
  spin_unlock(&tasklist_lock);
  // LAB clone STUB
  // (void)t;
  // LAB clone END
}
