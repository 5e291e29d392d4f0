// futex(2): sleep until a 32-bit word changes, and wake its sleepers.
#pragma once
#include <time.h>

#include <linux/futex.h>

// The raw call; errors as -1 and errno.  A WAIT timeout is relative.
long futex(int *uaddr, int op, int val, const struct timespec *timeout);
// Sleeps while *uaddr == val (EAGAIN when it is not, ETIMEDOUT, EINTR).
int futex_wait(int *uaddr, int val, const struct timespec *timeout);
// Wakes up to n sleepers; returns how many it woke.
int futex_wake(int *uaddr, int n);
