// Signals: Linux's numbers, flags and structures (the riscv64 layouts, so
// that sigaction and the handler's arguments need no translation).
#pragma once
#include <sys/types.h>

#include <linux/signal.h>

#define NSIG      (_NSIG + 1)      // one more than the largest signal number
// Real-time signals queue, each with its value, and come lowest number
// first.  The kernel's are 32..64; glibc keeps 32 and 33 for its threads,
// so programs get 34..64, and this library gives the same.
#define SIGRTMIN  (__SIGRTMIN + 2)
#define SIGRTMAX  _NSIG

typedef int sig_atomic_t;          // read and written whole, even by a handler

typedef __sighandler_t sighandler_t;
#define SIG_ERR ((sighandler_t)-1)

#define si_int si_value.sival_int
#define si_ptr si_value.sival_ptr

int kill(pid_t pid, int sig);      // pid 0: the caller's group; -pgid: that group
int killpg(pid_t pgrp, int sig);
int raise(int sig);                // to the calling thread
// One thread: tgkill checks that it is in thread group tgid.
int tgkill(pid_t tgid, pid_t tid, int sig);
int tkill(pid_t tid, int sig);
// sig with value to process pid (si_code SI_QUEUE); -1 with EAGAIN when
// its queue of real-time signals is full (RLIMIT_SIGPENDING).
int sigqueue(pid_t pid, int sig, const union sigval value);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

int sigaction(int sig, const struct sigaction *act, struct sigaction *oact);

int sigaltstack(const stack_t *ss, stack_t *old);
// With SA_RESTART, as glibc's signal() does; returns the old handler or SIG_ERR.
sighandler_t signal(int sig, sighandler_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *oset);
int pthread_sigmask(int how, const sigset_t *set, sigset_t *oset);   // returns an errno
int sigpending(sigset_t *set);
// Waits with mask in place until a handler has run; always -1 with EINTR.
int sigsuspend(const sigset_t *mask);
// Take a pending signal of set (normally blocked) instead of handling it,
// waiting for one if none is: returns its number, info filled if not NULL.
// -1 with EINTR if a signal outside set is handled meanwhile;
// sigtimedwait's -1 with EAGAIN when timeout passes.  sigwait returns an
// errno and never EINTR.
struct timespec;
int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
int sigwait(const sigset_t *set, int *sig);

void psignal(int sig, const char *msg);   // "msg: Segmentation fault" on stderr
