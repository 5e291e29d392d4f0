// Whole-system calls: identity, statistics, power, and the task list.
#include <sys/reboot.h>
#include <sys/sysinfo.h>
#include <sys/taskinfo.h>
#include <sys/utsname.h>
#include "syscall.h"

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

// Linux demands the two magic numbers so that a stray call cannot halt it.
#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793

int
reboot(int cmd)
{
  return sysret(syscall4(SYS_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, cmd, 0));
}

int
taskinfo(int tid, struct taskinfo *out)
{
  return sysret(syscall2(SYS_taskinfo, tid, out));
}
