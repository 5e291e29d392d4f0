// timerfd: a timer on a clock (CLOCK_REALTIME, CLOCK_MONOTONIC,
// CLOCK_BOOTTIME) as a descriptor; a read returns the number of expirations
// since the last read (a uint64_t), waiting for the first; poll sees them.
#pragma once
#include <time.h>
#include <linux/timerfd.h>      // TFD_*

int timerfd_create(int clockid, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *nv, struct itimerspec *old);
int timerfd_gettime(int fd, struct itimerspec *cur);
