// Clocks and sleeping: the wall clock, the clock ids of clock_gettime and
// friends, nanosleep and its restart.
//
// Every clock counts on one time base, time_ns() (rdtime since boot).  The
// wall clock is that plus realtime_offset, set at boot from the RTC (or the
// build time when the machine has no RTC we know) and by clock_settime or
// settimeofday.  CPU-time clocks add up the scheduler's per-task accounting.
#include <stdint.h>
#include "clock.h"
#include "syscall.h"
#include "arch/arch.h"
#include "drivers/fdt.h"
#include "drivers/rtc.h"
#include "mm/mm.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "sched/sched.h"
#include "lib/printf.h"
#include "errno.h"

// Wall clock minus time since boot, in ns.  One aligned 64-bit word: loads
// and stores are atomic, and a reader needs nothing more.
static int64_t realtime_offset;

// Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian): count
// years from March so that the leap day is the last day of the year.
static int64_t days_from_civil(int64_t y, int m, int d)
{
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The time this file was compiled, from __DATE__ ("Dec  7 2026") and
// __TIME__ ("02:11:58"), taken as UTC.
static uint64_t build_time_ns(void)
{
  static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const char *date = __DATE__, *time = __TIME__;
  int month = 1;
  while (month <= 12 && (months[3 * month - 3] != date[0] || months[3 * month - 2] != date[1] ||
                         months[3 * month - 1] != date[2]))
    month++;
  int day = (date[4] == ' ' ? 0 : date[4] - '0') * 10 + date[5] - '0';
  int year = (date[7] - '0') * 1000 + (date[8] - '0') * 100 + (date[9] - '0') * 10 + date[10] - '0';
  int secs = ((time[0] - '0') * 10 + time[1] - '0') * 3600 + ((time[3] - '0') * 10 + time[4] - '0') * 60 +
             (time[6] - '0') * 10 + time[7] - '0';
  return (days_from_civil(year, month, day) * 86400 + secs) * NSEC_PER_SEC;
}

void clock_init(struct machine *m)
{
  uint64_t now = rtc_read_ns(m);
  const char *from = "the real-time clock";
  if (!now) {
    now = build_time_ns();
    from = "the kernel's build time (no RTC; set it with clock_settime or date -s)";
  }
  realtime_offset = (int64_t)(now - time_ns());
  printf("clock: wall clock %lu s since 1970 from %s\n", (unsigned long)(now / NSEC_PER_SEC), from);
}

uint64_t realtime_ns(void)
{
  return time_ns() + __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
}

uint64_t realtime_to_boot_ns(uint64_t real_ns)
{
  int64_t boot = (int64_t)real_ns - __atomic_load_n(&realtime_offset, __ATOMIC_RELAXED);
  return boot > 0 ? (uint64_t)boot : 1;          // 0 means "no deadline" to the sleepers
}

static uint64_t cpu_time_ns(int clk)
{
  struct task_times tt;
  if (clk == CLOCK_THREAD_CPUTIME_ID) {
    task_times(current, &tt);
  } else {
    spin_lock(&tasklist_lock);
    group_times(current, &tt);
    spin_unlock(&tasklist_lock);
  }
  return tt.utime + tt.stime;
}

// The value of clock clk in ns; -EINVAL for a clock id this kernel lacks.
static long clock_read(int clk, uint64_t *ns)
{
  switch (clk) {
  case CLOCK_REALTIME:
  case CLOCK_REALTIME_COARSE:
    *ns = realtime_ns();
    return 0;
  case CLOCK_MONOTONIC:
  case CLOCK_MONOTONIC_RAW:
  case CLOCK_MONOTONIC_COARSE:
  case CLOCK_BOOTTIME:                 // nothing suspends this machine: the same as MONOTONIC
    *ns = time_ns();
    return 0;
  case CLOCK_PROCESS_CPUTIME_ID:
  case CLOCK_THREAD_CPUTIME_ID:
    *ns = cpu_time_ns(clk);
    return 0;
  default:
    return -EINVAL;
  }
}

static long put_timespec(uint64_t uts, uint64_t ns)
{
  struct timespec ts = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
  return copy_to_user(uts, &ts, sizeof ts) < 0 ? -EFAULT : 0;
}

long get_timespec(uint64_t uts, uint64_t *ns)
{
  struct timespec ts;
  if (copy_from_user(&ts, uts, sizeof ts) < 0)
    return -EFAULT;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
    return -EINVAL;
  // Past what 64 bits of nanoseconds hold (584 years): for ever.
  *ns = (uint64_t)ts.tv_sec >= UINT64_MAX / NSEC_PER_SEC ? UINT64_MAX : ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
  return 0;
}

uint64_t deadline_after(uint64_t ns)
{
  uint64_t now = time_ns();
  return ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
}

long sys_clock_gettime(int clk, uint64_t utp)
{
  uint64_t ns;
  long err = clock_read(clk, &ns);
  return err < 0 ? err : put_timespec(utp, ns);
}

// The coarse clocks move once a tick; the others as fast as rdtime.
long sys_clock_getres(int clk, uint64_t ures)
{
  uint64_t ns;
  long err = clock_read(clk, &ns);
  if (err < 0 || !ures)
    return err;
  uint64_t res = (NSEC_PER_SEC + timebase_hz() - 1) / timebase_hz();
  if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
    res = NSEC_PER_SEC / HZ;
  return put_timespec(ures, res);
}

// Everyone runs as root, so anyone may set the wall clock; only it can be set.
static void realtime_set(uint64_t ns)
{
  __atomic_store_n(&realtime_offset, (int64_t)(ns - time_ns()), __ATOMIC_RELAXED);
}

long sys_clock_settime(int clk, uint64_t utp)
{
  uint64_t ns;
  if (clk != CLOCK_REALTIME)
    return -EINVAL;
  long err = get_timespec(utp, &ns);
  if (err < 0)
    return err;
  realtime_set(ns);
  return 0;
}

long sys_gettimeofday(uint64_t utv, uint64_t utz)
{
  uint64_t ns = realtime_ns();
  struct timeval tv = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / NSEC_PER_USEC };
  struct { int minuteswest, dsttime; } tz = { 0, 0 };     // UTC
  if ((utv && copy_to_user(utv, &tv, sizeof tv) < 0) || (utz && copy_to_user(utz, &tz, sizeof tz) < 0))
    return -EFAULT;
  return 0;
}

long sys_settimeofday(uint64_t utv, uint64_t utz)
{
  (void)utz;                           // the kernel keeps UTC only, as Linux does by default
  struct timeval tv;
  if (!utv)
    return 0;
  if (copy_from_user(&tv, utv, sizeof tv) < 0)
    return -EFAULT;
  if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= (int64_t)USEC_PER_SEC)
    return -EINVAL;
  realtime_set(tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * NSEC_PER_USEC);
  return 0;
}

// nanosleep until deadline (on time_ns()'s clock); when a signal interrupts
// it, the time left goes to urem and is kept for restart_syscall.
static long sleep_to(uint64_t deadline, uint64_t urem)
{
  current->restart_deadline = 0;
  if (sleep_until(deadline) == 0)
    return 0;
  current->restart_deadline = deadline;
  current->restart_urem = urem;
  if (urem) {
    uint64_t now = time_ns(), left = deadline > now ? deadline - now : 0;
    if (put_timespec(urem, left) < 0)
      return -EFAULT;
  }
  return -EINTR;
}

long sys_nanosleep(uint64_t ureq, uint64_t urem)
{
  uint64_t ns;
  long err = get_timespec(ureq, &ns);
  return err < 0 ? err : sleep_to(time_ns() + ns, urem);
}

// The clocks one can sleep on: 0; -EOPNOTSUPP (ENOTSUP) for a clock that
// exists but cannot be slept on here (Linux sleeps on process CPU time too).
static long sleep_clock(int clk)
{
  switch (clk) {
  case CLOCK_REALTIME:
  case CLOCK_MONOTONIC:
  case CLOCK_BOOTTIME:
    return 0;
  case CLOCK_PROCESS_CPUTIME_ID:
  case CLOCK_MONOTONIC_RAW:
  case CLOCK_REALTIME_COARSE:
  case CLOCK_MONOTONIC_COARSE:
    return -EOPNOTSUPP;
  default:
    return -EINVAL;                    // also CLOCK_THREAD_CPUTIME_ID, as on Linux
  }
}

// An absolute sleep reports no time left: it is simply called again.
long sys_clock_nanosleep(int clk, int flags, uint64_t ureq, uint64_t urem)
{
  uint64_t ns;
  long err = sleep_clock(clk);
  if (err < 0)
    return err;
  err = get_timespec(ureq, &ns);
  if (err < 0)
    return err;
  if (!(flags & TIMER_ABSTIME))
    return sleep_to(time_ns() + ns, urem);
  return sleep_to(clk == CLOCK_REALTIME ? realtime_to_boot_ns(ns) : ns, 0);
}

// Only right after an interrupted sleep (Linux: EINTR otherwise).
long sys_restart_syscall(void)
{
  uint64_t deadline = current->restart_deadline;
  return deadline ? sleep_to(deadline, current->restart_urem) : -EINTR;
}
