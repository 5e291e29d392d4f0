// Process system calls that only read or poke task state.
#include "proc/proc.h"
#include "proc/signal.h"
#include "sched/sched.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "uapi/os/taskinfo.h"
#include "arch/arch.h"
#include "errno.h"
#include "syscall.h"
#include "clock.h"

long sys_getpid(void)
{
  return current->tgid;
}

long sys_gettid(void)
{
  return current->tid;
}

long sys_getppid(void)
{
  spin_lock(&tasklist_lock);
  int ppid = current->parent ? current->parent->tgid : 0;
  spin_unlock(&tasklist_lock);
  return ppid;
}

long sys_set_tid_address(uint64_t tidptr)
{
  current->clear_child_tid = tidptr;
  return current->tid;
}

long sys_sched_yield(void)
{
  yield();
  return 0;
}

long sys_brk(uint64_t addr)
{
  return mm_brk(current->mm, addr);
}

static void fill_info(struct task *t, struct taskinfo *ti)
{
  memset(ti, 0, sizeof *ti);
  ti->tid = t->tid;
  ti->tgid = t->tgid;
  ti->ppid = t->parent ? t->parent->tgid : 0;
  ti->cpu = t->cpu;
  ti->nthreads = t->signal ? t->signal->live : 1;
  ti->state = task_state_letter(t);
  memcpy(ti->name, t->name, sizeof ti->name);
  ti->mem_bytes = t->mm ? t->mm->rss * PGSIZE : 0;
  struct task_times tt;
  task_times(t, &tt);
  ti->utime_ms = tt.utime / NSEC_PER_MSEC;
  ti->stime_ms = tt.stime / NSEC_PER_MSEC;
}

long sys_taskinfo(int tid, uint64_t out)
{
  struct taskinfo ti;
  int found = 0;
  spin_lock(&tasklist_lock);
  // Ids are below 32768: probing them in order keeps the listing sorted
  // without scanning a global list.
  for (int id = tid < 1 ? 1 : tid; id < 32768 && !found; id++) {
    struct task *t = find_task(id);
    if (t) {
      fill_info(t, &ti);
      found = id;
    }
  }
  spin_unlock(&tasklist_lock);
  if (!found)
    return -ESRCH;
  if (copy_to_user(out, &ti, sizeof ti) < 0)
    return -EFAULT;
  return found;
}
