// sigtest: signals with Linux's semantics.  `sigtest SUB` runs one part,
// `sigtest` all of them:
//   handler   handlers run before kill returns, masks inside them,
//             SA_NODEFER/RESETHAND/SIGINFO, ucontext, oact, bad calls
//   sigreturn registers survive a handler, its changes to the ucontext take
//             effect, forged frames end the process
//   mask      blocking, pending, sigsuspend/pause, inheritance by fork and exec
//   default   default actions (terminate, ignore), SIG_IGN, abort, SIGCHLD info
//   stop      SIGSTOP/SIGTSTP/SIGCONT seen by waitpid and SIGCHLD
//   restart   slow calls interrupted by a handler: EINTR or SA_RESTART
//   pipe      SIGPIPE and EPIPE
//   pgrp      process groups and sessions: setpgid, kill(-pgid), waitpid(-pgid)
//   threads   which thread takes a signal
//   timer     alarm and the interval timers (real, virtual, prof)
// Each prints "ok/FAIL <check>" lines and "<SUB>: N passed, M failed"; no
// line depends on pids or time, so the output under Linux (qemu-riscv64) is
// the same.  A part that hangs is ended by an alarm (SIGALRM) after
// PART_LIMIT seconds.
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 5000
#define PART_LIMIT 100                 // seconds
#define SYS_kill 129                   // Linux riscv64 numbers, for raw calls
#define SYS_rt_sigaction 134
#define SYS_rt_sigprocmask 135
#define SYS_rt_sigreturn 139
#define SYS_exit_group 94
#define BAD_POINTER 1L

static const char *self;               // argv[0], to exec this program again

// What the handlers saw.
static volatile sig_atomic_t hits, last_sig;
static volatile sigset_t mask_in_handler;
static volatile pid_t handler_tid;

static sigset_t
set_of(int a, int b)                   // {a, b}; 0 leaves a slot out
{
  sigset_t s;

  sigemptyset(&s);
  if (a)
    sigaddset(&s, a);
  if (b)
    sigaddset(&s, b);
  return s;
}

static sigset_t
current_mask(void)
{
  sigset_t m;

  sigprocmask(SIG_BLOCK, 0, &m);
  return m;
}

static void
change_mask(int how, sigset_t m)
{
  sigprocmask(how, &m, 0);
}

// Counts itself last: a thread polling hits (await_count) may read the
// rest as soon as hits changes.
static void
on_signal(int sig)
{
  last_sig = sig;
  handler_tid = gettid();
  sigprocmask(SIG_BLOCK, 0, (sigset_t *)&mask_in_handler);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  hits++;
}

static int
catch(int sig, void (*fn)(int), int flags, sigset_t mask)
{
  struct sigaction sa = { .sa_handler = fn, .sa_flags = flags, .sa_mask = mask };

  hits = 0;
  return sigaction(sig, &sa, 0);
}

static int
catch_info(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
  struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };

  hits = 0;
  return sigaction(sig, &sa, 0);
}

static sighandler_t
action_of(int sig)
{
  struct sigaction sa = { .sa_handler = SIG_ERR };

  sigaction(sig, 0, &sa);
  return sa.sa_handler;
}

// Each part starts from a fresh process's state: every action SIG_DFL,
// nothing blocked.
static void
reset_signals(void)
{
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      signal(sig, SIG_DFL);
  change_mask(SIG_SETMASK, 0);
}

static long
now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// Polls until *flag is at least n; returns whether it got there within
// TIMEOUT_MS by the clock (a short sleep may last a whole tick).
static int
await_count(volatile sig_atomic_t *flag, int n)
{
  long end = now_ms() + TIMEOUT_MS;

  while (*flag < n) {
    if (now_ms() >= end)
      return 0;
    sleep_ms(2);
  }
  return 1;
}

// Whether a caught signal runs its handler at all.  The parts built on
// handlers stop at once when not (a kernel that does not run them yet):
// their checks would each wait out a timeout.
static int
handlers_run(void)
{
  catch(SIGUSR1, on_signal, 0, 0);
  raise(SIGUSR1);
  signal(SIGUSR1, SIG_DFL);
  if (hits == 1)
    return 1;
  check(0, "a handler runs (the rest of this part needs handlers)");
  return 0;
}

// ---- children ----------------------------------------------------------------

// Runs body in a child that exits with its return value.
static pid_t
spawn(int (*body)(void))
{
  pid_t pid;

  fflush(stdout);
  pid = fork();
  if (pid == 0)
    _exit(body());
  return pid;
}

// The child's wait status; -1 if it did not end in time (it is killed).
static int
reap(pid_t pid)
{
  int st = -1;

  if (pid < 0)
    return -1;
  if (wait_timeout(pid, &st, TIMEOUT_MS) == pid)
    return st;
  kill(pid, SIGKILL);
  waitpid(pid, &st, 0);
  return -1;
}

static int
run_child(int (*body)(void))
{
  return reap(spawn(body));
}

// A child that checks things in itself returns a bit per failed check; a
// child that died or hung fails them all.
static int
child_failures(int (*body)(void))
{
  int st = run_child(body);

  return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : 0xff;
}

static int
pause_forever(void)
{
  while (pause() < 0)
    ;
  return 1;
}

// A child that waits for a byte on gate (and exits 0 when it gets one);
// the parent keeps the write end.
static int gate[2];

static int
wait_at_gate(void)
{
  char c;

  close(gate[1]);
  return read(gate[0], &c, 1) == 1 ? 0 : 1;
}

static void
open_gate(void)
{
  if (write(gate[1], "x", 1) != 1)
    check(0, "write to the gate pipe");
}

// ---- handler -------------------------------------------------------------------

static void
test_basic_handler(void)
{
  check(catch(SIGUSR1, on_signal, 0, set_of(SIGUSR2, 0)) == 0, "sigaction(SIGUSR1, handler)");
  kill(getpid(), SIGUSR1);
  check(hits == 1 && last_sig == SIGUSR1, "kill(getpid()): the handler ran before kill returned");
  check(sigismember((sigset_t *)&mask_in_handler, SIGUSR1),
        "in the handler, the signal itself is blocked");
  check(sigismember((sigset_t *)&mask_in_handler, SIGUSR2), "in the handler, sa_mask is blocked");
  check(current_mask() == 0, "after the handler, the mask is as before");
  raise(SIGUSR1);
  check(hits == 2, "raise(): the handler ran again before raise returned");
}

// Raises the signal again from its first call: with SA_NODEFER, that nests.
static volatile sig_atomic_t depth, max_depth;

static void
nest(int sig)
{
  if (++depth > max_depth)
    max_depth = depth;
  if (hits++ == 0)
    raise(sig);
  depth--;
}

static void
test_nodefer(void)
{
  max_depth = 0;
  catch(SIGUSR1, nest, 0, 0);
  raise(SIGUSR1);
  check(hits == 2 && max_depth == 1,
        "a signal raised in its own handler waits for the handler to return");
  max_depth = 0;
  catch(SIGUSR1, nest, SA_NODEFER, 0);
  raise(SIGUSR1);
  check(hits == 2 && max_depth == 2, "SA_NODEFER: the handler is entered again from inside");
}

static int
resethand_child(void)
{
  catch(SIGUSR1, on_signal, SA_RESETHAND, 0);
  raise(SIGUSR1);
  if (hits != 1 || action_of(SIGUSR1) != SIG_DFL)
    return 1;
  raise(SIGUSR1);
  return 2;
}

static siginfo_t got_info;
static sigset_t got_uc_mask;
static int got_frame_below_sp;

static void
on_info(int sig, siginfo_t *si, void *ctx)
{
  ucontext_t *uc = ctx;
  volatile char here;

  (void)sig;
  hits++;
  got_info = *si;
  got_uc_mask = uc->uc_sigmask;
  got_frame_below_sp = (unsigned long)&here < uc->uc_mcontext.__gregs[REG_SP];
}

static void
test_siginfo(void)
{
  catch_info(SIGUSR1, on_info, 0);
  change_mask(SIG_SETMASK, set_of(SIGURG, 0));
  kill(getpid(), SIGUSR1);
  check(hits == 1 && got_info.si_signo == SIGUSR1, "SA_SIGINFO: si_signo");
  check(got_info.si_code == SI_USER && got_info.si_pid == getpid(),
        "kill: si_code SI_USER, si_pid the sender");
  check(got_uc_mask == set_of(SIGURG, 0), "uc_sigmask is the mask before the handler");
  check(got_frame_below_sp, "the handler's frame is below the interrupted sp (uc_mcontext)");
  tgkill(getpid(), gettid(), SIGUSR1);
  check(hits == 2 && got_info.si_code == SI_TKILL && got_info.si_pid == getpid(),
        "tgkill: si_code SI_TKILL, si_pid the sender");
  change_mask(SIG_SETMASK, 0);
}

// A SIGSEGV handler learns the address and the kind of fault.
static char *volatile fault_addr;
static int fault_code;

static void
on_segv(int sig, siginfo_t *si, void *uc)
{
  (void)uc;
  _exit(sig == SIGSEGV && si->si_signo == SIGSEGV && si->si_addr == fault_addr &&
                si->si_code == fault_code ? 0 : 1);
}

static int
fault_unmapped(void)
{
  catch_info(SIGSEGV, on_segv, 0);
  fault_addr = (char *)16;
  fault_code = SEGV_MAPERR;
  *fault_addr = 1;
  return 2;
}

static int
fault_readonly(void)
{
  catch_info(SIGSEGV, on_segv, 0);
  fault_addr = (char *)(uintptr_t)fault_readonly;
  fault_code = SEGV_ACCERR;
  *fault_addr = 1;
  return 2;
}

static void
test_oact(void)
{
  struct sigaction a = { .sa_handler = on_signal, .sa_flags = SA_RESTART, .sa_mask = set_of(SIGUSR2, 0) };
  struct sigaction ign = { .sa_handler = SIG_IGN }, old;

  check(action_of(SIGUSR2) == SIG_DFL, "a signal never given an action is SIG_DFL");
  sigaction(SIGUSR1, &a, 0);
  check(sigaction(SIGUSR1, &ign, &old) == 0 && old.sa_handler == on_signal &&
            old.sa_flags == SA_RESTART && old.sa_mask == set_of(SIGUSR2, 0),
        "oact returns the previous handler, flags and mask");
  check(action_of(SIGUSR1) == SIG_IGN, "sigaction(sig, 0, &oact) only asks");
  check(signal(SIGUSR1, SIG_DFL) == SIG_IGN, "signal() returns the previous handler");
  check(action_of(SIGKILL) == SIG_DFL, "the action of SIGKILL can be asked");
}

static void
test_bad_sigaction(void)
{
  struct sigaction a = { .sa_handler = on_signal };

  check_errno(sigaction(SIGKILL, &a, 0), EINVAL, "sigaction(SIGKILL, handler): EINVAL");
  check_errno(sigaction(SIGSTOP, &a, 0), EINVAL, "sigaction(SIGSTOP, handler): EINVAL");
  check_errno(sigaction(SIGKILL, &(struct sigaction){ .sa_handler = SIG_IGN }, 0), EINVAL,
              "sigaction(SIGKILL, SIG_IGN): EINVAL");
  check_errno(sigaction(0, &a, 0), EINVAL, "sigaction(0): EINVAL");
  check_errno(sigaction(65, &a, 0), EINVAL, "sigaction(65): EINVAL");
  check(signal(SIGSTOP, SIG_IGN) == SIG_ERR && errno == EINVAL, "signal(SIGSTOP, SIG_IGN): SIG_ERR, EINVAL");
  check_errno(syscall(SYS_rt_sigaction, SIGUSR1, BAD_POINTER, 0, sizeof(sigset_t)), EFAULT,
              "rt_sigaction with a bad act pointer: EFAULT");
  check_errno(syscall(SYS_rt_sigaction, SIGUSR1, 0, BAD_POINTER, sizeof(sigset_t)), EFAULT,
              "rt_sigaction with a bad oact pointer: EFAULT");
  check_errno(syscall(SYS_rt_sigaction, SIGUSR1, &a, 0, 4), EINVAL, "rt_sigaction with sigsetsize 4: EINVAL");
}

static void
test_handler(void)
{
  if (!handlers_run())
    return;
  test_basic_handler();
  test_nodefer();
  check_status(run_child(resethand_child), W_SIGNALED(SIGUSR1),
               "SA_RESETHAND: the handler runs once, then SIG_DFL; the next SIGUSR1 kills");
  test_siginfo();
  check_status(run_child(fault_unmapped), W_EXITED(0),
               "SIGSEGV handler: si_addr is the address, si_code SEGV_MAPERR (unmapped)");
  check_status(run_child(fault_readonly), W_EXITED(0),
               "SIGSEGV handler: si_code SEGV_ACCERR for a store to program text");
  test_oact();
  test_bad_sigaction();
}

// ---- sigreturn -----------------------------------------------------------------

// Every x register the handler may change and the ecall does not use (all
// but s0, the frame pointer, a0/a1/a7 of the call, ra, sp, gp, tp), every
// FP register and fcsr.
#define XREGS "t0,t1,t2,t3,t4,t5,t6,s1,s2,s3,s4,s5,s6,s7,s8,s9,s10,s11,a2,a3,a4,a5,a6"
#define NX 23
#define FREGS \
  "f0,f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,f12,f13,f14,f15," \
  "f16,f17,f18,f19,f20,f21,f22,f23,f24,f25,f26,f27,f28,f29,f30,f31"
#define XCLOBBERS "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a1", "a2", "a3", "a4", "a5", "a6", "a7"
#define SCLOBBERS "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11"
#define FCLOBBERS \
  "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13", "f14", \
  "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25", "f26", "f27", \
  "f28", "f29", "f30", "f31"

struct regset {
  unsigned long x[NX], f[32], fcsr;
};

struct regtest {
  struct regset in, out;
  long pid, sig;
};

// kill(pid, sig) as a bare ecall with every register loaded from in, and
// all of them stored to out right after: the handler runs between the two.
static void
kill_keeping_registers(struct regtest *t)
{
  register struct regtest *a0 asm("a0") = t;

  asm volatile("addi sp, sp, -16\n sd a0, 0(sp)\n"
               "ld a7, %[fcsr](a0)\n fscsr a7\n"
               ".set roff, 0\n"
               ".irp r," XREGS "\n ld \\r, roff(a0)\n .set roff, roff + 8\n .endr\n"
               ".irp r," FREGS "\n fld \\r, roff(a0)\n .set roff, roff + 8\n .endr\n"
               "li a7, %[nr]\n ld a1, %[sig](a0)\n ld a0, %[pid](a0)\n"
               "ecall\n"
               "ld a0, 0(sp)\n addi sp, sp, 16\n"
               ".set roff, %[out]\n"
               ".irp r," XREGS "\n sd \\r, roff(a0)\n .set roff, roff + 8\n .endr\n"
               ".irp r," FREGS "\n fsd \\r, roff(a0)\n .set roff, roff + 8\n .endr\n"
               "frcsr a7\n sd a7, %[ofcsr](a0)\n"
               : "+r"(a0)
               : [fcsr] "i"(offsetof(struct regtest, in.fcsr)),
                 [out] "i"(offsetof(struct regtest, out)),
                 [ofcsr] "i"(offsetof(struct regtest, out.fcsr)),
                 [pid] "i"(offsetof(struct regtest, pid)), [sig] "i"(offsetof(struct regtest, sig)),
                 [nr] "i"(SYS_kill)
               : XCLOBBERS, SCLOBBERS, FCLOBBERS, "memory");
}

// A handler that changes every caller-saved register, the FP registers and
// fcsr (rounding mode and flags), as any handler may.
static void
scramble(int sig)
{
  (void)sig;
  hits++;
  asm volatile(".irp r,t0,t1,t2,t3,t4,t5,t6,a0,a1,a2,a3,a4,a5,a6,a7\n li \\r, -1\n .endr\n"
               ".irp r," FREGS "\n fmv.d.x \\r, zero\n .endr\n"
               "csrwi fcsr, 0x1f\n"
               ::: "a0", XCLOBBERS, FCLOBBERS, "memory");
}

static void
test_registers(void)
{
  struct regtest t = { .pid = getpid(), .sig = SIGUSR1 };
  int x_ok = 1, f_ok = 1;

  for (int i = 0; i < NX; i++)
    t.in.x[i] = 0x0101010101010101UL * (i + 1);
  for (int i = 0; i < 32; i++)
    t.in.f[i] = 0x3ff0000000000000UL + i * 0x0000100000000001UL;   // doubles from 1.0 up
  t.in.fcsr = 0x28;                                                 // round to zero; DZ flag
  catch(SIGUSR1, scramble, 0, 0);
  kill_keeping_registers(&t);
  check(hits == 1, "a handler that changes every register ran");
  for (int i = 0; i < NX; i++)
    x_ok &= t.out.x[i] == t.in.x[i];
  for (int i = 0; i < 32; i++)
    f_ok &= t.out.f[i] == t.in.f[i];
  check(x_ok, "after it, the t, s and a registers are as they were");
  check(f_ok, "after it, all 32 FP registers are as they were");
  check(t.out.fcsr == t.in.fcsr, "after it, fcsr (rounding mode, flags) is as it was");
}

// What a handler writes into its ucontext, rt_sigreturn makes real.
static void (*edit_uc)(ucontext_t *uc);

static void
on_edit(int sig, siginfo_t *si, void *ctx)
{
  (void)sig;
  (void)si;
  hits++;
  edit_uc(ctx);
}

static void
catch_edit(int sig, void (*edit)(ucontext_t *uc))
{
  edit_uc = edit;
  catch_info(sig, on_edit, 0);
}

static void
add_sigusr2(ucontext_t *uc)
{
  sigaddset(&uc->uc_sigmask, SIGUSR2);
}

static void
add_sigkill(ucontext_t *uc)
{
  sigaddset(&uc->uc_sigmask, SIGKILL);
}

static void
skip_instruction(ucontext_t *uc)
{
  uc->uc_mcontext.__gregs[REG_PC] += 4;
}

static void
pc_in_kernel(ucontext_t *uc)
{
  uc->uc_mcontext.__gregs[REG_PC] = 0xffffffc000000000UL;
}

// A store to address 0 (4 bytes long: no compressed form) that a SIGSEGV
// handler skips by moving the frame's pc; the value set after it shows
// the program went on there.
static int
skip_faulting_store(void)
{
  long after = 0;

  catch_edit(SIGSEGV, skip_instruction);
  asm volatile(".option push\n .option norvc\n"
               "sd zero, 0(zero)\n li %0, 7\n"
               ".option pop" : "+r"(after) :: "memory");
  return hits == 1 && after == 7 ? 0 : 1;
}

// rt_sigreturn with no frame at all: sp points into the unmapped first
// page.  If it returns, the child exits 1.
static int
sigreturn_without_frame(void)
{
  asm volatile("li sp, 16\n li a7, %0\n ecall\n"
               "li a0, 1\n li a7, %1\n ecall" :: "i"(SYS_rt_sigreturn), "i"(SYS_exit_group) : "a0", "a7", "memory");
  return 1;
}

// A frame that asks for SIGKILL blocked: it still kills.
static int
sigkill_after_blocking_it(void)
{
  catch_edit(SIGUSR1, add_sigkill);
  raise(SIGUSR1);
  kill(getpid(), SIGKILL);
  return 1;
}

// A handler that makes the frame's pc a kernel address: the program, not
// the kernel, faults there.
static int
return_to_kernel_address(void)
{
  catch_edit(SIGUSR1, pc_in_kernel);
  raise(SIGUSR1);
  return 1;
}

static void
test_sigreturn(void)
{
  if (!handlers_run())
    return;
  test_registers();
  catch_edit(SIGUSR1, add_sigusr2);
  change_mask(SIG_SETMASK, set_of(SIGURG, 0));
  raise(SIGUSR1);
  check(hits == 1 && current_mask() == set_of(SIGURG, SIGUSR2),
        "a handler's change to uc_sigmask is the mask after it");
  change_mask(SIG_SETMASK, 0);
  check_status(run_child(sigkill_after_blocking_it), W_SIGNALED(SIGKILL),
               "a handler that puts SIGKILL in uc_sigmask: SIGKILL still kills after it");
  check_status(run_child(skip_faulting_store), W_EXITED(0),
               "a SIGSEGV handler that moves uc's pc past the store: the program goes on there");
  check_status(run_child(sigreturn_without_frame), W_SIGNALED(SIGSEGV),
               "rt_sigreturn with an unreadable frame: SIGSEGV");
  check_status(run_child(return_to_kernel_address), W_SIGNALED(SIGSEGV),
               "a frame whose pc is a kernel address: the program gets SIGSEGV");
}

// ---- mask ----------------------------------------------------------------------

static void
test_pending(void)
{
  sigset_t pending;

  catch(SIGUSR1, on_signal, 0, 0);
  change_mask(SIG_BLOCK, set_of(SIGUSR1, 0));
  kill(getpid(), SIGUSR1);
  kill(getpid(), SIGUSR1);
  check(hits == 0, "a blocked signal is not delivered");
  check(sigpending(&pending) == 0 && pending == set_of(SIGUSR1, 0), "sigpending shows it");
  change_mask(SIG_UNBLOCK, set_of(SIGUSR1, 0));
  check(hits == 1, "unblocking delivers it, once for two sends (standard signals do not queue)");
  check(sigpending(&pending) == 0 && pending == 0, "then nothing is pending");

  change_mask(SIG_BLOCK, set_of(SIGUSR2, 0));
  raise(SIGUSR2);
  signal(SIGUSR2, SIG_IGN);
  check(sigpending(&pending) == 0 && pending == 0, "setting SIG_IGN discards a pending signal");
  change_mask(SIG_SETMASK, 0);
  signal(SIGUSR2, SIG_DFL);
}

static void
test_procmask(void)
{
  sigset_t all;

  change_mask(SIG_BLOCK, set_of(SIGKILL, SIGUSR2));
  check(current_mask() == set_of(SIGUSR2, 0), "SIGKILL is silently left out of the mask");
  change_mask(SIG_BLOCK, set_of(SIGSTOP, 0));
  check(current_mask() == set_of(SIGUSR2, 0), "so is SIGSTOP");
  sigfillset(&all);
  sigprocmask(SIG_SETMASK, &all, 0);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  check(current_mask() == all, "SIG_SETMASK with every signal blocks all but SIGKILL and SIGSTOP");
  sigprocmask(SIG_UNBLOCK, &all, 0);
  check(current_mask() == 0, "SIG_UNBLOCK clears them");
  check_errno(sigprocmask(3, &all, 0), EINVAL, "sigprocmask(how 3): EINVAL");
  check_errno(syscall(SYS_rt_sigprocmask, SIG_BLOCK, BAD_POINTER, 0, sizeof(sigset_t)), EFAULT,
              "rt_sigprocmask with a bad set pointer: EFAULT");
  check_errno(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &all, 0, 4), EINVAL,
              "rt_sigprocmask with sigsetsize 4: EINVAL");
  check_errno(sigaddset(&all, 0), EINVAL, "sigaddset(0): EINVAL");
  check_errno(sigismember(&all, 65), EINVAL, "sigismember(65): EINVAL");
}

// Signals the parent once it sleeps (in the call under test).
static int
signal_parent_asleep(void)
{
  pid_t parent = getppid();

  return await_state(parent, "S", TIMEOUT_MS) && kill(parent, SIGUSR1) == 0 ? 0 : 1;
}

static void
test_sigsuspend(void)
{
  sigset_t empty = 0;
  pid_t pid;
  int r;

  catch(SIGUSR1, on_signal, 0, 0);
  change_mask(SIG_SETMASK, set_of(SIGUSR1, SIGUSR2));
  pid = spawn(signal_parent_asleep);
  r = sigsuspend(&empty);
  check(r == -1 && errno == EINTR && hits == 1, "sigsuspend waits for the signal: -1, EINTR after the handler");
  check(mask_in_handler == set_of(SIGUSR1, 0), "the handler runs with the temporary mask (plus the signal)");
  check(current_mask() == set_of(SIGUSR1, SIGUSR2), "sigsuspend restores the old mask");
  reap(pid);

  change_mask(SIG_SETMASK, 0);
  hits = 0;
  pid = spawn(signal_parent_asleep);
  r = pause();
  check(r == -1 && errno == EINTR && hits == 1, "pause returns -1, EINTR after a handler ran");
  reap(pid);
}

static int
fork_child_state(void)
{
  sigset_t pending;
  int bad = 0;

  if (action_of(SIGUSR1) != on_signal)
    bad |= 1;
  if (current_mask() != set_of(SIGUSR2, 0))
    bad |= 2;
  if (sigpending(&pending) != 0 || pending != 0)
    bad |= 4;
  hits = 0;
  raise(SIGUSR1);
  if (hits != 1)
    bad |= 8;
  return bad;
}

static void
test_fork(void)
{
  int bad;

  catch(SIGUSR1, on_signal, 0, 0);
  change_mask(SIG_SETMASK, set_of(SIGUSR2, 0));
  raise(SIGUSR2);
  bad = child_failures(fork_child_state);
  check(!(bad & 1), "fork: the child has the parent's handler");
  check(!(bad & 2), "fork: the child has the parent's mask");
  check(!(bad & 4), "fork: the parent's pending signal is not the child's");
  check(!(bad & 8), "fork: the handler works in the child");
  signal(SIGUSR2, SIG_IGN);            // drops the pending SIGUSR2
  change_mask(SIG_SETMASK, 0);
}

// The signal state after exec, in /proc/<pid>/status's format.  Linux's
// qemu-riscv64 cannot exec a riscv64 program, so there the exec'd program
// is the host's cat, and Linux prints the same lines about it.
static int
exec_child(void)
{
  sigset_t ign = 0, caught = 0;

  for (int sig = 1; sig < NSIG; sig++) {
    sighandler_t h = action_of(sig);
    if (h == SIG_IGN)
      sigaddset(&ign, sig);
    else if (h != SIG_DFL)
      sigaddset(&caught, sig);
  }
  printf("SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n", current_mask(), ign, caught);
  return 0;
}

static int
exec_reporter(void)
{
  char *mine[] = { (char *)self, "exec-child", 0 };
  char *cat[] = { "cat", "/proc/self/status", 0 };

  dup2(gate[1], 1);
  if (on_rvos())
    execvp(self, mine);
  else
    execv("/bin/cat", cat);
  return 127;
}

static unsigned long
status_field(const char *text, const char *name)
{
  const char *p = strstr(text, name);

  return p ? strtoul(p + strlen(name), 0, 16) : 0;
}

static void
test_exec(void)
{
  char text[4096];
  int n = 0, r;
  pid_t pid;

  catch(SIGUSR1, on_signal, 0, 0);
  signal(SIGTERM, SIG_IGN);
  change_mask(SIG_SETMASK, set_of(SIGUSR2, 0));
  pipe(gate);
  pid = spawn(exec_reporter);
  close(gate[1]);
  while (n < (int)sizeof(text) - 1 && (r = read(gate[0], text + n, sizeof(text) - 1 - n)) > 0)
    n += r;
  text[n] = 0;
  close(gate[0]);
  check_status(reap(pid), W_EXITED(0), "exec: the program ran");
  check(status_field(text, "SigBlk:") & set_of(SIGUSR2, 0), "exec keeps the mask");
  check(status_field(text, "SigIgn:") & set_of(SIGTERM, 0), "exec keeps SIG_IGN");
  check(!((status_field(text, "SigCgt:") | status_field(text, "SigIgn:")) & set_of(SIGUSR1, 0)),
        "exec resets a handled signal to SIG_DFL");
  signal(SIGTERM, SIG_DFL);
  change_mask(SIG_SETMASK, 0);
}

static void
test_mask(void)
{
  test_pending();
  test_procmask();
  test_sigsuspend();
  test_fork();
  test_exec();
}

// ---- default -------------------------------------------------------------------

static int store_to_null(void) { *(volatile int *)0 = 1; return 2; }
static int call_abort(void) { abort(); }

static int
abort_ignored(void)
{
  signal(SIGABRT, SIG_IGN);
  abort();
}

static int
abort_caught(void)
{
  catch(SIGABRT, on_signal, 0, 0);
  abort();
}

static int
raise_ignored_by_default(void)
{
  raise(SIGCHLD);
  raise(SIGURG);
  raise(SIGWINCH);
  raise(SIGCONT);
  return 0;
}

static int
ignore_sigterm(void)
{
  sigset_t pending;

  signal(SIGTERM, SIG_IGN);
  kill(getpid(), SIGTERM);
  return sigpending(&pending) == 0 && pending == 0 ? 0 : 1;
}

static void
killed_by(int sig, const char *what)
{
  pid_t pid = spawn(pause_forever);

  kill(pid, sig);
  check_status(reap(pid), W_SIGNALED(sig), what);
}

// SIGCHLD as the handler saw it.
static struct {
  int code, status;
  pid_t pid;
} chld[8];
static volatile sig_atomic_t nchld;

static void
on_chld(int sig, siginfo_t *si, void *uc)
{
  (void)sig;
  (void)uc;
  if (nchld < 8) {
    chld[nchld].code = si->si_code;
    chld[nchld].status = si->si_status;
    chld[nchld].pid = si->si_pid;
    nchld++;
  }
}

static int exit7(void) { return 7; }

static void
test_sigchld_info(void)
{
  pid_t pid;

  nchld = 0;
  catch_info(SIGCHLD, on_chld, SA_RESTART);
  pid = spawn(exit7);
  check(await_count(&nchld, 1) && chld[0].code == CLD_EXITED && chld[0].status == 7 &&
            chld[0].pid == pid,
        "SIGCHLD handler: CLD_EXITED, si_status the exit code, si_pid the child");
  reap(pid);
  pid = spawn(pause_forever);
  kill(pid, SIGKILL);
  check(await_count(&nchld, 2) && chld[1].code == CLD_KILLED && chld[1].status == SIGKILL,
        "SIGCHLD handler: CLD_KILLED, si_status the signal");
  reap(pid);
  signal(SIGCHLD, SIG_DFL);
}

static void
test_default(void)
{
  killed_by(SIGTERM, "SIGTERM kills by default (WTERMSIG SIGTERM)");
  killed_by(SIGINT, "SIGINT kills by default");
  killed_by(SIGUSR2, "SIGUSR2 kills by default");
  killed_by(SIGKILL, "SIGKILL kills");
  check_status(run_child(store_to_null), W_SIGNALED(SIGSEGV), "a store to NULL: SIGSEGV");
  check_status(run_child(call_abort), W_SIGNALED(SIGABRT), "abort(): SIGABRT");
  check_status(run_child(abort_ignored), W_SIGNALED(SIGABRT), "abort() with SIGABRT ignored: SIGABRT");
  check_status(run_child(abort_caught), W_SIGNALED(SIGABRT),
               "abort() with a handler that returns: SIGABRT");
  check_status(run_child(raise_ignored_by_default), W_EXITED(0),
               "SIGCHLD, SIGURG, SIGWINCH, SIGCONT are ignored by default");
  check_status(run_child(ignore_sigterm), W_EXITED(0), "SIG_IGN: SIGTERM is harmless and not left pending");
  if (handlers_run())
    test_sigchld_info();
}

// ---- stop ----------------------------------------------------------------------

// A child in a process group of its own (whose parent is in another group
// of the session, so the group is not orphaned and SIGTSTP stops it),
// waiting at the gate.
static pid_t
gated_child(void)
{
  pid_t pid;

  pipe(gate);
  pid = spawn(wait_at_gate);
  setpgid(pid, pid);
  close(gate[0]);
  return pid;
}

static void
close_gate(void)
{
  close(gate[1]);
}

static int
stopped_by(pid_t pid, int sig)
{
  int st = 0;

  return waitpid_timeout(pid, &st, WUNTRACED, TIMEOUT_MS) == pid && WIFSTOPPED(st) &&
         WSTOPSIG(st) == sig;
}

static int
continued(pid_t pid)
{
  int st = 0;

  return waitpid_timeout(pid, &st, WCONTINUED, TIMEOUT_MS) == pid && WIFCONTINUED(st);
}

// Returns 0 when the child did not stop (it is killed): the checks after
// it would only wait out their timeouts.
static int
stop_and_continue(int sig, const char *name)
{
  char what[96];
  pid_t pid = gated_child();

  kill(pid, sig);
  snprintf(what, sizeof(what), "%s: waitpid(WUNTRACED) reports WIFSTOPPED, WSTOPSIG %s", name, name);
  if (!check(stopped_by(pid, sig), what)) {
    kill(pid, SIGKILL);
    reap(pid);
    close_gate();
    return 0;
  }
  snprintf(what, sizeof(what), "%s: the child's state is T", name);
  check(proc_state(pid) == 'T', what);
  kill(pid, SIGCONT);
  check(continued(pid), "SIGCONT: waitpid(WCONTINUED) reports WIFCONTINUED");
  check(await_state(pid, "SR", TIMEOUT_MS), "SIGCONT: the child is no longer stopped");
  open_gate();
  check_status(reap(pid), W_EXITED(0), "the continued child's read gets its byte; it exits 0");
  close_gate();
  return 1;
}

static void
test_stop_kill(void)
{
  pid_t pid = gated_child();

  kill(pid, SIGSTOP);
  stopped_by(pid, SIGSTOP);
  kill(pid, SIGKILL);
  check_status(reap(pid), W_SIGNALED(SIGKILL), "SIGKILL ends a stopped child");
  close_gate();
}

static void
sigchld_for_stops(int flags)
{
  pid_t pid = gated_child();

  kill(pid, SIGSTOP);
  stopped_by(pid, SIGSTOP);
  if (flags & SA_NOCLDSTOP) {
    kill(pid, SIGCONT);
    continued(pid);
    check(nchld == 0, "SA_NOCLDSTOP: no SIGCHLD when the child stops or continues");
  } else {
    check(await_count(&nchld, 1) && chld[0].code == CLD_STOPPED && chld[0].status == SIGSTOP,
          "SIGCHLD handler: CLD_STOPPED, si_status SIGSTOP");
    kill(pid, SIGCONT);
    continued(pid);
    check(await_count(&nchld, 2) && chld[1].code == CLD_CONTINUED && chld[1].status == SIGCONT,
          "SIGCHLD handler: CLD_CONTINUED, si_status SIGCONT");
  }
  open_gate();
  reap(pid);
  close_gate();
}

static void
test_stop(void)
{
  if (!stop_and_continue(SIGSTOP, "SIGSTOP") || !stop_and_continue(SIGTSTP, "SIGTSTP"))
    return;                            // nothing stops: the rest would fail the same way
  test_stop_kill();
  nchld = 0;
  catch_info(SIGCHLD, on_chld, SA_RESTART);
  sigchld_for_stops(0);
  nchld = 0;
  catch_info(SIGCHLD, on_chld, SA_RESTART | SA_NOCLDSTOP);
  sigchld_for_stops(SA_NOCLDSTOP);
  signal(SIGCHLD, SIG_DFL);
}

// ---- restart -------------------------------------------------------------------

// Signals the parent once it sleeps (in the call under test), then, once
// it sleeps again, writes a byte to the gate.
static int
interrupt_parent(void)
{
  pid_t parent = getppid();

  close(gate[0]);
  if (!await_state(parent, "S", TIMEOUT_MS) || kill(parent, SIGUSR1) < 0)
    return 1;
  sleep_ms(50);
  if (!await_state(parent, "S", TIMEOUT_MS) || write(gate[1], "x", 1) != 1)
    return 2;
  return 0;
}

static void
interrupted_read(int flags)
{
  char c = 0;
  long n;
  pid_t pid;

  catch(SIGUSR1, on_signal, flags, 0);
  pipe(gate);
  pid = spawn(interrupt_parent);
  close(gate[1]);                      // read sees end of file if the child fails
  n = read(gate[0], &c, 1);
  if (flags & SA_RESTART) {
    check(n == 1 && c == 'x' && hits == 1, "SA_RESTART: the read is restarted after the handler, gets the byte");
  } else {
    check_errno(n, EINTR, "read of an empty pipe interrupted by a handler: EINTR");
    check(hits == 1, "the handler ran");
    check(read(gate[0], &c, 1) == 1 && c == 'x', "the next read gets the byte");
  }
  check_status(reap(pid), W_EXITED(0), "the child saw the parent asleep and woke it");
  close(gate[0]);
}

static void
interrupted_nanosleep(int flags)
{
  struct timespec req = { 10, 0 }, rem = { 0, 0 };
  pid_t pid;

  catch(SIGUSR1, on_signal, flags, 0);
  pid = spawn(signal_parent_asleep);
  check_errno(nanosleep(&req, &rem), EINTR,
              flags ? "nanosleep interrupted by a handler: EINTR even with SA_RESTART"
                    : "nanosleep interrupted by a handler: EINTR");
  check(rem.tv_sec < 10 && (rem.tv_sec > 0 || rem.tv_nsec > 0), "rem holds the time left");
  reap(pid);
}

// nanosleep(2 s), stopped for half a second after half a second: it goes
// on for the time it had left, not for 2 s again.
static int
sleep_through_stop(void)
{
  struct timespec req = { 2, 0 };
  long t0 = now_ms();

  if (nanosleep(&req, 0) != 0)
    return 1;
  long ms = now_ms() - t0;
  return ms >= 1950 && ms < 2700 ? 0 : 2;
}

static void
stopped_nanosleep(void)
{
  pid_t pid = spawn(sleep_through_stop);

  sleep_ms(500);
  kill(pid, SIGSTOP);
  sleep_ms(500);
  kill(pid, SIGCONT);
  check_status(reap(pid), W_EXITED(0), "nanosleep stopped and continued sleeps only the time it had left");
}

static void
test_restart(void)
{
  if (!handlers_run())
    return;
  interrupted_read(0);
  interrupted_read(SA_RESTART);
  interrupted_nanosleep(0);
  interrupted_nanosleep(SA_RESTART);
  stopped_nanosleep();
}

// ---- pipe ----------------------------------------------------------------------

// Writes to a pipe whose read end is closed; returns 0 if write fails
// with EPIPE.
static int
write_unread_pipe(void)
{
  int p[2];

  pipe(p);
  close(p[0]);
  return write(p[1], "x", 1) == -1 && errno == EPIPE ? 0 : 1;
}

static int
write_with_sigpipe_ignored(void)
{
  signal(SIGPIPE, SIG_IGN);
  return write_unread_pipe();
}

static int
write_with_sigpipe_caught(void)
{
  catch(SIGPIPE, on_signal, 0, 0);
  return write_unread_pipe() | (hits == 1 && last_sig == SIGPIPE ? 0 : 2);
}

static void
test_pipe(void)
{
  check_status(run_child(write_unread_pipe), W_SIGNALED(SIGPIPE),
               "write to a pipe with no reader: SIGPIPE kills by default");
  check_status(run_child(write_with_sigpipe_ignored), W_EXITED(0), "with SIGPIPE ignored: EPIPE");
  check_status(run_child(write_with_sigpipe_caught), W_EXITED(0),
               "with a SIGPIPE handler: the handler runs and write fails with EPIPE");
}

// ---- pgrp ----------------------------------------------------------------------

static int
new_group(void)
{
  int bad = 0;

  if (setpgid(0, 0) != 0)
    bad |= 1;
  if (getpgrp() != getpid() || getpgid(0) != getpid())
    bad |= 2;
  return bad;
}

static void
test_groups(void)
{
  pid_t a, b, other;
  int bad = child_failures(new_group), st;

  check(!(bad & 1), "setpgid(0, 0) succeeds");
  check(!(bad & 2), "then getpgrp() == getpgid(0) == getpid()");
  check(getpgid(0) == getpgrp(), "getpgid(0) == getpgrp()");

  a = spawn(pause_forever);
  b = spawn(pause_forever);
  other = spawn(pause_forever);
  check(setpgid(a, a) == 0 && getpgid(a) == a, "the parent puts a child in a new group");
  check(setpgid(b, a) == 0 && getpgid(b) == a, "and a second child in that group");
  check(getpgid(other) == getpgrp(), "a child starts in its parent's group");
  check(kill(-a, SIGTERM) == 0, "kill(-pgid, SIGTERM)");
  check_status(reap(a), W_SIGNALED(SIGTERM), "kill(-pgid) reaches the group's leader");
  check_status(reap(b), W_SIGNALED(SIGTERM), "and the other member");
  sleep_ms(20);
  check(waitpid(other, &st, WNOHANG) == 0, "but no process outside the group");
  kill(other, SIGKILL);
  reap(other);
  check_errno(kill(-a, SIGTERM), ESRCH, "kill(-pgid) of an empty group: ESRCH");
  check_errno(killpg(-1, SIGTERM), EINVAL, "killpg(-1): EINVAL");
}

// In a group of its own with a grandchild: kill(0) reaches both.
static int
kill_own_group(void)
{
  pid_t g;
  int bad = 0;

  setpgid(0, 0);
  signal(SIGUSR1, SIG_DFL);            // the grandchild dies of it...
  g = spawn(pause_forever);
  catch(SIGUSR1, on_signal, 0, 0);     // ...and we catch it
  hits = 0;
  kill(0, SIGUSR1);
  if (hits != 1)
    bad |= 1;
  if (reap(g) != W_SIGNALED(SIGUSR1))
    bad |= 2;
  return bad;
}

static void
test_kill_zero(void)
{
  int bad;

  catch(SIGUSR1, on_signal, 0, 0);
  bad = child_failures(kill_own_group);
  check(!(bad & 1), "kill(0, sig) reaches the caller");
  check(!(bad & 2), "kill(0, sig) reaches the rest of the caller's group");
  check(hits == 0, "kill(0, sig) does not reach another group");
  signal(SIGUSR1, SIG_DFL);
}

static int gate_exit_code;

static int
exit_at_gate(void)
{
  wait_at_gate();
  return gate_exit_code;
}

static pid_t
gated_exit(int code, int new_group)
{
  pid_t pid;

  gate_exit_code = code;
  pid = spawn(exit_at_gate);
  if (new_group)
    setpgid(pid, pid);
  return pid;
}

static void
test_wait_group(void)
{
  pid_t x, y, z;
  int st = -1;

  pipe(gate);
  x = gated_exit(1, 1);
  y = gated_exit(2, 0);
  z = gated_exit(3, 1);
  close(gate[0]);
  close(gate[1]);                      // all three exit
  check(await_state(x, "Z", TIMEOUT_MS) && await_state(y, "Z", TIMEOUT_MS) &&
            await_state(z, "Z", TIMEOUT_MS),
        "three children in two groups have exited");
  check(waitpid(-x, &st, 0) == x && st == W_EXITED(1), "waitpid(-pgid) takes the child in that group");
  check(waitpid(0, &st, 0) == y && st == W_EXITED(2), "waitpid(0) takes the child in the caller's group");
  check_errno(waitpid(-x, &st, 0), ECHILD, "waitpid(-pgid) when no child is in the group: ECHILD");
  check(waitpid(-1, &st, 0) == z && st == W_EXITED(3), "waitpid(-1) takes the last one");
}

static int
new_session(void)
{
  int bad = 0;

  if (setsid() != getpid())
    bad |= 1;
  if (getsid(0) != getpid() || getpgrp() != getpid())
    bad |= 2;
  if (!(setsid() == -1 && errno == EPERM))
    bad |= 4;
  if (!(setpgid(0, 0) == -1 && errno == EPERM))
    bad |= 8;
  return bad;
}

static int
leader_setsid(void)
{
  setpgid(0, 0);
  return setsid() == -1 && errno == EPERM ? 0 : 1;
}

static int
session_at_gate(void)
{
  setsid();
  return wait_at_gate();
}

static void
test_sessions(void)
{
  pid_t pid, gone;
  int bad = child_failures(new_session);

  check(!(bad & 1), "setsid() returns the new session's id, the caller's pid");
  check(!(bad & 2), "then getsid(0) == getpgrp() == getpid()");
  check(!(bad & 4), "setsid() again (now a group leader): EPERM");
  check(!(bad & 8), "a session leader cannot change its group: EPERM");
  check_status(run_child(leader_setsid), W_EXITED(0), "setsid() by a group leader: EPERM");

  pid = spawn(pause_forever);
  check(getsid(pid) == getsid(0), "a child is in its parent's session");
  kill(pid, SIGKILL);
  reap(pid);
  gone = pid;

  pipe(gate);
  pid = spawn(session_at_gate);
  close(gate[0]);
  for (int ms = 0; getsid(pid) != pid && ms < TIMEOUT_MS; ms += 5)
    sleep_ms(5);
  check_errno(setpgid(pid, pid), EPERM, "setpgid of a child in another session: EPERM");
  open_gate();
  reap(pid);
  close_gate();

  check_errno(setpgid(0, -1), EINVAL, "setpgid(0, -1): EINVAL");
  check_errno(setpgid(getppid(), getppid()), ESRCH, "setpgid of a process not the caller or its child: ESRCH");
  check_errno(setpgid(0, gone), EPERM, "setpgid to a group that does not exist: EPERM");
  check_errno(getpgid(gone), ESRCH, "getpgid of no process: ESRCH");
  check_errno(getsid(gone), ESRCH, "getsid of no process: ESRCH");
  pipe(gate);
  check_errno(tcgetpgrp(gate[0]), ENOTTY, "tcgetpgrp on a pipe: ENOTTY");
  close(gate[0]);
  close(gate[1]);
}

static void
test_pgrp(void)
{
  test_groups();
  test_kill_zero();
  test_wait_group();
  test_sessions();
}

// ---- threads -------------------------------------------------------------------

#define ROUNDS 20

static volatile int stop_workers;
static volatile pid_t worker_tid;

static void *
worker(void *arg)
{
  (void)arg;
  worker_tid = gettid();
  while (!stop_workers)
    sleep_ms(5);
  return 0;
}

static pthread_t
start_worker(void)
{
  pthread_t t;

  stop_workers = 0;
  worker_tid = 0;
  pthread_create(&t, 0, worker, 0);
  while (!worker_tid)
    sleep_ms(1);
  return t;
}

// Sends sig with send() ROUNDS times; returns how many times the handler
// ran in thread tid.
static int
taken_by(pid_t tid, int (*send)(int sig), int sig)
{
  int good = 0;

  for (int i = 0; i < ROUNDS; i++) {
    handler_tid = 0;
    hits = 0;
    send(sig);
    good += await_count(&hits, 1) && handler_tid == tid;
  }
  return good;
}

static int to_worker(int sig) { return tgkill(getpid(), worker_tid, sig); }
static int to_process(int sig) { return kill(getpid(), sig); }

static int
tgkill_kills_all(void)
{
  start_worker();
  tgkill(getpid(), worker_tid, SIGTERM);
  sleep_ms(2000);
  return 1;                            // still here: only the thread ended
}

static void
test_threads(void)
{
  pthread_t t;

  if (!handlers_run())
    return;
  catch(SIGUSR1, on_signal, 0, 0);
  t = start_worker();
  check(taken_by(worker_tid, to_worker, SIGUSR1) == ROUNDS, "tgkill: the handler runs in the target thread");
  check(taken_by(gettid(), raise, SIGUSR1) == ROUNDS, "raise: the handler runs in the calling thread");
  change_mask(SIG_BLOCK, set_of(SIGUSR1, 0));
  check(taken_by(worker_tid, to_process, SIGUSR1) == ROUNDS,
        "kill: a thread that does not block the signal takes it");
  change_mask(SIG_SETMASK, 0);
  stop_workers = 1;
  pthread_join(t, 0);
  signal(SIGUSR1, SIG_DFL);
  check_status(run_child(tgkill_kills_all), W_SIGNALED(SIGTERM),
               "a fatal signal sent to one thread ends the whole process");
}

// ---- timer ---------------------------------------------------------------------

static int
alarm_kills(void)
{
  signal(SIGALRM, SIG_DFL);
  alarm(1);
  pause();
  return 0;                            // not reached: SIGALRM terminates
}

static int
timer_not_inherited(void)
{
  struct itimerval cur;

  getitimer(ITIMER_REAL, &cur);
  return cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0 ? 0 : 1;
}

static void
test_alarm(void)
{
  catch(SIGALRM, on_signal, 0, 0);
  long t0 = now_ms();
  check(alarm(1) == 0, "alarm(1) with none pending returns 0");
  check_errno(pause(), EINTR, "pause() returns EINTR after the SIGALRM handler");
  long ms = now_ms() - t0;
  check(hits == 1 && last_sig == SIGALRM, "SIGALRM came once");
  if (!check(ms >= 900 && ms < 3000, "about a second later"))
    printf("  after %ld ms\n", ms);
  alarm(5);
  check(alarm(0) == 5, "alarm(0) returns the seconds left of the one before");
  check(alarm(0) == 0, "and cancelled it");
  check_status(run_child(alarm_kills), W_SIGNALED(SIGALRM), "SIGALRM's default action terminates");
  alarm(10);
  check_status(run_child(timer_not_inherited), W_EXITED(0), "fork does not copy a pending alarm");
  alarm(0);
}

static void
test_interval(void)
{
  struct itimerval it = { { 0, 50000 }, { 0, 50000 } }, cur;

  catch(SIGALRM, on_signal, 0, 0);
  check(setitimer(ITIMER_REAL, &it, 0) == 0, "setitimer ITIMER_REAL every 50 ms");
  getitimer(ITIMER_REAL, &cur);
  check(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 50000 && cur.it_value.tv_sec == 0 &&
        cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 50000,
        "getitimer: the interval, and a value that is counting down");
  long t0 = now_ms();
  check(await_count(&hits, 5), "5 signals arrive");
  long ms = now_ms() - t0;
  if (!check(ms >= 180 && ms < 3000, "about 50 ms apart"))
    printf("  5 signals in %ld ms\n", ms);
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  check(setitimer(ITIMER_REAL, &off, &cur) == 0 && cur.it_interval.tv_usec == 50000,
        "setitimer to zero disarms it and returns the old setting");
  int seen = hits;
  sleep_ms(200);
  check(hits == seen, "no signal after it is disarmed");
  getitimer(ITIMER_REAL, &cur);
  check(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0, "getitimer reads zero");
}

// Spins in user mode until a signal counted in hits arrives; whether it
// did within 10 s.  The clock is read rarely: time spent in that system
// call is not user time, which ITIMER_VIRTUAL counts.
static int
spin_until_hit(void)
{
  long end = now_ms() + 10000;

  while (hits == 0 && now_ms() < end)
    for (volatile int i = 0; i < 100000 && hits == 0; i++)
      ;
  return hits > 0;
}

static void
test_cpu_timers(void)
{
  struct itimerval it = { { 0, 0 }, { 0, 100000 } };

  catch(SIGVTALRM, on_signal, 0, 0);
  setitimer(ITIMER_VIRTUAL, &it, 0);
  check(spin_until_hit() && last_sig == SIGVTALRM, "ITIMER_VIRTUAL: SIGVTALRM after 100 ms of CPU");
  catch(SIGPROF, on_signal, 0, 0);
  setitimer(ITIMER_PROF, &it, 0);
  check(spin_until_hit() && last_sig == SIGPROF, "ITIMER_PROF: SIGPROF after 100 ms of CPU");
  catch(SIGVTALRM, on_signal, 0, 0);
  setitimer(ITIMER_VIRTUAL, &it, 0);
  sleep_ms(300);
  check(hits == 0, "sleeping uses no virtual time");
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  setitimer(ITIMER_VIRTUAL, &off, 0);
}

// clock_nanosleep: a relative sleep and one to an absolute time.
static void
test_clock_nanosleep(void)
{
  struct timespec req = { 0, 200000000 }, now;

  long t0 = now_ms();
  check(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, 0) == 0 && now_ms() - t0 >= 190,
        "clock_nanosleep for 200 ms");
  clock_gettime(CLOCK_MONOTONIC, &now);
  now.tv_nsec += 200000000;
  if (now.tv_nsec >= 1000000000) {
    now.tv_sec++;
    now.tv_nsec -= 1000000000;
  }
  t0 = now_ms();
  check(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, 0) == 0 && now_ms() - t0 >= 190,
        "clock_nanosleep until a time 200 ms ahead");
  check(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &now, 0) == 0,
        "clock_nanosleep until a time passed returns at once");
  req.tv_nsec = 1000000000;
  check(clock_nanosleep(CLOCK_MONOTONIC, 0, &req, 0) == EINVAL, "tv_nsec of a billion: EINVAL (returned)");
}

static void
test_timer_errors(void)
{
  struct itimerval bad = { { 0, 0 }, { 0, 1000000 } }, cur;

  check_errno(setitimer(3, &bad, 0), EINVAL, "setitimer of an unknown timer: EINVAL");
  check_errno(setitimer(ITIMER_REAL, &bad, 0), EINVAL, "tv_usec of a million: EINVAL");
  check_errno(getitimer(-1, &cur), EINVAL, "getitimer of an unknown timer: EINVAL");
  check_errno(getitimer(ITIMER_REAL, (struct itimerval *)BAD_POINTER), EFAULT, "getitimer to a bad pointer: EFAULT");
}

static void
test_timer(void)
{
  alarm(0);                            // main's watchdog: this part tests alarm itself
  if (!handlers_run())
    return;
  test_alarm();
  test_interval();
  test_cpu_timers();
  test_clock_nanosleep();
  test_timer_errors();
}

// ---- main ----------------------------------------------------------------------

static const struct {
  const char *name;
  void (*run)(void);
} parts[] = {
  { "handler", test_handler }, { "sigreturn", test_sigreturn }, { "mask", test_mask },
  { "default", test_default }, { "stop", test_stop },           { "restart", test_restart },
  { "pipe", test_pipe },       { "pgrp", test_pgrp },           { "threads", test_threads },
  { "timer", test_timer },
};

int
main(int argc, char **argv)
{
  int failed = 0, found = 0;

  self = argv[0];
  if (argc > 1 && strcmp(argv[1], "exec-child") == 0)
    return exec_child();
  for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
    if (argc > 1 && strcmp(argv[1], parts[i].name) != 0)
      continue;
    found = 1;
    reset_signals();
    alarm(PART_LIMIT);
    test_start(parts[i].name);
    parts[i].run();
    failed |= test_done();
    alarm(0);
  }
  if (!found) {
    fprintf(stderr, "usage: sigtest [handler|sigreturn|mask|default|stop|restart|pipe|pgrp|threads|timer]\n");
    return 2;
  }
  return failed;
}
