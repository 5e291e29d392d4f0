// timerfd: a timer on a clock (CLOCK_REALTIME, CLOCK_MONOTONIC,
// CLOCK_BOOTTIME) as a descriptor; a read returns the number of expirations
// since the last read (a uint64_t), waiting for the first; poll sees them.
#pragma once
#include <fcntl.h>
#include <time.h>

#define TFD_CLOEXEC  O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
#define TFD_TIMER_ABSTIME       1      // it_value is a time on the clock, not a length
#define TFD_TIMER_CANCEL_ON_SET 2

int timerfd_create(int clockid, int flags);
int timerfd_settime(int fd, int flags, const struct itimerspec *nv, struct itimerspec *old);
int timerfd_gettime(int fd, struct itimerspec *cur);
