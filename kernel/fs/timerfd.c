// timerfd: a kernel timer as a file.  timerfd_settime arms it (relative or,
// with TFD_TIMER_ABSTIME, at a time on its clock; periodic with an
// interval); each expiration adds to a count that a read takes (8 bytes)
// and poll sees.
//
// Every clock counts on time_ns() here (clock.c), so a timer is a ktimer
// at a deadline on that base: a CLOCK_REALTIME time is converted when the
// timer is set (setting the wall clock later does not move it).  Nothing
// suspends this machine: BOOTTIME is MONOTONIC, and the _ALARM clocks are
// their plain ones.
#include <stddef.h>
#include "errno.h"
#include "syscall.h"
#include "arch/arch.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "sched/wait.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "fs/anonfd.h"

// Longer times are cut to this (146 years), so that deadline arithmetic on
// 64-bit nanoseconds never wraps.
#define TIMERFD_MAX_NS (1ULL << 62)

struct timerfd {
  struct ktimer timer;         // its deadline and interval: the timers' lock
  int realtime;                // its clock is CLOCK_REALTIME(_ALARM); constant
  struct spinlock lock;        // protects ticks and due (taken in the callback, after the timers' lock)
  uint64_t ticks;              // expirations not read yet
  uint64_t due;                // the deadline the timer was armed for last
  struct wait_queue readers;
};

static struct timerfd *timerfd_of(struct file *f)
{
  return f->priv;
}

// The callback, timers' lock held: a periodic ktimer is already armed
// again for its next period, periods missed meanwhile skipped, and each of
// them counts.  (Two settimes racing may leave due stale: then it counts 1.)
static void expire(struct ktimer *kt)
{
  struct timerfd *tf = container_of(kt, struct timerfd, timer);
  spin_lock(&tf->lock);
  uint64_t n = 1;
  if (kt->interval_ns && kt->deadline_ns > tf->due)
    n = (kt->deadline_ns - tf->due) / kt->interval_ns;
  tf->due = kt->deadline_ns;
  tf->ticks += n;
  wq_wake_all(&tf->readers);
  spin_unlock(&tf->lock);
  poll_wake();
}

static long timerfd_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  struct timerfd *tf = timerfd_of(f);
  int nonblock = (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK) != 0;
  uint64_t v;
  if (n < sizeof v)
    return -EINVAL;
  long r = 0;
  spin_lock(&tf->lock);
  while (tf->ticks == 0 && r == 0)
    r = nonblock ? -EAGAIN : wq_sleep(&tf->readers, &tf->lock, TASK_INTERRUPTIBLE);
  v = tf->ticks;
  if (r == 0)
    tf->ticks = 0;
  spin_unlock(&tf->lock);
  if (r < 0)
    return r;
  // Taken even when the copy fails, as on Linux.
  return copy_to_user(udst, &v, sizeof v) < 0 ? -EFAULT : (long)sizeof v;
}

static int timerfd_poll(struct file *f)
{
  struct timerfd *tf = timerfd_of(f);
  spin_lock(&tf->lock);
  int ev = tf->ticks ? POLLIN : 0;
  spin_unlock(&tf->lock);
  return ev;
}

static void timerfd_release(struct file *f)
{
  ktimer_set(&timerfd_of(f)->timer, 0, 0, 0);   // its callback is not running after this
  kfree(f->priv);
}

static const struct file_ops timerfd_fops = {
  .read = timerfd_read, .poll = timerfd_poll, .release = timerfd_release,
};

long sys_timerfd_create(int clk, int flags)
{
  if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
    return -EINVAL;
  int alarm = clk == CLOCK_REALTIME_ALARM || clk == CLOCK_BOOTTIME_ALARM;
  if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC && clk != CLOCK_BOOTTIME && !alarm)
    return -EINVAL;
  if (alarm && current->cred.euid != 0)
    return -EPERM;             // Linux: they need CAP_WAKE_ALARM
  struct timerfd *tf = kmalloc(sizeof *tf);
  if (!tf)
    return -ENOMEM;
  tf->timer = (struct ktimer){ .fn = expire };
  tf->due = 0;
  tf->realtime = clk == CLOCK_REALTIME || clk == CLOCK_REALTIME_ALARM;
  spin_init(&tf->lock, "timerfd");
  tf->ticks = 0;
  wq_init(&tf->readers, "timerfd");
  struct file *f = anon_file(&timerfd_fops, tf, flags);
  if (!f) {
    kfree(tf);
    return -ENFILE;
  }
  return anon_install(f, flags);
}

static struct timespec timespec_of(uint64_t ns)
{
  return (struct timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

// What timerfd_gettime reports for a timer set to kt: the time left and the interval.
static struct itimerspec setting(const struct ktimer *kt)
{
  uint64_t now = time_ns();
  uint64_t left = kt->deadline_ns > now ? kt->deadline_ns - now : 0;
  return (struct itimerspec){ .it_interval = timespec_of(kt->interval_ns), .it_value = timespec_of(left) };
}

// The timerfd behind fd, referenced, in *fp: 0, -EBADF or -EINVAL.
static long timerfd_get(int fd, struct file **fp)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  if (f->op != &timerfd_fops) {
    fileclose(f);
    return -EINVAL;
  }
  *fp = f;
  return 0;
}

// The deadline on time_ns()'s clock for it_value ns (0: disarm).
static uint64_t deadline_of(struct timerfd *tf, uint64_t ns, int flags)
{
  if (ns == 0)
    return 0;
  if (!(flags & TFD_TIMER_ABSTIME))
    return deadline_after(ns);
  return tf->realtime ? realtime_to_boot_ns(ns) : ns;
}

long sys_timerfd_settime(int fd, int flags, uint64_t unew, uint64_t uold)
{
  uint64_t value, interval;
  long r = get_timespec(unew + offsetof(struct itimerspec, it_interval), &interval);
  if (r == 0)
    r = get_timespec(unew + offsetof(struct itimerspec, it_value), &value);
  if (r == 0 && (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)))
    r = -EINVAL;
  struct file *f = 0;
  if (r == 0)
    r = timerfd_get(fd, &f);
  if (r < 0)
    return r;
  struct timerfd *tf = timerfd_of(f);
  struct ktimer old;
  ktimer_set(&tf->timer, 0, 0, &old);  // disarmed: its callback is not running
  value = value < TIMERFD_MAX_NS ? value : TIMERFD_MAX_NS;
  interval = interval < TIMERFD_MAX_NS ? interval : TIMERFD_MAX_NS;
  uint64_t deadline = deadline_of(tf, value, flags);
  spin_lock(&tf->lock);
  tf->ticks = 0;
  tf->due = deadline;
  spin_unlock(&tf->lock);
  ktimer_set(&tf->timer, deadline, interval, 0);
  fileclose(f);
  struct itimerspec was = setting(&old);
  if (uold && copy_to_user(uold, &was, sizeof was) < 0)
    return -EFAULT;
  return 0;
}

long sys_timerfd_gettime(int fd, uint64_t ucur)
{
  struct file *f = 0;
  long r = timerfd_get(fd, &f);
  if (r < 0)
    return r;
  struct ktimer kt;
  ktimer_get(&timerfd_of(f)->timer, &kt);
  fileclose(f);
  struct itimerspec cur = setting(&kt);
  return copy_to_user(ucur, &cur, sizeof cur) < 0 ? -EFAULT : 0;
}
