// System calls about the machine: uname, sysinfo, reboot, getcpu.
#include <stdint.h>
#include "syscall.h"
#include "arch/arch.h"
#include "arch/sbi.h"
#include "mm/mm.h"
#include "proc/proc.h"
#include "fs/fs.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "errno.h"
#include "clock.h"
#include "uapi/linux/reboot.h"
#include "uapi/linux/sysinfo.h"
#include "uapi/linux/utsname.h"

// The CPU the caller is on now (it may move right after); one NUMA node.
long sys_getcpu(uint64_t ucpu, uint64_t unode, uint64_t ucache)
{
  (void)ucache;
  uint32_t cpu = cpuid(), node = 0;
  if ((ucpu && copy_to_user(ucpu, &cpu, sizeof cpu) < 0) ||
      (unode && copy_to_user(unode, &node, sizeof node) < 0))
    return -EFAULT;
  return 0;
}

long sys_uname(uint64_t ubuf)
{
  struct utsname u;
  memset(&u, 0, sizeof u);
  strlcpy(u.sysname, "rvos", sizeof u.sysname);
  strlcpy(u.nodename, "rvos", sizeof u.nodename);
  strlcpy(u.release, "0.1", sizeof u.release);
  strlcpy(u.version, "teaching kernel", sizeof u.version);
  strlcpy(u.machine, "riscv64", sizeof u.machine);
  return copy_to_user(ubuf, &u, sizeof u);
}

long sys_sysinfo(uint64_t uinfo)
{
  struct sysinfo si;
  memset(&si, 0, sizeof si);
  si.uptime = time_ns() / NSEC_PER_SEC;
  si.totalram = pages_total() * PGSIZE;
  si.freeram = pages_free() * PGSIZE;
  si.procs = __atomic_load_n(&nr_tasks, __ATOMIC_RELAXED);
  si.mem_unit = 1;
  return copy_to_user(uinfo, &si, sizeof si);
}

long sys_reboot(int magic1, int magic2, unsigned cmd, uint64_t arg)
{
  (void)arg;
  if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 || magic2 != LINUX_REBOOT_MAGIC2)
    return -EINVAL;
  if (cmd != LINUX_REBOOT_CMD_POWER_OFF && cmd != LINUX_REBOOT_CMD_HALT)
    return -EINVAL;
  // The disk is consistent at any moment (fs/log.c); commit what the log
  // holds so that nothing written before power-off is lost.
  log_force();
  printf("Power off.\n");
  sbi_shutdown(0);
}
