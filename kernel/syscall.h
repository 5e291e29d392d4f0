// System calls: Linux riscv64 (asm-generic) numbers, arguments in a0..a5,
// result in a0, errors as negative errno.  Pointer arguments are user
// addresses (uint64_t) and go through the checked copies in mm/mm.h.
#pragma once
#include <stdint.h>
#include <stddef.h>

#include "uapi/linux/unistd.h"     // SYS_*
// SYS_taskinfo (1000) and SYS_trace (1001) are this OS's own: see
// uapi/os/taskinfo.h and uapi/os/trace.h.

// fs/sys_file.c
long sys_getcwd(uint64_t buf, size_t size);
long sys_dup(int fd);
long sys_dup3(int oldfd, int newfd, int flags);
long sys_fcntl(int fd, int cmd, unsigned long arg);
long sys_ioctl(int fd, unsigned long req, uint64_t arg);
long sys_mknodat(int dirfd, uint64_t path, uint32_t mode, uint64_t dev);
long sys_mkdirat(int dirfd, uint64_t path, uint32_t mode);
long sys_unlinkat(int dirfd, uint64_t path, int flags);
long sys_linkat(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, int flags);
long sys_chdir(uint64_t path);
long sys_openat(int dirfd, uint64_t path, int flags, uint32_t mode);
long sys_close(int fd);
long sys_pipe2(uint64_t fds, int flags);
long sys_getdents64(int fd, uint64_t buf, size_t len);
long sys_lseek(int fd, long off, int whence);
long sys_read(int fd, uint64_t buf, size_t n);
long sys_write(int fd, uint64_t buf, size_t n);
long sys_readv(int fd, uint64_t iov, int cnt);
long sys_writev(int fd, uint64_t iov, int cnt);
long sys_pread64(int fd, uint64_t buf, size_t n, long off);
long sys_pwrite64(int fd, uint64_t buf, size_t n, long off);
long sys_newfstatat(int dirfd, uint64_t path, uint64_t st, int flags);
long sys_umount2(uint64_t target, int flags);
long sys_mount(uint64_t source, uint64_t target, uint64_t type, unsigned long flags, uint64_t data);
long sys_statfs(uint64_t path, uint64_t buf);
long sys_fstatfs(int fd, uint64_t buf);
long sys_fchdir(int fd);
long sys_chroot(uint64_t path);
long sys_symlinkat(uint64_t target, int newdirfd, uint64_t path);
long sys_readlinkat(int dirfd, uint64_t path, uint64_t buf, int size);
long sys_renameat2(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, unsigned int flags);
// fs/sys_poll.c
long sys_ppoll(uint64_t fds, unsigned int nfds, uint64_t tmo, uint64_t sigmask, size_t sigsetsize);
long sys_pselect6(int n, uint64_t inp, uint64_t outp, uint64_t exp, uint64_t tmo, uint64_t sig);
long sys_fstat(int fd, uint64_t st);

// fs/eventfd.c, fs/signalfd.c, fs/timerfd.c
long sys_eventfd2(unsigned int initval, int flags);
long sys_signalfd4(int fd, uint64_t mask, size_t size, int flags);
long sys_timerfd_create(int clk, int flags);
long sys_timerfd_settime(int fd, int flags, uint64_t unew, uint64_t uold);
long sys_timerfd_gettime(int fd, uint64_t ucur);

// fs/sys_attr.c
long sys_fchmod(int fd, uint32_t mode);
long sys_fchmodat(int dirfd, uint64_t path, uint32_t mode);
long sys_fchown(int fd, uint32_t uid, uint32_t gid);
long sys_fchownat(int dirfd, uint64_t path, uint32_t uid, uint32_t gid, int flags);
long sys_umask(uint32_t mask);
long sys_utimensat(int dirfd, uint64_t path, uint64_t times, int flags);
long sys_truncate(uint64_t path, long length);
long sys_ftruncate(int fd, long length);
long sys_faccessat(int dirfd, uint64_t path, int mode);
long sys_faccessat2(int dirfd, uint64_t path, int mode, int flags);
long sys_statx(int dirfd, uint64_t path, int flags, uint32_t mask, uint64_t buf);

// proc/
long sys_exit(int code);
long sys_exit_group(int code);
long sys_set_tid_address(uint64_t tidptr);
long sys_kill(int pid, int sig);
long sys_tkill(int tid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_rt_sigsuspend(uint64_t mask, size_t size);
long sys_rt_sigaction(int sig, uint64_t act, uint64_t oact, size_t size);
long sys_rt_sigprocmask(int how, uint64_t set, uint64_t oset, size_t size);
long sys_rt_sigpending(uint64_t set, size_t size);
long sys_rt_sigreturn(void);
long sys_rt_sigtimedwait(uint64_t set, uint64_t info, uint64_t timeout, size_t size);
long sys_rt_sigqueueinfo(int pid, int sig, uint64_t info);
long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, uint64_t info);
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getsid(int pid);
long sys_setsid(void);
long sys_futex(uint64_t uaddr, int op, uint32_t val, uint64_t utimeout, uint64_t uaddr2, uint32_t val3);
long sys_getpid(void);
long sys_getppid(void);
long sys_getuid(void);
long sys_geteuid(void);
long sys_getgid(void);
long sys_getegid(void);
long sys_gettid(void);
long sys_clone(unsigned long flags, uint64_t stack, uint64_t ptid, uint64_t tls, uint64_t ctid);
long sys_execve(uint64_t path, uint64_t argv, uint64_t envp);
long sys_wait4(int pid, uint64_t status, int options, uint64_t rusage);
long sys_brk(uint64_t addr);
long sys_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, uint64_t off);
long sys_munmap(uint64_t addr, uint64_t len);
long sys_mprotect(uint64_t addr, uint64_t len, int prot);
long sys_taskinfo(int tid, uint64_t out);

// sched/
long sys_sched_yield(void);
long sys_sched_setaffinity(int pid, unsigned len, uint64_t mask);
long sys_sched_getaffinity(int pid, unsigned len, uint64_t mask);
long sys_setpriority(int which, int who, int nice);
long sys_getpriority(int which, int who);
long sys_times(uint64_t buf);
long sys_getrusage(int who, uint64_t ru);

// the rest
long sys_nanosleep(uint64_t req, uint64_t rem);
long sys_restart_syscall(void);
long sys_clock_nanosleep(int clk, int flags, uint64_t req, uint64_t rem);
long sys_getcpu(uint64_t ucpu, uint64_t unode, uint64_t ucache);
long sys_getitimer(int which, uint64_t ucur);
long sys_setitimer(int which, uint64_t unew, uint64_t uold);
long sys_clock_gettime(int clk, uint64_t tp);
long sys_gettimeofday(uint64_t tv, uint64_t tz);
long sys_settimeofday(uint64_t tv, uint64_t tz);
long sys_clock_getres(int clk, uint64_t res);
long sys_prlimit64(int pid, int resource, uint64_t unew, uint64_t uold);
long sys_getrandom(uint64_t ubuf, size_t len, unsigned int flags);
long sys_sigaltstack(uint64_t uss, uint64_t uoss);
long sys_set_robust_list(uint64_t head, size_t len);
long sys_get_robust_list(int tid, uint64_t uhead, uint64_t ulen);
long sys_madvise(uint64_t addr, uint64_t len, int advice);
long sys_msync(uint64_t addr, uint64_t len, int flags);
// fs/sys_sync.c
long sys_sync(void);
long sys_syncfs(int fd);
long sys_fsync(int fd);
long sys_fdatasync(int fd);
long sys_mincore(uint64_t addr, uint64_t len, uint64_t uvec);
long sys_mremap(uint64_t old, uint64_t oldsize, uint64_t newsize, int flags, uint64_t newaddr);
long sys_setuid(uint32_t id);
long sys_setgid(uint32_t id);
long sys_setreuid(uint32_t r, uint32_t e);
long sys_setregid(uint32_t r, uint32_t e);
long sys_setresuid(uint32_t r, uint32_t e, uint32_t s);
long sys_setresgid(uint32_t r, uint32_t e, uint32_t s);
long sys_getresuid(uint64_t ur, uint64_t ue, uint64_t us);
long sys_getresgid(uint64_t ur, uint64_t ue, uint64_t us);
long sys_setfsuid(uint32_t id);
long sys_setfsgid(uint32_t id);
long sys_getgroups(int size, uint64_t ulist);
long sys_setgroups(int size, uint64_t ulist);
long sys_getrlimit(int resource, uint64_t uold);
long sys_setrlimit(int resource, uint64_t unew);
long sys_clock_settime(int clk, uint64_t tp);
long sys_uname(uint64_t buf);
long sys_reboot(int magic1, int magic2, unsigned cmd, uint64_t arg);
long sys_sysinfo(uint64_t info);
long sys_trace(uint64_t mask, size_t len);   // syscall.c

extern int enosys_report;       // name unknown system calls on the console (boot: quiet_enosys turns it off)
