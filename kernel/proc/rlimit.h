// Resource limits (getrlimit, setrlimit, prlimit64): per process, inherited
// by fork, kept by execve.  Enforced where the kernel has the resource.
#pragma once
#include <stdint.h>

// Linux's resource numbers and struct rlimit.  Enforced: RLIMIT_STACK (the
// stack region execve sets up, at most USER_STACK_MAX), RLIMIT_NPROC (fork
// fails with EAGAIN at this many tasks; everyone is root), RLIMIT_NOFILE
// (descriptors 0..limit-1, at most the table's NOFILE), RLIMIT_SIGPENDING
// (real-time signals queued for a process).  RLIMIT_CORE: no core dumps are
// written, any value is kept.
#include "uapi/linux/resource.h"

struct signal;
void rlimit_init(struct signal *s);                            // init's limits
uint64_t rlimit(int resource);                                 // the caller's soft limit
