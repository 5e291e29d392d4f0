// times(): CPU time of the process and of its waited-for children, in
// clock ticks (sysconf(_SC_CLK_TCK) = 100 per second).
#pragma once
#include <sys/types.h>

#include <time.h>
#define CLK_TCK USER_HZ

#include <linux/times.h>        // struct tms, USER_HZ

// Returns ticks since an arbitrary moment (boot), or (clock_t)-1.
clock_t times(struct tms *buf);
