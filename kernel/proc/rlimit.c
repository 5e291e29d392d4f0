// Resource limits.  They live in the thread group's struct signal: written
// under tasklist_lock (prlimit64 may change another process's), read
// without it, one aligned word at a time.
#include "proc/rlimit.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "fs/file.h"
#include "mm/mm.h"
#include "mm/memlayout.h"
#include "syscall.h"
#include "errno.h"

#define MIB (1ULL << 20)

void rlimit_init(struct signal *s)
{
  for (int r = 0; r < RLIM_NLIMITS; r++)
    s->rlim[r] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
  s->rlim[RLIMIT_STACK].rlim_cur = USER_STACK_MAX;
  s->rlim[RLIMIT_CORE].rlim_cur = 0;
  s->rlim[RLIMIT_NOFILE] = (struct rlimit){ NOFILE, NOFILE };
  s->rlim[RLIMIT_NPROC] = (struct rlimit){ max_tasks, max_tasks };
  s->rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8 * MIB, 8 * MIB };
  // Queued real-time signals (proc/signal.c) take kernel memory: as Linux
  // does, the default follows the number of tasks memory allows.
  s->rlim[RLIMIT_SIGPENDING] = (struct rlimit){ max_tasks, max_tasks };
}

uint64_t rlimit(int resource)
{
  return __atomic_load_n(&current->signal->rlim[resource].rlim_cur, __ATOMIC_RELAXED);
}

// The new limits are valid for resource: -EINVAL, or -EPERM beyond what the
// kernel can give (Linux's nr_open for NOFILE).
static long check(int resource, const struct rlimit *n)
{
  if (n->rlim_cur > n->rlim_max)
    return -EINVAL;
  if (resource == RLIMIT_NOFILE && n->rlim_max > NOFILE)
    return -EPERM;
  return 0;
}

long sys_prlimit64(int pid, int resource, uint64_t unew, uint64_t uold)
{
  struct rlimit n, old;
  if (resource < 0 || resource >= RLIM_NLIMITS)
    return -EINVAL;
  if (unew && copy_from_user(&n, unew, sizeof n) < 0)
    return -EFAULT;
  long err = unew ? check(resource, &n) : 0;
  if (err < 0)
    return err;
  spin_lock(&tasklist_lock);
  struct task *t = pid ? find_task(pid) : current;
  if (!t || t->state == EXIT_DEAD) {
    spin_unlock(&tasklist_lock);
    return -ESRCH;
  }
  struct rlimit *lim = &t->signal->rlim[resource];
  old = *lim;
  if (unew) {                          // everyone is root: raising the hard limit is allowed
    __atomic_store_n(&lim->rlim_max, n.rlim_max, __ATOMIC_RELAXED);
    __atomic_store_n(&lim->rlim_cur, n.rlim_cur, __ATOMIC_RELAXED);
  }
  spin_unlock(&tasklist_lock);
  if (uold && copy_to_user(uold, &old, sizeof old) < 0)
    return -EFAULT;
  return 0;
}

// Unlike prlimit64's, their pointer is not optional: NULL is a bad address.
long sys_getrlimit(int resource, uint64_t uold)
{
  if (!uold && resource >= 0 && resource < RLIM_NLIMITS)
    return -EFAULT;
  return sys_prlimit64(0, resource, 0, uold);
}

long sys_setrlimit(int resource, uint64_t unew)
{
  if (!unew && resource >= 0 && resource < RLIM_NLIMITS)
    return -EFAULT;
  return sys_prlimit64(0, resource, unew, 0);
}
