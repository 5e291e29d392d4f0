// System-call tracing: shared by the kernel and user programs.  This OS's
// own system call (Linux has ptrace and strace instead):
//   long trace(const void *mask, size_t len)
// sets the calling task's trace mask to the len bytes at mask (the bytes
// after them are zero): bit n (byte n / 8, bit n % 8) traces system call
// number n.  Each traced call the task makes then prints one line on the
// console when it returns,
//   trace <tid>: <name> -> <return value>
// (the raw value: -errno on failure).  The mask survives execve and is
// inherited by the tasks the caller creates (fork, clone).  len 0 turns
// tracing off.  Errors: EINVAL when len > TRACE_NR / 8, EFAULT when the
// mask is not readable.
#pragma once

#define SYS_trace 1001
#define TRACE_NR 1024          // system calls 0..TRACE_NR-1 can be traced
