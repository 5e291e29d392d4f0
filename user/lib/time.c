// Clocks and sleeping.
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
clock_gettime(clockid_t clk, struct timespec *ts)
{
  return sysret(syscall2(SYS_clock_gettime, clk, ts));
}

int
gettimeofday(struct timeval *tv, void *tz)
{
  return sysret(syscall2(SYS_gettimeofday, tv, tz));
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
  struct timespec req = { usec / 1000000, (usec % 1000000) * 1000L };

  return nanosleep(&req, 0);
}
