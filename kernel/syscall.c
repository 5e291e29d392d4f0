// The system-call table and dispatch.
//
// Each handler is declared with its real parameter types (syscall.h).  It
// is called through a wrapper that takes the six raw 64-bit argument
// registers and lets C convert each to its parameter's type: an `int`
// parameter is then properly sign-extended whatever the user put in the
// upper half of the register, which the compiled handler relies on.
#include "syscall.h"
#include "proc/task.h"
#include "uapi/os/taskinfo.h"
#include "uapi/os/trace.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "errno.h"

// name, number of arguments
#define SYSCALLS(X) \
  X(getcwd, 2) X(dup, 1) X(dup3, 3) X(fcntl, 3) X(ioctl, 3) X(mknodat, 4) X(mkdirat, 3) X(unlinkat, 3) \
  X(linkat, 5) X(chdir, 1) X(openat, 4) X(close, 1) X(pipe2, 2) X(getdents64, 3) X(lseek, 3) \
  X(read, 3) X(write, 3) X(readv, 3) X(writev, 3) X(pread64, 4) X(pwrite64, 4) \
  X(newfstatat, 4) X(fstat, 2) X(sync, 0) X(fsync, 1) X(fdatasync, 1) X(syncfs, 1) X(exit, 1) X(exit_group, 1) \
  X(fchmod, 2) X(fchmodat, 3) X(fchown, 3) X(fchownat, 5) X(umask, 1) X(utimensat, 4) X(truncate, 2) \
  X(ftruncate, 2) X(faccessat, 3) X(faccessat2, 4) X(statx, 5) \
  X(set_tid_address, 1) X(kill, 2) X(tkill, 2) X(tgkill, 3) X(futex, 6) X(set_robust_list, 2) X(get_robust_list, 3) X(getpid, 0) X(getppid, 0) \
  X(getuid, 0) X(geteuid, 0) X(getgid, 0) X(getegid, 0) X(setuid, 1) X(setgid, 1) X(setreuid, 2) \
  X(setregid, 2) X(setresuid, 3) X(setresgid, 3) X(getresuid, 3) X(getresgid, 3) X(setfsuid, 1) \
  X(setfsgid, 1) X(getgroups, 2) X(setgroups, 2) \
  X(gettid, 0) X(clone, 5) X(execve, 3) X(wait4, 4) X(brk, 1) X(mmap, 6) X(munmap, 2) \
  X(mprotect, 3) X(mremap, 5) X(madvise, 3) X(msync, 3) X(mincore, 3) X(sched_yield, 0) \
  X(nanosleep, 2) X(restart_syscall, 0) X(getitimer, 2) X(setitimer, 3) X(clock_gettime, 2) X(clock_getres, 2) \
  X(clock_settime, 2) X(clock_nanosleep, 4) X(getcpu, 3) X(gettimeofday, 2) X(settimeofday, 2) X(uname, 1) \
  X(reboot, 4) X(sysinfo, 1) \
  X(sched_setaffinity, 3) X(sched_getaffinity, 3) X(setpriority, 3) X(getpriority, 2) X(times, 1) \
  X(getrusage, 2) X(getrlimit, 2) X(setrlimit, 2) X(prlimit64, 4) X(getrandom, 3) X(sigaltstack, 2) X(rt_sigsuspend, 2) X(rt_sigaction, 4) X(rt_sigprocmask, 4) X(rt_sigpending, 2) \
  X(rt_sigreturn, 0) X(rt_sigtimedwait, 4) X(rt_sigqueueinfo, 3) X(rt_tgsigqueueinfo, 4) X(setpgid, 2) \
  X(getpgid, 1) X(getsid, 1) X(setsid, 0) \
  X(eventfd2, 2) X(signalfd4, 4) X(timerfd_create, 2) X(timerfd_settime, 4) X(timerfd_gettime, 2) \
  X(umount2, 2) X(mount, 5) X(statfs, 2) X(fstatfs, 2) X(fchdir, 1) X(chroot, 1) X(symlinkat, 3) \
  X(readlinkat, 4) X(renameat2, 5) X(ppoll, 5) X(pselect6, 6) OWN_SYSCALLS(X)

// This OS's own calls, numbered from 1000 (uapi/os/).
// LAB syscall BEGIN
#define OWN_SYSCALLS(X) X(taskinfo, 2) X(trace, 2)
// LAB syscall STUB
// #define OWN_SYSCALLS(X) X(taskinfo, 2)
// LAB syscall END

#define CALL_0(n) sys_##n()
#define CALL_1(n) sys_##n(a[0])
#define CALL_2(n) sys_##n(a[0], a[1])
#define CALL_3(n) sys_##n(a[0], a[1], a[2])
#define CALL_4(n) sys_##n(a[0], a[1], a[2], a[3])
#define CALL_5(n) sys_##n(a[0], a[1], a[2], a[3], a[4])
#define CALL_6(n) sys_##n(a[0], a[1], a[2], a[3], a[4], a[5])

#define WRAPPER(n, k) static long wrap_##n(const uint64_t *a) { return CALL_##k(n); }
SYSCALLS(WRAPPER)

#define ENTRY(n, k) [SYS_##n] = wrap_##n,
static long (*const table[])(const uint64_t *) = { SYSCALLS(ENTRY) };

long sys_trace(uint64_t umask, size_t len)
{
  // LAB syscall BEGIN
  uint64_t mask[TRACE_NR / 64] = { 0 };
  if (len > sizeof mask)
    return -EINVAL;
  if (copy_from_user(mask, umask, len) < 0)
    return -EFAULT;
  memcpy(current->trace_mask, mask, sizeof mask);
  return 0;
  // LAB syscall STUB
  // (void)umask;
  // (void)len;
  // return -ENOSYS;
  // LAB syscall END
}

// LAB syscall BEGIN
#define NAME(n, k) [SYS_##n] = #n,
static const char *const names[] = { SYSCALLS(NAME) };

// The line a traced call prints when it returns (uapi/os/trace.h).
static void trace_return(uint64_t nr, long ret)
{
  if (nr >= TRACE_NR || !(current->trace_mask[nr / 64] >> (nr % 64) & 1))
    return;
  if (nr < sizeof names / sizeof names[0] && names[nr])
    printf("trace %d: %s -> %ld\n", current->tid, names[nr], ret);
  else
    printf("trace %d: syscall %lu -> %ld\n", current->tid, nr, ret);
}
// LAB syscall END

int enosys_report = 1;

// An unknown system call answers ENOSYS; the console says so, once per
// number and program, so a student sees which call a program missed.
static void report_unknown(uint64_t nr)
{
  struct signal *s = current->signal;
  uint64_t bit = nr < ENOSYS_WORDS * 64 ? nr : ENOSYS_WORDS * 64 - 1;
  uint64_t mask = 1ULL << (bit % 64);
  if (!enosys_report || (__atomic_fetch_or(&s->enosys_seen[bit / 64], mask, __ATOMIC_RELAXED) & mask))
    return;
  printf("rvos: %s (pid %d) called system call %lu, which this kernel lacks: ENOSYS\n", current->name,
         current->tgid, nr);
}

void syscall_dispatch(struct trapframe *tf)
{
  uint64_t nr = tf->a7;
  const uint64_t args[6] = { tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5 };
  long (*fn)(const uint64_t *) = nr < sizeof table / sizeof table[0] ? table[nr] : 0;
  // For restarting the call after a signal (proc/signal.c): a0 is overwritten.
  current->in_syscall = 1;
  current->orig_a0 = tf->a0;
  // LAB syscall BEGIN
  current->syscalls++;
  // LAB syscall END
  if (!fn)
    report_unknown(nr);
  tf->a0 = fn ? fn(args) : -ENOSYS;
  // LAB syscall BEGIN
  trace_return(nr, tf->a0);
  // LAB syscall END
}
