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

// Resource limits: the soft limit is in force; a process may lower its hard
// limit, and (everyone being root here) raise it again.
#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3    // the stack's size, from the next execve (up to 8 MiB)
#define RLIMIT_CORE       4
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6    // tasks: fork fails with EAGAIN at this many
#define RLIMIT_NOFILE     7    // descriptors 0..limit-1 (at most 128)
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIMIT_NLIMITS    16
#define RLIM_INFINITY     (~0UL)

typedef unsigned long rlim_t;

struct rlimit {
  rlim_t rlim_cur;             // soft limit
  rlim_t rlim_max;             // hard limit
};

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);
int prlimit(pid_t pid, int resource, const struct rlimit *nl, struct rlimit *old);
