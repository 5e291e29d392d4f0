// times(): CPU time of the process and of its waited-for children, in
// clock ticks (sysconf(_SC_CLK_TCK) = 100 per second).
#pragma once
#include <sys/types.h>

#include <time.h>
#define CLK_TCK 100

struct tms {
  clock_t tms_utime;           // user time of this process (all its threads)
  clock_t tms_stime;           // system time
  clock_t tms_cutime;          // user time of children reaped by wait
  clock_t tms_cstime;
};

// Returns ticks since an arbitrary moment (boot), or (clock_t)-1.
clock_t times(struct tms *buf);
