// Resource limits, priorities and usage: Linux's numbers and layouts.
#pragma once
#include <stdint.h>
#include "time.h"

#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3
#define RLIMIT_CORE       4
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6
#define RLIMIT_NOFILE     7
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIM_NLIMITS      16
#define RLIM_INFINITY     (~0UL)

struct rlimit {                     // prlimit64's struct rlimit64: the same on 64-bit
  uint64_t rlim_cur;                // the soft limit, in force
  uint64_t rlim_max;                // the hard limit: the most rlim_cur may be raised to
};

// getpriority/setpriority's which.
#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

// getrusage's who.
#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

struct rusage {
  struct timeval ru_utime;          // user CPU time
  struct timeval ru_stime;          // system CPU time
  long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
  long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals;
  long ru_nvcsw;                    // voluntary context switches (slept)
  long ru_nivcsw;                   // involuntary ones (preempted)
};
