// Resource limits (getrlimit, setrlimit, prlimit64): per process, inherited
// by fork, kept by execve.  Enforced where the kernel has the resource.
#pragma once
#include <stdint.h>

// Linux's resource numbers.
#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3     // enforced: the stack region execve sets up (at most USER_STACK_MAX)
#define RLIMIT_CORE       4     // no core dumps are written: any value is kept
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6     // enforced: fork fails with EAGAIN at this many tasks (everyone is root)
#define RLIMIT_NOFILE     7     // enforced: descriptors 0..limit-1 (at most the table's NOFILE)
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11    // enforced: real-time signals queued for a process
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIM_NLIMITS      16
#define RLIM_INFINITY     (~0ULL)

struct rlimit64 {
  uint64_t cur, max;            // the soft limit in force, and the most it may be raised to
};

struct signal;
void rlimit_init(struct signal *s);                            // init's limits
uint64_t rlimit(int resource);                                 // the caller's soft limit
