#pragma once
#include <sys/types.h>

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};

#define CLOCK_REALTIME  0
#define CLOCK_MONOTONIC 1
#define CLOCK_BOOTTIME  7
#define TIMER_ABSTIME   1              // clock_nanosleep: req is a time on clk, not a length

int nanosleep(const struct timespec *req, struct timespec *rem);
// Returns 0 or the error number itself (not -1 and errno), as POSIX says.
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t clk, struct timespec *ts);
time_t time(time_t *t);
