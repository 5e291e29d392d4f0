// The system-call table and dispatch.
#include "syscall.h"
#include "proc/task.h"
#include "uapi/os/taskinfo.h"
#include "errno.h"

typedef long (*syscall_fn)(long, long, long, long, long, long);
#define S(name) [SYS_##name] = (syscall_fn)sys_##name

static const syscall_fn table[] = {
  S(getcwd), S(dup), S(dup3), S(ioctl), S(mknodat), S(mkdirat), S(unlinkat), S(linkat), S(chdir),
  S(openat), S(close), S(pipe2), S(getdents64), S(lseek), S(read), S(write), S(newfstatat), S(fstat),
  S(exit), S(exit_group), S(set_tid_address), S(nanosleep), S(clock_gettime), S(sched_yield), S(kill),
  S(reboot), S(uname), S(gettimeofday), S(getpid), S(getppid), S(gettid), S(sysinfo), S(brk), S(clone),
  S(execve), S(wait4), S(taskinfo), S(futex), S(tkill), S(tgkill),
};

void syscall_dispatch(struct trapframe *tf)
{
  uint64_t nr = tf->a7;
  syscall_fn fn = nr < sizeof table / sizeof table[0] ? table[nr] : 0;
  tf->a0 = fn ? fn(tf->a0, tf->a1, tf->a2, tf->a3, tf->a4, tf->a5) : -ENOSYS;
}
