// Signals, with Linux's numbers, flags and riscv64 frame layout: actions
// (sigaction), per-thread masks, pending sets for a thread and for its
// thread group, real-time signals queued with their siginfo, handlers run
// on the user stack and left through rt_sigreturn, default actions
// (terminate, ignore, stop, continue), job control (process groups,
// sessions, the console's foreground group).
//
// Locking: a task's sighand->lock protects the actions, and the pending
// sets and blocked masks of every task using that sighand (all threads of
// a group share one); lib/lockorder.h has it after tasklist_lock and before
// the task and run-queue locks.  The `set` words are also read without the
// lock (signal_pending), so writers change them with atomic operations.
#pragma once
#include <stdint.h>
#include "lib/list.h"
#include "uapi/linux/signal.h"     // numbers, SA_*, SI_*, struct sigaction, siginfo_t

// sigset_t bit of sig, as Linux numbers them.
static inline uint64_t sigmask(int sig)
{
  return 1UL << (sig - 1);
}
#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))
#define STOP_SIGNALS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))

// Who sent a pending signal and why; becomes the handler's siginfo.
struct ksiginfo {
  int code;                   // SI_*, CLD_*, SEGV_*
  int pid, uid;               // sender, or the child for SIGCHLD
  uint64_t value;             // sigqueue: si_value; SIGCHLD: exit code or signal
  uint64_t addr;              // faults: the address
};

// One send of a real-time signal, waiting on a sigpending's queue.
struct sigqueue {
  struct list_head node;
  int sig;
  struct ksiginfo info;
};

// Signals waiting for delivery.  Standard signals do not queue: a second
// one sent while the first is pending is merged with it (info keeps the
// first's).  Real-time signals queue, each send with its own info, in the
// order sent; a process has at most RLIMIT_SIGPENDING of them queued
// (struct signal's queued).
struct sigpending {
  uint64_t set;
  struct ksiginfo info[__SIGRTMIN - 1];   // of standard signal n at [n - 1]
  struct list_head queue;               // of struct sigqueue, oldest first
};

struct task;
struct mm;
struct signal;

void sigpending_init(struct sigpending *p);
// Free every queued real-time signal (a thread or group that is gone); the
// count is s's.
void sigpending_flush(struct sigpending *p, struct signal *s);

// Queue sig for t's thread group (group) or the thread t, and wake whoever
// can take it.  tasklist_lock held.  0, -EINVAL, or -EAGAIN when a
// real-time signal finds t's queue full (kill's are then merged instead,
// their info lost, as Linux does).
int send_signal_info(struct task *t, int sig, const struct ksiginfo *info, int group);
// kill(-pgid), kill(-1) (pgid -1) and the console's ^C: every process in
// group pgid.  0 or -ESRCH.
int kill_pgrp(int pgid, int sig, int code);
// Orphaned process groups (proc/pgrp.c): which of the candidate groups an
// exit leaves orphaned with a stopped member (tasklist_lock held), and the
// SIGHUP and SIGCONT they get (without it).
int orphaned_stopped_pgrps(struct task *gone, int *pgids, const int *sids, int n);
void hangup_pgrps(const int *pgids, int n);
// The console's foreground process group (proc/pgrp.c).
long console_get_pgrp(void);
long console_set_pgrp(int pgid);          // 0, -EINVAL or -EPERM
void console_signal(int sig);             // ^C, ^\, ^Z: to the foreground group
// A fault or a kernel condition in the current task (SIGSEGV at addr,
// SIGPIPE, out of memory): delivered before it runs user code again, and
// fatal when the task blocks or ignores a fault signal.
void force_signal(int sig, int code, uint64_t addr);
// The group of leader changed (exited, stopped, continued): tell its parent
// (SIGCHLD and wait4).  tasklist_lock held.
void notify_parent(struct task *leader, int code, int status);
// The parent set SIGCHLD to SIG_IGN or SA_NOCLDWAIT: its children leave no
// zombies (POSIX).  tasklist_lock held.
int ignores_children(struct task *parent);
// The lowest pending signal of want that t has, its own before its group's
// (SIGKILL before any), taken with its info; 0 if none.  sighand lock held.
// Delivery, rt_sigtimedwait and signalfd (fs/signalfd.c) take them so.
int dequeue_signal(struct task *t, uint64_t want, struct ksiginfo *info);
// Act on pending signals on the way back to user mode.
void handle_signals(void);

// execve: handlers back to SIG_DFL (ignored signals stay ignored).  0 or -ENOMEM.
int signals_exec(void);
// execve: the handlers' return trampoline in the new address space.  0 or -ENOMEM.
int map_sigreturn_page(struct mm *mm);
// siginfo_t in user memory (proc/sigframe.c): rt_sigqueueinfo's, and
// rt_sigtimedwait's answer.  0 or -EFAULT.
int siginfo_from_user(uint64_t u, struct ksiginfo *info);
int siginfo_to_user(uint64_t u, int sig, const struct ksiginfo *info);
