// Signals: sending, signal sets, actions and masks.  The structures are the
// kernel's own, so each call is the bare system call.
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "syscall.h"

// The kernel reads and writes these as they are.
_Static_assert(sizeof(struct sigaction) == 24, "struct sigaction: riscv64 layout");
_Static_assert(sizeof(siginfo_t) == 128 && offsetof(siginfo_t, si_pid) == 16 &&
                   offsetof(siginfo_t, si_status) == 24 && offsetof(siginfo_t, si_value) == 24 &&
                   offsetof(siginfo_t, si_addr) == 16,
               "siginfo_t: Linux's layout");
_Static_assert(offsetof(ucontext_t, uc_sigmask) == 40 && offsetof(ucontext_t, uc_mcontext) == 176,
               "ucontext_t: Linux riscv64's layout");

int
kill(pid_t pid, int sig)
{
  return sysret(syscall2(SYS_kill, pid, sig));
}

// A negative pgrp names no group: kill(-pgrp) would take it for a pid.
int
killpg(pid_t pgrp, int sig)
{
  if (pgrp < 0) {
    errno = EINVAL;
    return -1;
  }
  return kill(-pgrp, sig);
}

// POSIX: in a threaded program raise() signals the calling thread.
int
raise(int sig)
{
  return tgkill(getpid(), gettid(), sig);
}

int
tgkill(pid_t tgid, pid_t tid, int sig)
{
  return sysret(syscall3(SYS_tgkill, tgid, tid, sig));
}

int
tkill(pid_t tid, int sig)
{
  return sysret(syscall2(SYS_tkill, tid, sig));
}

// What glibc sends: the sender's ids with the value.
int
sigqueue(pid_t pid, int sig, const union sigval value)
{
  siginfo_t info;

  memset(&info, 0, sizeof info);
  info.si_signo = sig;
  info.si_code = SI_QUEUE;
  info.si_pid = getpid();
  info.si_uid = getuid();
  info.si_value = value;
  return sysret(syscall3(SYS_rt_sigqueueinfo, pid, sig, &info));
}

// ---- signal sets ---------------------------------------------------------

static int
bad_signal(int sig)
{
  if (sig >= 1 && sig <= 64)
    return 0;
  errno = EINVAL;
  return 1;
}

#define BIT(sig) (1UL << ((sig) - 1))

int
sigemptyset(sigset_t *set)
{
  *set = 0;
  return 0;
}

int
sigfillset(sigset_t *set)
{
  *set = ~0UL;
  return 0;
}

int
sigaddset(sigset_t *set, int sig)
{
  if (bad_signal(sig))
    return -1;
  *set |= BIT(sig);
  return 0;
}

int
sigdelset(sigset_t *set, int sig)
{
  if (bad_signal(sig))
    return -1;
  *set &= ~BIT(sig);
  return 0;
}

int
sigismember(const sigset_t *set, int sig)
{
  if (bad_signal(sig))
    return -1;
  return (*set & BIT(sig)) != 0;
}

// ---- actions and masks ---------------------------------------------------

// The kernel reads and writes a struct sigaction as it is (24 bytes).
// qemu-riscv64 7.2, the Linux of `make linux-compare`, wrongly gives riscv
// an sa_restorer field before sa_mask: it reads the mask 8 bytes later and
// writes 32 bytes.  A copy of the mask after the struct serves both.
struct ksigaction {
  struct sigaction sa;
  sigset_t qemu_mask;
};

int
sigaltstack(const stack_t *ss, stack_t *old)
{
  return sysret(syscall2(SYS_sigaltstack, ss, old));
}

int
sigaction(int sig, const struct sigaction *act, struct sigaction *oact)
{
  struct ksigaction k, old;
  long r;

  if (act) {
    k.sa = *act;
    k.qemu_mask = act->sa_mask;
  }
  r = syscall4(SYS_rt_sigaction, sig, act ? &k : 0, oact ? &old : 0, sizeof(sigset_t));
  if (r == 0 && oact)
    *oact = old.sa;
  return sysret(r);
}

sighandler_t
signal(int sig, sighandler_t handler)
{
  struct sigaction act = { .sa_handler = handler, .sa_flags = SA_RESTART }, old = { 0 };

  if (sigaction(sig, &act, &old) < 0)
    return SIG_ERR;
  return old.sa_handler;
}

// The mask is per thread, so the two are the same call.
int
sigprocmask(int how, const sigset_t *set, sigset_t *oset)
{
  return sysret(syscall4(SYS_rt_sigprocmask, how, set, oset, sizeof(sigset_t)));
}

int
pthread_sigmask(int how, const sigset_t *set, sigset_t *oset)
{
  return -syscall4(SYS_rt_sigprocmask, how, set, oset, sizeof(sigset_t));
}

int
sigpending(sigset_t *set)
{
  return sysret(syscall2(SYS_rt_sigpending, set, sizeof(sigset_t)));
}

int
sigsuspend(const sigset_t *mask)
{
  return sysret(syscall2(SYS_rt_sigsuspend, mask, sizeof(sigset_t)));
}

int
sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
  return sysret(syscall4(SYS_rt_sigtimedwait, set, info, timeout, sizeof(sigset_t)));
}

int
sigwaitinfo(const sigset_t *set, siginfo_t *info)
{
  return sigtimedwait(set, info, 0);
}

// POSIX: an interruption is not an error here, the wait goes on.
int
sigwait(const sigset_t *set, int *sig)
{
  long r;

  do
    r = syscall4(SYS_rt_sigtimedwait, set, 0, 0, sizeof(sigset_t));
  while (r == -EINTR);
  if (r < 0)
    return (int)-r;
  *sig = (int)r;
  return 0;
}

// Sleeps with the mask unchanged: sigsuspend with the current mask.
int
pause(void)
{
  sigset_t mask;

  sigprocmask(SIG_BLOCK, 0, &mask);
  return sigsuspend(&mask);
}

// ---- names -----------------------------------------------------------------

static const char *const descriptions[] = {
  [SIGHUP] = "Hangup",
  [SIGINT] = "Interrupt",
  [SIGQUIT] = "Quit",
  [SIGILL] = "Illegal instruction",
  [SIGTRAP] = "Trace/breakpoint trap",
  [SIGABRT] = "Aborted",
  [SIGBUS] = "Bus error",
  [SIGFPE] = "Floating point exception",
  [SIGKILL] = "Killed",
  [SIGUSR1] = "User defined signal 1",
  [SIGSEGV] = "Segmentation fault",
  [SIGUSR2] = "User defined signal 2",
  [SIGPIPE] = "Broken pipe",
  [SIGALRM] = "Alarm clock",
  [SIGTERM] = "Terminated",
  [SIGSTKFLT] = "Stack fault",
  [SIGCHLD] = "Child exited",
  [SIGCONT] = "Continued",
  [SIGSTOP] = "Stopped (signal)",
  [SIGTSTP] = "Stopped",
  [SIGTTIN] = "Stopped (tty input)",
  [SIGTTOU] = "Stopped (tty output)",
  [SIGURG] = "Urgent I/O condition",
  [SIGXCPU] = "CPU time limit exceeded",
  [SIGXFSZ] = "File size limit exceeded",
  [SIGVTALRM] = "Virtual timer expired",
  [SIGPROF] = "Profiling timer expired",
  [SIGWINCH] = "Window changed",
  [SIGIO] = "I/O possible",
  [SIGPWR] = "Power failure",
  [SIGSYS] = "Bad system call",
};

char *
strsignal(int sig)
{
  if (sig > 0 && sig < (int)(sizeof(descriptions) / sizeof(descriptions[0])))
    return (char *)descriptions[sig];
  return "Unknown signal";
}

void
psignal(int sig, const char *msg)
{
  if (msg && *msg)
    fprintf(stderr, "%s: %s\n", msg, strsignal(sig));
  else
    fprintf(stderr, "%s\n", strsignal(sig));
}
