#pragma once
#include <sys/types.h>
#include <time.h>

struct timezone {
  int tz_minuteswest;
  int tz_dsttime;
};

int gettimeofday(struct timeval *tv, void *tz);
int utimes(const char *path, const struct timeval tv[2]);   // NULL: both now
int settimeofday(const struct timeval *tv, const struct timezone *tz);

// Interval timers: ITIMER_*, struct itimerval (<linux/time.h>).
int setitimer(int which, const struct itimerval *nv, struct itimerval *old);
int getitimer(int which, struct itimerval *cur);
