// Real-time clock devices: the wall-clock time at boot.
#pragma once
#include <stdint.h>

struct machine;

// Nanoseconds since 1970 from the machine's RTC; 0 when it has none we know.
uint64_t rtc_read_ns(struct machine *m);
