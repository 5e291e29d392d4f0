// struct task: one schedulable thread of execution.  Processes and threads
// are the same thing; what a task shares with others is in the reference-
// counted structures it points to (mm, files, fs_info, sighand, signal), and
// clone() flags decide which of them a new task shares.
#pragma once
#include <stdint.h>
#include "lib/spinlock.h"
#include "lib/refcount.h"
#include "lib/lockdep.h"
#include "lib/list.h"
#include "sched/wait.h"
#include "sched/sched.h"
#include "proc/signal.h"
#include "proc/rlimit.h"
#include "proc/cred.h"
#include "arch/arch.h"
#include "uapi/os/trace.h"

// Task states, as in the course notes.
#define TASK_RUNNING         0x00   // on a run queue or on a CPU
#define TASK_INTERRUPTIBLE   0x01   // sleeping; a signal wakes it
#define TASK_UNINTERRUPTIBLE 0x02   // sleeping on I/O
#define TASK_STOPPED         0x04
#define EXIT_ZOMBIE          0x10   // exited, waiting for its parent to reap it
#define EXIT_DEAD            0x20   // being reaped

#define TASK_NAME_LEN 16
#define TASK_EXE_LEN 128       // the exec'ed path, for /proc/<pid>/exe

struct files;
struct fs_info;
struct mm;

// A one-shot event a task can wait for (vfork's parent waits for the child's exec or exit).
struct completion {
  struct spinlock lock;
  int done;                       // under lock
  struct wait_queue wq;
};

// Signal actions, shared by CLONE_SIGHAND.  Its lock also guards the
// pending sets and masks of the tasks using it (proc/signal.h).
struct sighand {
  refcount_t refs;
  struct spinlock lock;
  struct sigaction action[_NSIG];   // of signal n at [n - 1]
};

// What a thread group shares (CLONE_THREAD).
#define ENOSYS_WORDS 8

struct signal {
  refcount_t refs;
  struct sigpending shared;       // sent to the process (kill): under sighand->lock
  int queued;                     // real-time signals queued here and in its threads: atomic
  // Under tasklist_lock:
  int live;                       // threads of the group that have not exited
  struct list_head threads;       // every task of the group, via thread_node
  int group_exit;                 // exit_group, a fatal signal or exec is ending the group
  int group_exit_code;            // wait status when group_exit
  struct task *exec_waiter;       // a thread in execve waiting for the others to go
  struct wait_queue wait_child;   // threads of the group sleep here in wait4
  int pgid, sid;                  // process group and session
  int stop_sig;                   // a group stop by this signal is under way or done (0: none)
  int stop_count;                 // threads that still have to stop
  int report;                     // wait status of a stop or continue not yet seen by wait4 (0: none)
  struct ktimer real_timer;       // ITIMER_REAL (proc/itimer.c)
  struct cpu_itimer {             // ITIMER_VIRTUAL, ITIMER_PROF: under sighand->lock
    uint64_t value_ns, interval_ns;   // CPU time left (0: disarmed), and to reload
  } cpu_timer[2];
  // Unknown system calls this program has made and the console was told of
  // (syscall.c): bit n for number n, the last bit for every number above.
  // Atomic; cleared by execve.
  uint64_t enosys_seen[ENOSYS_WORDS];
  struct rlimit rlim[RLIM_NLIMITS];   // proc/rlimit.c
};

struct task {
  // trap.S uses these at fixed offsets 0..24 (checked in usertrap.c).
  void *kstack_top;               // top of the kernel stack; the user trapframe sits just below
  uint64_t scratch[3];            // trap entry's spill slots for sp, t0, t1

  struct spinlock lock;           // protects state transitions, on_rq, cpu
  volatile long state;            // TASK_* above, EXIT_* once exited
  int on_rq;                      // runnable on a run queue (waiting or running): under rq lock
  volatile int on_cpu;            // executing on a CPU right now (its stack is in use)
  int cpu;                        // CPU whose run queue holds it, or last ran on
  int ran_on;                     // CPU it last executed on, -1 before its first run
  struct context ctx;             // saved by switch_to

  int tid, tgid;
  char name[TASK_NAME_LEN];
  char exe[TASK_EXE_LEN];         // absolute path of the program (execve); "" for kernel tasks
  struct cred cred;               // ids (proc/cred.c): written only by the task itself
  int flags;                      // PF_* below

  struct mm *mm;                  // NULL for idle tasks
  struct files *files;
  struct fs_info *fs;
  struct sighand *sighand;
  struct signal *signal;
  // Under sighand->lock (set words also atomically, see proc/signal.h):
  struct sigpending pending;      // sent to this thread (tgkill, faults)
  uint64_t blocked;               // signals this thread does not take now
  uint64_t saved_blocked;         // the mask to restore after rt_sigsuspend
  int restore_blocked;            // saved_blocked is valid
  int jobctl_stop;                // stop at the next return to user mode (group stop)
  // The system call being returned from (for restarting it after a signal).
  int in_syscall;
  uint64_t orig_a0;
  // An interrupted nanosleep resumes through restart_syscall with the time
  // left (the deadline), not the whole request again; its rem pointer.
  uint64_t restart_deadline, restart_urem;
  uint64_t robust_list;           // set_robust_list's head in user memory (proc/futex.c); 0: none
  struct altstack {               // sigaltstack (proc/sigframe.c); size 0: none.  Only the task itself
    uint64_t sp, size;            // writes it; fork copies it, a new thread or execve starts without
    int autodisarm;
  } altstack;
  // System calls it traces (uapi/os/trace.h), one bit per number, and the
  // system calls it has made: only the task itself writes them (and its
  // creator, in copy_task before it runs).
  uint64_t trace_mask[TRACE_NR / 64];
  uint64_t syscalls;

  // Family: under tasklist_lock.  Only group leaders are on a parent's
  // children list; every thread is on its group's list.
  struct task *parent;
  struct task *group_leader;
  struct list_head children;      // of struct task via sibling
  struct list_head sibling;
  struct list_head thread_node;   // in signal->threads
  struct list_head hash_node;     // in the tid hash: under tasklist_lock
  int exit_code;                  // Linux wait status once a zombie
  int exit_signal;                // sent to the parent at exit (SIGCHLD), 0 for none
  uint64_t clear_child_tid;       // user address zeroed and futex-woken at exit (thread join)
  struct completion *vfork_done;  // a vfork parent waiting for our exec or exit: under tasklist_lock

  // Scheduling: vruntime, weight, affinity and CPU-time accounting (sched/sched.h).
  struct sched_entity se;

  uint64_t fpregs[33];            // f0..f31 and fcsr, saved when sstatus.FS is dirty
#ifdef DEBUG
  struct lockdep_task lockdep;    // sleep locks held (lib/lockdep.h): only this task touches it
#endif
};

#define PF_IDLE    0x1
#define PF_EXITING 0x2
#define PF_AUTOREAP 0x4   // an exited thread nobody waits for: freed right after its last switch

// The running task lives in tp while in the kernel.
static inline struct task *get_current(void)
{
  struct task *t;
  asm volatile("mv %0, tp" : "=r"(t));
  return t;
}
#define current get_current()

static inline struct trapframe *task_trapframe(struct task *t)
{
  return (struct trapframe *)((char *)t->kstack_top - sizeof(struct trapframe));
}

// A signal this thread takes is waiting, or it has to stop: interruptible
// sleeps end.  Read without locks (a sleeper rechecks after queueing itself).
static inline int signal_pending(struct task *t)
{
  uint64_t set = __atomic_load_n(&t->pending.set, __ATOMIC_SEQ_CST);
  if (t->signal)
    set |= __atomic_load_n(&t->signal->shared.set, __ATOMIC_SEQ_CST);
  return (set & ~t->blocked) != 0 || t->jobctl_stop;
}

// SIGKILL is waiting or the group is ending: a long transfer (file or pipe
// write, file read) stops between chunks and returns what it did, so that a
// killed process dies at once instead of finishing a 16 MiB write first.
static inline int fatal_signal_pending(struct task *t)
{
  uint64_t set = __atomic_load_n(&t->pending.set, __ATOMIC_SEQ_CST);
  if (!t->signal)
    return (set & sigmask(SIGKILL)) != 0;
  set |= __atomic_load_n(&t->signal->shared.set, __ATOMIC_SEQ_CST);
  return (set & sigmask(SIGKILL)) || __atomic_load_n(&t->signal->group_exit, __ATOMIC_RELAXED);
}
