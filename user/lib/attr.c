// File attributes: permission bits, owner, times, size, access checks,
// statx and the umask.  riscv64 Linux has only the *at forms (and the f*
// forms on descriptors); the others are those relative to AT_FDCWD.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#include <utime.h>
#include "syscall.h"

int
fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
  // The call has no flags argument; a symbolic link's own bits cannot be
  // changed, as glibc says too.
  if (flags & ~AT_SYMLINK_NOFOLLOW) {
    errno = EINVAL;
    return -1;
  }
  if (flags) {
    errno = EOPNOTSUPP;
    return -1;
  }
  return sysret(syscall3(SYS_fchmodat, dirfd, path, mode));
}

int
chmod(const char *path, mode_t mode)
{
  return fchmodat(AT_FDCWD, path, mode, 0);
}

int
fchmod(int fd, mode_t mode)
{
  return sysret(syscall2(SYS_fchmod, fd, mode));
}

int
fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
  return sysret(syscall5(SYS_fchownat, dirfd, path, uid, gid, flags));
}

int
chown(const char *path, uid_t uid, gid_t gid)
{
  return fchownat(AT_FDCWD, path, uid, gid, 0);
}

int
lchown(const char *path, uid_t uid, gid_t gid)
{
  return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

int
fchown(int fd, uid_t uid, gid_t gid)
{
  return sysret(syscall3(SYS_fchown, fd, uid, gid));
}

// Never fails: the previous mask.
mode_t
umask(mode_t mask)
{
  return syscall1(SYS_umask, mask);
}

int
utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
  return sysret(syscall4(SYS_utimensat, dirfd, path, times, flags));
}

// The kernel takes a NULL path as "the descriptor itself".
int
futimens(int fd, const struct timespec times[2])
{
  return utimensat(fd, 0, times, 0);
}

int
utimes(const char *path, const struct timeval tv[2])
{
  struct timespec ts[2];
  if (!tv)
    return utimensat(AT_FDCWD, path, 0, 0);
  for (int i = 0; i < 2; i++) {
    ts[i].tv_sec = tv[i].tv_sec;
    ts[i].tv_nsec = tv[i].tv_usec * 1000;
  }
  return utimensat(AT_FDCWD, path, ts, 0);
}

int
utime(const char *path, const struct utimbuf *t)
{
  struct timespec ts[2];
  if (!t)
    return utimensat(AT_FDCWD, path, 0, 0);
  ts[0] = (struct timespec){ .tv_sec = t->actime };
  ts[1] = (struct timespec){ .tv_sec = t->modtime };
  return utimensat(AT_FDCWD, path, ts, 0);
}

int
truncate(const char *path, off_t length)
{
  return sysret(syscall2(SYS_truncate, path, length));
}

int
ftruncate(int fd, off_t length)
{
  return sysret(syscall2(SYS_ftruncate, fd, length));
}

// faccessat has no flags argument; faccessat2 (Linux 5.8) has.
int
faccessat(int dirfd, const char *path, int mode, int flags)
{
  if (flags)
    return sysret(syscall4(SYS_faccessat2, dirfd, path, mode, flags));
  return sysret(syscall3(SYS_faccessat, dirfd, path, mode));
}

int
access(const char *path, int mode)
{
  return faccessat(AT_FDCWD, path, mode, 0);
}

int
statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *sx)
{
  return sysret(syscall5(SYS_statx, dirfd, path, flags, mask, sx));
}
