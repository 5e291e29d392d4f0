// Task listing for ps/top: shared by the kernel and user programs.
// This OS's own system call (Linux has /proc instead):
//   long taskinfo(int tid, struct taskinfo *out)
// fills *out for the task with the smallest tid >= tid and returns its tid,
// or -ESRCH when there is none.  Iterate with tid = last + 1.
#pragma once
#include <stdint.h>

#define SYS_taskinfo 1000

struct taskinfo {
  int32_t tid;
  int32_t tgid;
  int32_t ppid;          // parent's tgid (0 for init)
  int32_t cpu;           // logical CPU it last ran on
  int32_t nthreads;      // live threads in its thread group
  int32_t nice;
  char state;            // 'R' 'S' 'D' 'T' 'Z'
  char name[16];
  uint64_t mem_bytes;    // resident user memory of its address space
  uint64_t utime_ms, stime_ms;
};
