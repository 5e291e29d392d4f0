// Time as the system calls exchange it: struct timespec (64-bit seconds on
// riscv64), the clock ids of clock_gettime and friends, and the units.
#pragma once
#include <stdint.h>

// Unsigned: a nanosecond count since boot or 1970 fills 64 bits.
#define NSEC_PER_SEC  1000000000UL
#define NSEC_PER_MSEC 1000000UL
#define NSEC_PER_USEC 1000UL
#define USEC_PER_SEC  1000000UL

struct timespec {
  int64_t tv_sec;
  int64_t tv_nsec;                     // 0..NSEC_PER_SEC-1
};

struct timeval {                       // gettimeofday, setitimer
  int64_t tv_sec;
  int64_t tv_usec;                     // 0..USEC_PER_SEC-1
};

#define CLOCK_REALTIME           0     // the wall clock (UTC), settable
#define CLOCK_MONOTONIC          1     // since boot, never set
#define CLOCK_PROCESS_CPUTIME_ID 2     // CPU time of the process (all threads)
#define CLOCK_THREAD_CPUTIME_ID  3     // CPU time of the calling thread
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5     // cheaper, tick resolution
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_REALTIME_ALARM     8     // timerfd: REALTIME that would wake a suspended machine
#define CLOCK_BOOTTIME_ALARM     9
#define TIMER_ABSTIME   1              // clock_nanosleep: req is a time on clk, not a length

// Interval timers (setitimer): when it_value runs out the process gets a
// signal and the timer starts again from it_interval (0: it stops).
#define ITIMER_REAL    0               // wall-clock time: SIGALRM
#define ITIMER_VIRTUAL 1               // user CPU time: SIGVTALRM
#define ITIMER_PROF    2               // user and system CPU time: SIGPROF

struct itimerval {
  struct timeval it_interval;
  struct timeval it_value;
};

// A timer's setting (timerfd_settime, timer_settime).
struct itimerspec {
  struct timespec it_interval;         // period; 0: once
  struct timespec it_value;            // time to the next expiry; 0: disarmed
};
