// Signals: Linux's numbers, flags and the riscv64 layouts of what
// rt_sigaction, sigaltstack, rt_sigqueueinfo and a handler's frame
// exchange, so that neither side translates.
//
// The kernel's real-time signals are __SIGRTMIN..._NSIG (32..64).  glibc
// keeps 32 and 33 for its threads, so a C library's SIGRTMIN is 34: that
// name, and NSIG, are left to <signal.h>.
#pragma once
#include <stdint.h>

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
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
#define __SIGRTMIN 32             // the first real-time signal
#define _NSIG      64             // signals are 1.._NSIG

// A set of signals: signal n is bit n - 1 (rt_sigprocmask's sigsetsize is 8).
typedef unsigned long sigset_t;

typedef void (*__sighandler_t)(int);
#define SIG_DFL ((__sighandler_t)0)
#define SIG_IGN ((__sighandler_t)1)

// rt_sigprocmask's how.
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

// si_code: who sent the signal, or why a child's state changed (SIGCHLD),
// or what kind of fault it was (SIGSEGV).
#define SI_USER       0            // kill
#define SI_KERNEL     0x80
#define SI_QUEUE      (-1)         // sigqueue (rt_sigqueueinfo)
#define SI_TKILL      (-6)         // tkill, tgkill
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_STOPPED   5
#define CLD_CONTINUED 6
#define SEGV_MAPERR   1            // no mapping at the address
#define SEGV_ACCERR   2            // mapped, but not for this access

// What sigqueue sends with a signal.
union sigval {
  int sival_int;
  void *sival_ptr;
};

typedef struct siginfo {           // 128 bytes
  int si_signo;
  int si_errno;
  int si_code;
  union {
    struct {
      int32_t si_pid;              // the sender, or the child (SIGCHLD)
      uint32_t si_uid;
      union {
        int si_status;             // SIGCHLD: exit code or signal number
        union sigval si_value;     // sigqueue
      };
    };
    void *si_addr;                 // faults: the address
    char __pad[128 - 16];
  };
} siginfo_t;
_Static_assert(sizeof(siginfo_t) == 128, "Linux siginfo_t");

// rt_sigaction's struct: riscv64 has no sa_restorer (the kernel provides
// the code that calls rt_sigreturn when a handler returns).
struct sigaction {
  union {
    __sighandler_t sa_handler;     // SIG_DFL, SIG_IGN or a function
    void (*sa_sigaction)(int sig, siginfo_t *info, void *ucontext);
  };
  unsigned long sa_flags;          // SA_*
  sigset_t sa_mask;                // blocked while the handler runs (and sig itself)
};

#define SA_NOCLDSTOP 0x00000001    // no SIGCHLD when a child stops or continues
#define SA_NOCLDWAIT 0x00000002    // children do not become zombies
#define SA_SIGINFO   0x00000004    // call sa_sigaction with siginfo and ucontext
#define SA_ONSTACK   0x08000000    // run on the sigaltstack
#define SA_RESTART   0x10000000    // restart a slow system call the signal interrupted
#define SA_NODEFER   0x40000000    // do not block sig itself in the handler
#define SA_RESETHAND 0x80000000    // back to SIG_DFL once the handler is entered

// An alternate stack for handlers installed with SA_ONSTACK: the one place
// a handler for a stack overflow's SIGSEGV can run.
typedef struct {                   // sigaltstack and uc_stack
  void *ss_sp;
  int ss_flags;
  unsigned long ss_size;
} stack_t;

#define SS_ONSTACK    1            // (reported) running on it now
#define SS_DISABLE    2            // no alternate stack
#define SS_AUTODISARM (1U << 31)   // disarm it while a handler runs on it
#define MINSIGSTKSZ   2048
#define SIGSTKSZ      8192

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
  unsigned char __unused[128 - sizeof(sigset_t)];   // room for a larger sigset_t
  mcontext_t uc_mcontext;
} ucontext_t;
_Static_assert(__builtin_offsetof(ucontext_t, uc_mcontext) == 176 && sizeof(ucontext_t) == 960,
               "Linux riscv64 ucontext_t");
