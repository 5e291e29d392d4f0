// Clocks: time since boot (arch/timer.c), the wall clock (CLOCK_REALTIME),
// and the clock ids of the clock_* system calls.
#pragma once
#include <stdint.h>

#include "uapi/linux/time.h"    // struct timespec, CLOCK_*, NSEC_PER_SEC

struct machine;

// Sets the wall clock at boot: from the RTC the device tree describes, else
// from the time this kernel was built.
void clock_init(struct machine *m);
uint64_t realtime_ns(void);                       // nanoseconds since 1970 (UTC)
uint64_t realtime_to_boot_ns(uint64_t real_ns);   // a wall-clock deadline on time_ns()'s clock
// A timespec from user memory as ns: -EFAULT, or -EINVAL when out of range.
long get_timespec(uint64_t uts, uint64_t *ns);
uint64_t deadline_after(uint64_t ns);             // ns from now on time_ns()'s clock (saturating)
