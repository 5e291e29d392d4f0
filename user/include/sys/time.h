#pragma once
#include <sys/types.h>
#include <time.h>

struct timeval {
  time_t tv_sec;
  suseconds_t tv_usec;
};

struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

int gettimeofday(struct timeval *tv, void *tz);
int utimes(const char *path, const struct timeval tv[2]);   // NULL: both now
int settimeofday(const struct timeval *tv, const struct timezone *tz);

// Interval timers: when `it_value` runs out the process gets a signal and
// the timer starts again from `it_interval` (0: it stops).
#define ITIMER_REAL    0               // wall-clock time: SIGALRM
#define ITIMER_VIRTUAL 1               // user CPU time: SIGVTALRM
#define ITIMER_PROF    2               // user and system CPU time: SIGPROF

struct itimerval {
  struct timeval it_interval;
  struct timeval it_value;
};

int setitimer(int which, const struct itimerval *nv, struct itimerval *old);
int getitimer(int which, struct itimerval *cur);
