// System calls on files, descriptors and directories.  The path calls are
// the *at() forms relative to AT_FDCWD, the only ones riscv64 Linux has.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>
#include "syscall.h"

ssize_t
read(int fd, void *buf, size_t n)
{
  return sysret(syscall3(SYS_read, fd, buf, n));
}

ssize_t
write(int fd, const void *buf, size_t n)
{
  return sysret(syscall3(SYS_write, fd, buf, n));
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
  return sysret(syscall4(SYS_pread64, fd, buf, n, off));
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
  return sysret(syscall4(SYS_pwrite64, fd, buf, n, off));
}

ssize_t
readv(int fd, const struct iovec *iov, int cnt)
{
  return sysret(syscall3(SYS_readv, fd, iov, cnt));
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
  return sysret(syscall3(SYS_writev, fd, iov, cnt));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
  mode_t mode = 0;

  // The mode argument is only there when a file may be created.
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return sysret(syscall4(SYS_openat, dirfd, path, flags, mode));
}

int
open(const char *path, int flags, ...)
{
  mode_t mode = 0;

  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  return openat(AT_FDCWD, path, flags, mode);
}

int
creat(const char *path, mode_t mode)
{
  return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int
close(int fd)
{
  return sysret(syscall1(SYS_close, fd));
}

off_t
lseek(int fd, off_t off, int whence)
{
  return sysret(syscall3(SYS_lseek, fd, off, whence));
}

// The third argument, when the command has one, is an int or a pointer: read
// as a long, it is in a2 either way.
int
fcntl(int fd, int cmd, ...)
{
  va_list ap;
  long arg;

  va_start(ap, cmd);
  arg = va_arg(ap, long);
  va_end(ap);
  return sysret(syscall3(SYS_fcntl, fd, cmd, arg));
}

int
pipe2(int fds[2], int flags)
{
  return sysret(syscall2(SYS_pipe2, fds, flags));
}

int
pipe(int fds[2])
{
  return pipe2(fds, 0);
}

int
dup(int fd)
{
  return sysret(syscall1(SYS_dup, fd));
}

int
dup3(int oldfd, int newfd, int flags)
{
  return sysret(syscall3(SYS_dup3, oldfd, newfd, flags));
}

// riscv64 has no dup2 system call; dup3 refuses oldfd == newfd, where
// dup2 only checks that the descriptor is open.
int
dup2(int oldfd, int newfd)
{
  if (oldfd == newfd) {
    struct stat st;
    return fstat(oldfd, &st) < 0 ? -1 : newfd;
  }
  return dup3(oldfd, newfd, 0);
}

int
fstat(int fd, struct stat *st)
{
  return sysret(syscall2(SYS_fstat, fd, st));
}

int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
  return sysret(syscall4(SYS_newfstatat, dirfd, path, st, flags));
}

int
stat(const char *path, struct stat *st)
{
  return fstatat(AT_FDCWD, path, st, 0);
}

int
lstat(const char *path, struct stat *st)
{
  return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
  return sysret(syscall3(SYS_mkdirat, dirfd, path, mode));
}

int
mkdir(const char *path, mode_t mode)
{
  return mkdirat(AT_FDCWD, path, mode);
}

int
mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
  return sysret(syscall4(SYS_mknodat, dirfd, path, mode, dev));
}

int
mknod(const char *path, mode_t mode, dev_t dev)
{
  return mknodat(AT_FDCWD, path, mode, dev);
}

int
unlink(const char *path)
{
  return sysret(syscall3(SYS_unlinkat, AT_FDCWD, path, 0));
}

int
rmdir(const char *path)
{
  return sysret(syscall3(SYS_unlinkat, AT_FDCWD, path, AT_REMOVEDIR));
}

int
link(const char *oldpath, const char *newpath)
{
  return sysret(syscall5(SYS_linkat, AT_FDCWD, oldpath, AT_FDCWD, newpath, 0));
}

// Each forces the file system's pending changes to the disk and returns once
// they are there; the disk's log commits every file's changes together, so
// all four do the same for a file on the disk.
int
fsync(int fd)
{
  return sysret(syscall1(SYS_fsync, fd));
}

int
fdatasync(int fd)
{
  return sysret(syscall1(SYS_fdatasync, fd));
}

void
sync(void)
{
  syscall0(SYS_sync);
}

int
syncfs(int fd)
{
  return sysret(syscall1(SYS_syncfs, fd));
}

int
chdir(const char *path)
{
  return sysret(syscall1(SYS_chdir, path));
}

char *
getcwd(char *buf, size_t size)
{
  return sysret(syscall2(SYS_getcwd, buf, size)) < 0 ? 0 : buf;
}

ssize_t
getdents64(int fd, void *buf, size_t len)
{
  return sysret(syscall3(SYS_getdents64, fd, buf, len));
}

int
tcgetattr(int fd, struct termios *t)
{
  return sysret(syscall3(SYS_ioctl, fd, TCGETS, t));
}

int
tcsetattr(int fd, int when, const struct termios *t)
{
  if (when < TCSANOW || when > TCSAFLUSH) {
    errno = EINVAL;
    return -1;
  }
  return sysret(syscall3(SYS_ioctl, fd, TCSETS + when, t));
}

// A terminal answers TCGETS.  This kernel's console may not implement the
// ioctl, so its device (character device 1,0, which Linux never uses) also
// counts as a terminal.
int
isatty(int fd)
{
  struct termios t;
  struct stat st;

  if (syscall3(SYS_ioctl, fd, TCGETS, &t) == 0)
    return 1;
  if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 0))
    return 1;
  errno = ENOTTY;
  return 0;
}

pid_t
tcgetpgrp(int fd)
{
  pid_t pgrp;

  if (sysret(syscall3(SYS_ioctl, fd, TIOCGPGRP, &pgrp)) < 0)
    return -1;
  return pgrp;
}

int
tcsetpgrp(int fd, pid_t pgrp)
{
  return sysret(syscall3(SYS_ioctl, fd, TIOCSPGRP, &pgrp));
}
