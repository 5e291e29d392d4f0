// Processes: creation, exec, wait, ids, groups and sessions, and the
// program break and memory mappings.
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "syscall.h"
#include "thread.h"

// Runs the library's fork hooks (see thread.h): locks are taken in lock
// order (pthread, stdio, malloc) and released in the reverse order.
static void
atfork(int phase)
{
  if (phase == 0) {
    if (__pthread_atfork)
      __pthread_atfork(phase);
    if (__stdio_atfork)
      __stdio_atfork(phase);
  }
  if (__malloc_atfork)
    __malloc_atfork(phase);
  if (phase != 0) {
    if (__stdio_atfork)
      __stdio_atfork(phase);
    if (__pthread_atfork)
      __pthread_atfork(phase);
  }
}

// The raw riscv64 argument order is flags, stack, parent_tid, tls, child_tid.
// Only the calling thread is copied, so the library's locks are held across
// the clone: no other thread can be inside malloc or stdio at that moment.
pid_t
fork(void)
{
  long pid;

  atfork(0);
  pid = syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid == 0)
    __tls_atfork_child();
  atfork(pid == 0 ? 2 : 1);
  return sysret(pid);
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
  return sysret(syscall3(SYS_execve, path, argv, envp));
}

int
execv(const char *path, char *const argv[])
{
  return execve(path, argv, environ);
}

// The list forms: arguments up to a NULL (execle: then the environment).
// At most EXECL_MAX arguments; more is E2BIG.
#define EXECL_MAX 256

static int
collect_args(const char *arg0, va_list *ap, char **argv)
{
  int n = 0;

  for (const char *a = arg0; a; a = va_arg(*ap, const char *)) {
    if (n == EXECL_MAX) {
      errno = E2BIG;
      return -1;
    }
    argv[n++] = (char *)a;
  }
  argv[n] = 0;
  return n;
}

int
execl(const char *path, const char *arg0, ...)
{
  char *argv[EXECL_MAX + 1];
  va_list ap;

  va_start(ap, arg0);
  int n = collect_args(arg0, &ap, argv);
  va_end(ap);
  return n < 0 ? -1 : execv(path, argv);
}

int
execlp(const char *file, const char *arg0, ...)
{
  char *argv[EXECL_MAX + 1];
  va_list ap;

  va_start(ap, arg0);
  int n = collect_args(arg0, &ap, argv);
  va_end(ap);
  return n < 0 ? -1 : execvp(file, argv);
}

int
execle(const char *path, const char *arg0, ...)
{
  char *argv[EXECL_MAX + 1];
  va_list ap;

  va_start(ap, arg0);
  int n = collect_args(arg0, &ap, argv);
  char *const *envp = n < 0 ? 0 : va_arg(ap, char *const *);
  va_end(ap);
  return n < 0 ? -1 : execve(path, argv, envp);
}

// Tries each directory of $PATH (or /bin when it is unset) for a name
// without a '/'.  A file found but not executable is reported as such.
int
execvp(const char *file, char *const argv[])
{
  char path[PATH_MAX];
  const char *dirs = getenv("PATH");
  int denied = 0;

  if (strchr(file, '/'))
    return execv(file, argv);
  if (!dirs)
    dirs = "/bin";
  for (;;) {
    size_t dlen = strcspn(dirs, ":");
    if (dlen + 1 + strlen(file) < sizeof(path)) {
      memcpy(path, dirs, dlen);
      path[dlen] = '/';
      strcpy(path + dlen + 1, file);
      execv(path, argv);
      if (errno == EACCES)
        denied = 1;
      else if (errno != ENOENT && errno != ENOTDIR)
        return -1;
    }
    if (dirs[dlen] == 0)
      break;
    dirs += dlen + 1;
  }
  errno = denied ? EACCES : ENOENT;
  return -1;
}

pid_t
wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
  return sysret(syscall4(SYS_wait4, pid, status, options, ru));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
  return wait4(pid, status, options, 0);
}

pid_t
wait(int *status)
{
  return wait4(-1, status, 0, 0);
}

pid_t
getpid(void)
{
  return syscall0(SYS_getpid);
}

pid_t
getppid(void)
{
  return syscall0(SYS_getppid);
}

pid_t
gettid(void)
{
  return syscall0(SYS_gettid);
}

// Every process starts as root; the kernel keeps the ids a program sets
// (by Linux's rules) but checks no file permissions with them.
uid_t
getuid(void)
{
  return syscall0(SYS_getuid);
}

uid_t
geteuid(void)
{
  return syscall0(SYS_geteuid);
}

gid_t
getgid(void)
{
  return syscall0(SYS_getgid);
}

gid_t
getegid(void)
{
  return syscall0(SYS_getegid);
}

int
setuid(uid_t id)
{
  return sysret(syscall1(SYS_setuid, id));
}

int
setgid(gid_t id)
{
  return sysret(syscall1(SYS_setgid, id));
}

int
seteuid(uid_t id)
{
  return setresuid(-1, id, -1);
}

int
setegid(gid_t id)
{
  return setresgid(-1, id, -1);
}

int
setreuid(uid_t r, uid_t e)
{
  return sysret(syscall2(SYS_setreuid, r, e));
}

int
setregid(gid_t r, gid_t e)
{
  return sysret(syscall2(SYS_setregid, r, e));
}

int
setresuid(uid_t r, uid_t e, uid_t s)
{
  return sysret(syscall3(SYS_setresuid, r, e, s));
}

int
setresgid(gid_t r, gid_t e, gid_t s)
{
  return sysret(syscall3(SYS_setresgid, r, e, s));
}

int
getresuid(uid_t *r, uid_t *e, uid_t *s)
{
  return sysret(syscall3(SYS_getresuid, r, e, s));
}

int
getresgid(gid_t *r, gid_t *e, gid_t *s)
{
  return sysret(syscall3(SYS_getresgid, r, e, s));
}

int
getgroups(int size, gid_t list[])
{
  return sysret(syscall2(SYS_getgroups, size, list));
}

int
setgroups(size_t size, const gid_t *list)
{
  return sysret(syscall2(SYS_setgroups, size, list));
}

// Process groups and sessions (job control).
int
setpgid(pid_t pid, pid_t pgid)
{
  return sysret(syscall2(SYS_setpgid, pid, pgid));
}

pid_t
getpgid(pid_t pid)
{
  return sysret(syscall1(SYS_getpgid, pid));
}

pid_t
getpgrp(void)
{
  return getpgid(0);
}

pid_t
setsid(void)
{
  return sysret(syscall0(SYS_setsid));
}

pid_t
getsid(pid_t pid)
{
  return sysret(syscall1(SYS_getsid, pid));
}

pid_t
set_tid_address(int *tidptr)
{
  return syscall1(SYS_set_tid_address, tidptr);
}

int
sched_yield(void)
{
  return sysret(syscall0(SYS_sched_yield));
}

// The kernel's brk returns the new break, or the old one when it refuses.
static char *cur_brk;

int
brk(void *addr)
{
  char *got = (char *)syscall1(SYS_brk, addr);

  cur_brk = got;
  if (got != addr) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void *
sbrk(long increment)
{
  char *old;

  if (!cur_brk)
    cur_brk = (char *)syscall1(SYS_brk, 0);
  old = cur_brk;
  if (increment != 0 && brk(old + increment) < 0)
    return (void *)-1;
  return old;
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
  long r = syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);

  if (r < 0 && r > -4096) {            // an address is never in the errno range
    errno = -r;
    return MAP_FAILED;
  }
  return (void *)r;
}

int
munmap(void *addr, size_t len)
{
  return sysret(syscall2(SYS_munmap, addr, len));
}

int
mprotect(void *addr, size_t len, int prot)
{
  return sysret(syscall3(SYS_mprotect, addr, len, prot));
}

void *
mremap(void *old, size_t oldsize, size_t newsize, int flags, ...)
{
  va_list ap;
  void *newaddr = 0;

  if (flags & MREMAP_FIXED) {
    va_start(ap, flags);
    newaddr = va_arg(ap, void *);
    va_end(ap);
  }
  long r = syscall5(SYS_mremap, old, oldsize, newsize, flags, newaddr);
  if (r < 0 && r > -4096) {            // an address is never in the errno range
    errno = -r;
    return MAP_FAILED;
  }
  return (void *)r;
}

int
madvise(void *addr, size_t len, int advice)
{
  return sysret(syscall3(SYS_madvise, addr, len, advice));
}

int
msync(void *addr, size_t len, int flags)
{
  return sysret(syscall3(SYS_msync, addr, len, flags));
}

int
mincore(void *addr, size_t len, unsigned char *vec)
{
  return sysret(syscall3(SYS_mincore, addr, len, vec));
}
