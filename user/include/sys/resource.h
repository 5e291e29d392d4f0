// Priorities (nice values) and resource usage (Linux's values and layout).
#pragma once
#include <sys/time.h>
#include <sys/types.h>
#include <linux/resource.h>   // RLIMIT_*, PRIO_*, RUSAGE_*, the structures

// Nice values run from -20 (most CPU) to 19 (least).  On this OS nobody may
// lower a nice value (raise a priority): that fails with EACCES.
int getpriority(int which, int who);   // -1 with errno set on error (clear errno first)
int setpriority(int which, int who, int prio);

int getrusage(int who, struct rusage *ru);

// Resource limits: the soft limit is in force; a process may lower its hard
// limit, and (everyone being root here) raise it again.
#define RLIMIT_NLIMITS RLIM_NLIMITS
typedef unsigned long rlim_t;

int getrlimit(int resource, struct rlimit *rl);
int setrlimit(int resource, const struct rlimit *rl);
int prlimit(pid_t pid, int resource, const struct rlimit *nl, struct rlimit *old);
