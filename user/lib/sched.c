// Scheduling: affinity, priorities (nice values) and CPU times.
#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <unistd.h>
#include "syscall.h"

int
__cpu_count(size_t size, const cpu_set_t *set)
{
  int n = 0;
  for (size_t i = 0; i < size / sizeof(set->bits[0]); i++)
    n += __builtin_popcountl(set->bits[i]);
  return n;
}

int
sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
  return sysret(syscall3(SYS_sched_setaffinity, pid, size, set));
}

// The kernel fills only the bytes of its own mask: clear the rest.
int
sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
  long r = syscall3(SYS_sched_getaffinity, pid, size, set);
  if (r < 0)
    return sysret(r);
  for (size_t i = r; i < size; i++)
    ((char *)set)[i] = 0;
  return 0;
}

// The system call returns 20 - nice, so that no nice value looks like an error.
int
getpriority(int which, int who)
{
  long r = syscall2(SYS_getpriority, which, who);
  return r < 0 ? sysret(r) : 20 - (int)r;
}

int
setpriority(int which, int who, int prio)
{
  return sysret(syscall3(SYS_setpriority, which, who, prio));
}

int
nice(int inc)
{
  errno = 0;
  int cur = getpriority(PRIO_PROCESS, 0);
  if (cur == -1 && errno)
    return -1;
  if (setpriority(PRIO_PROCESS, 0, cur + inc) < 0) {
    if (errno == EACCES)
      errno = EPERM;
    return -1;
  }
  return getpriority(PRIO_PROCESS, 0);
}

clock_t
times(struct tms *buf)
{
  return sysret(syscall1(SYS_times, buf));
}

int
getrusage(int who, struct rusage *ru)
{
  return sysret(syscall2(SYS_getrusage, who, ru));
}

int
getrlimit(int resource, struct rlimit *rl)
{
  return sysret(syscall2(SYS_getrlimit, resource, rl));
}

int
setrlimit(int resource, const struct rlimit *rl)
{
  return sysret(syscall2(SYS_setrlimit, resource, rl));
}

int
prlimit(pid_t pid, int resource, const struct rlimit *nl, struct rlimit *old)
{
  return sysret(syscall4(SYS_prlimit64, pid, resource, nl, old));
}

int
sched_getcpu(void)
{
  unsigned cpu;

  return sysret(syscall3(SYS_getcpu, &cpu, 0, 0)) < 0 ? -1 : (int)cpu;
}
