// trace(): this OS's system-call tracing (see os/trace.h).  Bit n of mask
// (byte n / 8, bit n % 8) traces system call n; len is mask's size in
// bytes, 0 to stop tracing.  0, or -1 with errno (EINVAL, EFAULT).
#pragma once
#include <stddef.h>
#include <os/trace.h>

int trace(const void *mask, size_t len);
