// eventfd: a 64-bit counter as a descriptor.  write adds to it, read takes
// it all (or 1 with EFD_SEMAPHORE), waiting while it is 0; poll sees it.
#pragma once
#include <stdint.h>
#include <linux/eventfd.h>      // EFD_*

typedef uint64_t eventfd_t;

int eventfd(unsigned int initval, int flags);
int eventfd_read(int fd, eventfd_t *value);   // 0 or -1
int eventfd_write(int fd, eventfd_t value);   // 0 or -1
