// System calls about the machine: time, uname, sysinfo, reboot.
#include <stdint.h>
#include "syscall.h"
#include "arch/arch.h"
#include "arch/sbi.h"
#include "mm/mm.h"
#include "proc/proc.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "errno.h"

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME  7

struct timespec64 {
  int64_t tv_sec, tv_nsec;
};

// No battery-backed clock is read yet: every clock counts from boot.
static int valid_clock(int clk)
{
  return clk == CLOCK_REALTIME || clk == CLOCK_MONOTONIC || clk == CLOCK_BOOTTIME || clk == 4 /* MONOTONIC_RAW */;
}

long sys_clock_gettime(int clk, uint64_t utp)
{
  if (!valid_clock(clk))
    return -EINVAL;
  uint64_t ns = time_ns();
  struct timespec64 ts = { ns / 1000000000, ns % 1000000000 };
  return copy_to_user(utp, &ts, sizeof ts);
}

long sys_gettimeofday(uint64_t utv, uint64_t utz)
{
  (void)utz;
  uint64_t ns = time_ns();
  int64_t tv[2] = { ns / 1000000000, ns % 1000000000 / 1000 };
  return utv ? copy_to_user(utv, tv, sizeof tv) : 0;
}

// nanosleep until deadline; when a signal interrupts it, the time left goes
// to urem and is kept for restart_syscall (proc/signal.c).
static long sleep_to(uint64_t deadline, uint64_t urem)
{
  current->restart_deadline = 0;
  if (sleep_until(deadline) == 0)
    return 0;
  current->restart_deadline = deadline;
  current->restart_urem = urem;
  if (urem) {
    uint64_t now = time_ns(), left = deadline > now ? deadline - now : 0;
    struct timespec64 rem = { left / 1000000000, left % 1000000000 };
    if (copy_to_user(urem, &rem, sizeof rem) < 0)
      return -EFAULT;
  }
  return -EINTR;
}

long sys_nanosleep(uint64_t ureq, uint64_t urem)
{
  struct timespec64 req;
  if (copy_from_user(&req, ureq, sizeof req) < 0)
    return -EFAULT;
  if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
    return -EINVAL;
  return sleep_to(time_ns() + req.tv_sec * 1000000000UL + req.tv_nsec, urem);
}

#define TIMER_ABSTIME 1

// An absolute sleep reports no time left: it is simply called again.
long sys_clock_nanosleep(int clk, int flags, uint64_t ureq, uint64_t urem)
{
  struct timespec64 req;
  if (!valid_clock(clk) || clk == 4)
    return -EINVAL;
  if (copy_from_user(&req, ureq, sizeof req) < 0)
    return -EFAULT;
  if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= 1000000000)
    return -EINVAL;
  uint64_t ns = req.tv_sec * 1000000000UL + req.tv_nsec;
  if (flags & TIMER_ABSTIME)
    return sleep_to(ns, 0);
  return sleep_to(time_ns() + ns, urem);
}

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

// Only right after an interrupted sleep (Linux: EINTR otherwise).
long sys_restart_syscall(void)
{
  uint64_t deadline = current->restart_deadline;
  return deadline ? sleep_to(deadline, current->restart_urem) : -EINTR;
}

struct utsname {
  char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

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

struct sysinfo {
  int64_t uptime;
  uint64_t loads[3];
  uint64_t totalram, freeram, sharedram, bufferram, totalswap, freeswap;
  uint16_t procs, pad;
  uint64_t totalhigh, freehigh;
  uint32_t mem_unit;
};
_Static_assert(sizeof(struct sysinfo) == 112, "Linux's struct sysinfo on 64-bit");

long sys_sysinfo(uint64_t uinfo)
{
  struct sysinfo si;
  memset(&si, 0, sizeof si);
  si.uptime = time_ns() / 1000000000;
  si.totalram = pages_total() * PGSIZE;
  si.freeram = pages_free() * PGSIZE;
  si.procs = __atomic_load_n(&nr_tasks, __ATOMIC_RELAXED);
  si.mem_unit = 1;
  return copy_to_user(uinfo, &si, sizeof si);
}

#define REBOOT_MAGIC1 0xfee1dead
#define REBOOT_MAGIC2 672274793
#define REBOOT_CMD_POWER_OFF 0x4321fedc
#define REBOOT_CMD_HALT      0xcdef0123

long sys_reboot(int magic1, int magic2, unsigned cmd, uint64_t arg)
{
  (void)arg;
  if ((unsigned)magic1 != REBOOT_MAGIC1 || magic2 != REBOOT_MAGIC2)
    return -EINVAL;
  if (cmd != REBOOT_CMD_POWER_OFF && cmd != REBOOT_CMD_HALT)
    return -EINVAL;
  // Every file-system operation commits its log transaction before it
  // returns, so the disk is consistent at any moment: just stop.
  printf("Power off.\n");
  sbi_shutdown(0);
}
