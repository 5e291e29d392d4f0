// Whole-system calls: identity, configuration, statistics, power, and the
// task list.
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/reboot.h>
#include <sys/sysinfo.h>
#include <sys/taskinfo.h>
#include <sys/times.h>
#include <sys/trace.h>
#include <sys/utsname.h>
#include <unistd.h>
#include "syscall.h"
#include <linux/reboot.h>

#define PAGE_SIZE 4096
#define OPEN_MAX 128                   // the kernel's NOFILE: descriptors per process

int
uname(struct utsname *u)
{
  return sysret(syscall1(SYS_uname, u));
}

int
sysinfo(struct sysinfo *info)
{
  return sysret(syscall1(SYS_sysinfo, info));
}

// The CPUs the caller may run on.  The kernel's affinity masks hold only
// online CPUs, and a task has all of them unless its affinity was
// narrowed, so this is the machine's count and, when narrowed, the share a
// program sizing its thread pool can use (musl counts the same way).
static long
cpus_usable(void)
{
  cpu_set_t set;

  if (sched_getaffinity(0, sizeof(set), &set) < 0)
    return -1;
  return CPU_COUNT(&set);
}

long
sysconf(int name)
{
  switch (name) {
  case _SC_CLK_TCK: return CLK_TCK;
  case _SC_OPEN_MAX: return OPEN_MAX;
  case _SC_PAGESIZE: return PAGE_SIZE;
  case _SC_THREAD_STACK_MIN: return PTHREAD_STACK_MIN;
  case _SC_NPROCESSORS_CONF:
  case _SC_NPROCESSORS_ONLN: return cpus_usable();
  default:
    errno = EINVAL;
    return -1;
  }
}

int
getpagesize(void)
{
  return PAGE_SIZE;
}

int
reboot(int cmd)
{
  return sysret(syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, 0));
}

int
taskinfo(int tid, struct taskinfo *out)
{
  return sysret(syscall2(SYS_taskinfo, tid, out));
}

int
trace(const void *mask, size_t len)
{
  // LAB syscall BEGIN
  return sysret(syscall2(SYS_trace, mask, len));
  // LAB syscall STUB
  // (void)mask;
  // (void)len;
  // errno = ENOSYS;
  // return -1;
  // LAB syscall END
}
