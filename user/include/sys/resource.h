// Priorities (nice values) and resource usage (Linux's values and layout).
#pragma once
#include <sys/time.h>
#include <sys/types.h>

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

// Nice values run from -20 (most CPU) to 19 (least).  On this OS nobody may
// lower a nice value (raise a priority): that fails with EACCES.
int getpriority(int which, int who);   // -1 with errno set on error (clear errno first)
int setpriority(int which, int who, int prio);

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

struct rusage {
  struct timeval ru_utime;     // user CPU time
  struct timeval ru_stime;     // system CPU time
  long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
  long ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals;
  long ru_nvcsw;               // voluntary context switches (slept)
  long ru_nivcsw;              // involuntary ones (preempted)
};

int getrusage(int who, struct rusage *ru);
