// futex(2): sleep until a 32-bit word changes, and wake its sleepers.
#pragma once
#include <time.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128        // the word is not shared with another process
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)

// The raw call; errors as -1 and errno.  A WAIT timeout is relative.
long futex(int *uaddr, int op, int val, const struct timespec *timeout);
// Sleeps while *uaddr == val (EAGAIN when it is not, ETIMEDOUT, EINTR).
int futex_wait(int *uaddr, int val, const struct timespec *timeout);
// Wakes up to n sleepers; returns how many it woke.
int futex_wake(int *uaddr, int n);
