// Clocks, sleeping and interval timers.
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "syscall.h"

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
  return sysret(syscall2(SYS_nanosleep, req, rem));
}

int
clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
  return -syscall4(SYS_clock_nanosleep, clk, flags, req, rem);
}

int
clock_gettime(clockid_t clk, struct timespec *ts)
{
  return sysret(syscall2(SYS_clock_gettime, clk, ts));
}

int
clock_getres(clockid_t clk, struct timespec *res)
{
  return sysret(syscall2(SYS_clock_getres, clk, res));
}

int
clock_settime(clockid_t clk, const struct timespec *ts)
{
  return sysret(syscall2(SYS_clock_settime, clk, ts));
}

int
gettimeofday(struct timeval *tv, void *tz)
{
  return sysret(syscall2(SYS_gettimeofday, tv, tz));
}

int
settimeofday(const struct timeval *tv, const struct timezone *tz)
{
  return sysret(syscall2(SYS_settimeofday, tv, tz));
}

clock_t
clock(void)
{
  struct timespec ts;

  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
    return -1;
  return ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (long)(NSEC_PER_SEC / CLOCKS_PER_SEC);
}

double
difftime(time_t end, time_t start)
{
  return (double)(end - start);
}

time_t
time(time_t *t)
{
  struct timespec ts;

  if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
    return -1;
  if (t)
    *t = ts.tv_sec;
  return ts.tv_sec;
}

// Returns the seconds left when a signal cut the sleep short.
unsigned int
sleep(unsigned int seconds)
{
  struct timespec req = { seconds, 0 }, rem;

  if (nanosleep(&req, &rem) < 0 && errno == EINTR)
    return rem.tv_sec + (rem.tv_nsec > 0);
  return 0;
}

int
usleep(useconds_t usec)
{
  struct timespec req = { usec / USEC_PER_SEC, (usec % USEC_PER_SEC) * NSEC_PER_USEC };

  return nanosleep(&req, 0);
}

int
setitimer(int which, const struct itimerval *nv, struct itimerval *old)
{
  return sysret(syscall3(SYS_setitimer, which, nv, old));
}

int
getitimer(int which, struct itimerval *cur)
{
  return sysret(syscall2(SYS_getitimer, which, cur));
}

// riscv64 Linux has no alarm system call: it is ITIMER_REAL, and what was
// left is rounded to whole seconds (a timer about to fire still counts as 1).
unsigned int
alarm(unsigned int seconds)
{
  struct itimerval nv = { { 0, 0 }, { seconds, 0 } }, old;

  if (setitimer(ITIMER_REAL, &nv, &old) < 0)
    return 0;
  return old.it_value.tv_sec + (old.it_value.tv_usec >= 500000 ||
                                (old.it_value.tv_sec == 0 && old.it_value.tv_usec > 0));
}
