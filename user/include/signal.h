// Signals: Linux's numbers, flags and structures (the riscv64 layouts, so
// that sigaction and the handler's arguments need no translation).
#pragma once
#include <sys/types.h>

#define SIGHUP    1
#define SIGINT    2
#define SIGQUIT   3
#define SIGILL    4
#define SIGTRAP   5
#define SIGABRT   6
#define SIGBUS    7
#define SIGFPE    8
#define SIGKILL   9
#define SIGUSR1   10
#define SIGSEGV   11
#define SIGUSR2   12
#define SIGPIPE   13
#define SIGALRM   14
#define SIGTERM   15
#define SIGSTKFLT 16
#define SIGCHLD   17
#define SIGCONT   18
#define SIGSTOP   19
#define SIGTSTP   20
#define SIGTTIN   21
#define SIGTTOU   22
#define SIGURG    23
#define SIGXCPU   24
#define SIGXFSZ   25
#define SIGVTALRM 26
#define SIGPROF   27
#define SIGWINCH  28
#define SIGIO     29
#define SIGPWR    30
#define SIGSYS    31
#define NSIG      65
// Real-time signals queue, each with its value, and come lowest number
// first.  The kernel's are 32..64; glibc keeps 32 and 33 for its threads,
// so programs get 34..64, and this library gives the same.
#define SIGRTMIN  34
#define SIGRTMAX  64


// A set of signals: signal n is bit n - 1 (the kernel's sigsetsize is 8).
typedef unsigned long sigset_t;
typedef int sig_atomic_t;          // read and written whole, even by a handler

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

// si_code: who sent the signal, or why a child's state changed (SIGCHLD),
// or what kind of fault it was (SIGSEGV).
#define SI_USER    0               // kill
#define SI_KERNEL  0x80
#define SI_QUEUE   (-1)            // sigqueue
#define SI_TKILL   (-6)            // tkill, tgkill
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1              // no mapping at the address
#define SEGV_ACCERR 2              // mapped, but not for this access

// What sigqueue sends with a signal.
union sigval {
  int sival_int;
  void *sival_ptr;
};

typedef struct {
  int si_signo;
  int si_errno;
  int si_code;
  union {
    struct {
      pid_t si_pid;                // the sender, or the child (SIGCHLD)
      uid_t si_uid;
      union {
        int si_status;             // SIGCHLD: exit code or signal number
        union sigval si_value;     // sigqueue
      };
    };
    void *si_addr;                 // faults: the address
    char __pad[128 - 16];
  };
} siginfo_t;
#define si_int si_value.sival_int
#define si_ptr si_value.sival_ptr

// The raw riscv64 struct: riscv has no sa_restorer (the kernel provides
// the code that calls rt_sigreturn when a handler returns).
struct sigaction {
  union {
    sighandler_t sa_handler;
    void (*sa_sigaction)(int sig, siginfo_t *info, void *ucontext);
  };
  unsigned long sa_flags;
  sigset_t sa_mask;                // blocked while the handler runs (and sig itself)
};

#define SA_NOCLDSTOP 0x00000001    // no SIGCHLD when a child stops or continues
#define SA_NOCLDWAIT 0x00000002    // children do not become zombies
#define SA_SIGINFO   0x00000004    // call sa_sigaction with siginfo and ucontext
#define SA_ONSTACK   0x08000000
#define SA_RESTART   0x10000000    // restart a slow system call the signal interrupted
#define SA_NODEFER   0x40000000    // do not block sig itself in the handler
#define SA_RESETHAND 0x80000000    // back to SIG_DFL once the handler is entered

#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

typedef struct {                      // sigaltstack and uc_stack
  void *ss_sp;
  int ss_flags;
  size_t ss_size;
} stack_t;

// The registers at the moment the signal came (Linux's riscv64 sigcontext).
// __gregs holds x1..x31 at their register numbers and the pc in x0's place.
#define REG_PC 0
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10
typedef struct {
  unsigned long __gregs[32];
  union {
    struct {
      unsigned long long __f[32];
      unsigned int __fcsr;
    } __d;
    struct {                       // the largest FP state: sets the size and alignment
      unsigned long long __f[64] __attribute__((aligned(16)));
      unsigned int __fcsr;
      unsigned int __reserved[3];
    } __q;
  } __fpregs;
} mcontext_t;

typedef struct ucontext {
  unsigned long uc_flags;
  struct ucontext *uc_link;
  stack_t uc_stack;
  sigset_t uc_sigmask;             // the mask before the handler; restored on return
  unsigned char __unused[128 - sizeof(sigset_t)];
  mcontext_t uc_mcontext;
} ucontext_t;

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

// An alternate stack for handlers installed with SA_ONSTACK: the one place
// a handler for a stack overflow's SIGSEGV can run.
#define SS_ONSTACK    1                // (reported) running on it now
#define SS_DISABLE    2                // no alternate stack
#define SS_AUTODISARM (1U << 31)       // disarm it while a handler runs on it
#define MINSIGSTKSZ   2048
#define SIGSTKSZ      8192

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
