// sched_yield(), clone() and its flags (Linux's values).
#pragma once
#include <sys/types.h>

#include <linux/sched.h>      // CLONE_*, CSIGNAL

int sched_yield(void);

// Runs fn(arg) in a new task on the given stack (its top; required) and
// ends that task with fn's return value.  parent_tid, tls and child_tid
// are read when flags ask for them (CLONE_PARENT_SETTID, CLONE_SETTLS,
// CLONE_CHILD_SETTID/CLONE_CHILD_CLEARTID).  Returns the new tid.
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...
          /* pid_t *parent_tid, void *tls, pid_t *child_tid */);
// At exit the kernel writes 0 to *tidptr and wakes its futex; returns the tid.
pid_t set_tid_address(int *tidptr);

// CPU affinity (Linux's cpu_set_t: a bit per CPU; this kernel has at most 64).
#define CPU_SETSIZE 1024
typedef struct {
  unsigned long bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;
#define __CPU_WORD(cpu) ((cpu) / (8 * sizeof(unsigned long)))
#define __CPU_MASK(cpu) (1UL << ((cpu) % (8 * sizeof(unsigned long))))
#define CPU_ZERO(set) __builtin_memset((set), 0, sizeof(cpu_set_t))
#define CPU_SET(cpu, set) ((void)((cpu) < CPU_SETSIZE && ((set)->bits[__CPU_WORD(cpu)] |= __CPU_MASK(cpu))))
#define CPU_CLR(cpu, set) ((void)((cpu) < CPU_SETSIZE && ((set)->bits[__CPU_WORD(cpu)] &= ~__CPU_MASK(cpu))))
#define CPU_ISSET(cpu, set) ((cpu) < CPU_SETSIZE && ((set)->bits[__CPU_WORD(cpu)] & __CPU_MASK(cpu)) != 0)
#define CPU_COUNT(set) __cpu_count(sizeof(cpu_set_t), (set))
int __cpu_count(size_t size, const cpu_set_t *set);
// pid 0 is the calling thread.  The set may name CPUs that do not exist;
// at least one that does is needed (else EINVAL).
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int sched_getcpu(void);                // the CPU the caller runs on now (it may move at once)
