// Scheduling system calls: priorities (setpriority, getpriority), affinity
// (sched_setaffinity, sched_getaffinity) and CPU time (times, getrusage,
// and wait4's rusage), with Linux's numbers and structures.
//
// The priority rule.  On Linux only a task with CAP_SYS_NICE (or within its
// RLIMIT_NICE) may raise a priority, i.e. lower a nice value.  This kernel
// has no credentials, so no task holds that privilege: a nice value may only
// go up (less CPU), for the caller or any other task, and an attempt to
// lower it fails with EACCES (nice() reports EPERM, as on Linux).
#include "sched/sched.h"
#include "proc/proc.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "errno.h"
#include "syscall.h"
#include "clock.h"
#include "uapi/linux/resource.h"
#include "uapi/linux/times.h"

#define NS_PER_CLOCK (NSEC_PER_SEC / USER_HZ)   // clock_t ticks of times() (sysconf(_SC_CLK_TCK))

// A running task's time since it was last charged counts too: its CPU's
// last tick may be long ago (QEMU's thread for that hart may not have run).
// The run-queue lock keeps a charge from coming between the two reads; if
// t has just moved to another queue it is not running, and its sum stands.
uint64_t task_runtime(struct task *t)
{
  struct run_queue *rq = &cpus[__atomic_load_n(&t->cpu, __ATOMIC_RELAXED)].rq;
  spin_lock(&rq->lock);
  uint64_t ns = t->se.sum_exec;
  if (rq->curr == t)
    ns += curr_runtime(rq, time_ns());
  spin_unlock(&rq->lock);
  return ns;
}

// The exact runtime split in the proportion of the tick samples (Linux does
// the same), so utime + stime is the precise total.
void task_times(struct task *t, struct task_times *tt)
{
  uint64_t sum = task_runtime(t), u = t->se.user_ticks, s = t->se.sys_ticks, n = u + s;
  tt->utime = s == 0 ? sum : u == 0 ? 0 : sum / n * u + sum % n * u / n;
  tt->stime = sum - tt->utime;
  tt->nvcsw = t->se.nvcsw;
  tt->nivcsw = t->se.nivcsw;
}

static void add_times(struct task_times *to, const struct task_times *from)
{
  to->utime += from->utime;
  to->stime += from->stime;
  to->nvcsw += from->nvcsw;
  to->nivcsw += from->nivcsw;
}

void group_times(struct task *t, struct task_times *tt)
{
  struct list_head *p;
  struct task_times one;
  *tt = t->group_leader->se.dead;
  list_for_each(p, &t->signal->threads) {
    task_times(list_entry(p, struct task, thread_node), &one);
    add_times(tt, &one);
  }
}

// An exiting thread's times stay with its group (in the leader, which
// outlives every thread of its group).
void sched_exit(struct task *t)
{
  struct task_times tt;
  task_times(t, &tt);
  add_times(&t->group_leader->se.dead, &tt);
}

// The caller's group reaps zombie (a leader whose threads are all gone):
// its times and those of the children it reaped become the caller's
// children's times, and are what wait4 reports.
void sched_reap(struct task *zombie, struct task_times *tt)
{
  *tt = zombie->se.dead;
  add_times(tt, &zombie->se.children);
  add_times(&current->group_leader->se.children, tt);
}

// exec in a thread: t becomes the group's leader and keeps its totals.
void sched_take_over(struct task *t, struct task *leader)
{
  t->se.dead = leader->se.dead;
  t->se.children = leader->se.children;
}

// ---- priorities ----

// The target of PRIO_PROCESS: a thread id (0: the caller), as on Linux.
static long prio_target(int which, int who, struct task **tp)
{
  if (which != PRIO_PROCESS)
    return -EINVAL;
  *tp = who == 0 ? current : find_task(who);
  return *tp ? 0 : -ESRCH;
}

long sys_setpriority(int which, int who, int nice)
{
  struct task *t;
  nice = nice < NICE_MIN ? NICE_MIN : nice > NICE_MAX ? NICE_MAX : nice;
  spin_lock(&tasklist_lock);
  long r = prio_target(which, who, &t);
  if (r == 0 && nice < t->se.nice)
    r = -EACCES;                        // raising a priority needs a privilege nobody has
  if (r == 0)
    sched_set_nice(t, nice);
  spin_unlock(&tasklist_lock);
  return r;
}

// Linux's system call returns 20 - nice (1..40), never a negative number
// that could look like an error; the C library converts it back.
long sys_getpriority(int which, int who)
{
  struct task *t;
  spin_lock(&tasklist_lock);
  long r = prio_target(which, who, &t);
  if (r == 0)
    r = 20 - t->se.nice;
  spin_unlock(&tasklist_lock);
  return r;
}

// ---- affinity ----

long sys_sched_setaffinity(int pid, unsigned len, uint64_t umask)
{
  uint64_t mask = 0;
  if (copy_from_user(&mask, umask, len < sizeof mask ? len : sizeof mask) < 0)
    return -EFAULT;
  mask &= cpus_online_mask();
  spin_lock(&tasklist_lock);
  struct task *t = pid == 0 ? current : find_task(pid);
  if (t && mask)
    sched_set_allowed(t, mask);
  spin_unlock(&tasklist_lock);
  if (!t)
    return -ESRCH;                     // before the mask's check, as on Linux
  if (!mask)
    return -EINVAL;
  // Like Linux, return only once the caller runs on an allowed CPU.
  if (!(current->se.allowed & cpu_bit(cpuid())))
    schedule();
  return 0;
}

// Returns the size of the kernel's mask (8 bytes), as Linux does.
long sys_sched_getaffinity(int pid, unsigned len, uint64_t umask)
{
  uint64_t mask;
  if (len < sizeof mask || (len & (sizeof mask - 1)))
    return -EINVAL;
  spin_lock(&tasklist_lock);
  struct task *t = pid == 0 ? current : find_task(pid);
  if (t)
    mask = t->se.allowed & cpus_online_mask();
  spin_unlock(&tasklist_lock);
  if (!t)
    return -ESRCH;
  return copy_to_user(umask, &mask, sizeof mask) < 0 ? -EFAULT : (long)sizeof mask;
}

// ---- CPU time ----

long sys_times(uint64_t ubuf)
{
  struct task_times self, children;
  spin_lock(&tasklist_lock);
  group_times(current, &self);
  children = current->group_leader->se.children;
  spin_unlock(&tasklist_lock);
  struct tms tms = { self.utime / NS_PER_CLOCK, self.stime / NS_PER_CLOCK,
                           children.utime / NS_PER_CLOCK, children.stime / NS_PER_CLOCK };
  if (ubuf && copy_to_user(ubuf, &tms, sizeof tms) < 0)
    return -EFAULT;
  return time_ns() / NS_PER_CLOCK;
}

long put_rusage(uint64_t uru, struct task_times *tt)
{
  struct rusage ru;
  memset(&ru, 0, sizeof ru);
  ru.ru_utime.tv_sec = tt->utime / NSEC_PER_SEC;
  ru.ru_utime.tv_usec = tt->utime % NSEC_PER_SEC / NSEC_PER_USEC;
  ru.ru_stime.tv_sec = tt->stime / NSEC_PER_SEC;
  ru.ru_stime.tv_usec = tt->stime % NSEC_PER_SEC / NSEC_PER_USEC;
  ru.ru_nvcsw = tt->nvcsw;
  ru.ru_nivcsw = tt->nivcsw;
  return copy_to_user(uru, &ru, sizeof ru) < 0 ? -EFAULT : 0;
}

long sys_getrusage(int who, uint64_t uru)
{
  struct task_times tt;
  if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
    return -EINVAL;
  spin_lock(&tasklist_lock);
  if (who == RUSAGE_SELF)
    group_times(current, &tt);
  else if (who == RUSAGE_CHILDREN)
    tt = current->group_leader->se.children;
  else
    task_times(current, &tt);
  spin_unlock(&tasklist_lock);
  return put_rusage(uru, &tt);
}
