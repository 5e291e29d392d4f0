// System calls on file metadata: modes, owners, times, sizes, access.
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "syscall.h"

int
fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
  // The system call has no flags argument; Linux cannot change a link's mode.
  if (flags & ~AT_SYMLINK_NOFOLLOW) {
    errno = EINVAL;
    return -1;
  }
  if (flags & AT_SYMLINK_NOFOLLOW) {
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

mode_t
umask(mode_t mask)
{
  return (mode_t)syscall1(SYS_umask, mask);
}

int
utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
  return sysret(syscall4(SYS_utimensat, dirfd, path, times, flags));
}

// utimensat with a null path works on dirfd itself.
int
futimens(int fd, const struct timespec times[2])
{
  return utimensat(fd, 0, times, 0);
}

int
truncate(const char *path, off_t len)
{
  return sysret(syscall2(SYS_truncate, path, len));
}

int
ftruncate(int fd, off_t len)
{
  return sysret(syscall2(SYS_ftruncate, fd, len));
}

int
faccessat(int dirfd, const char *path, int how, int flags)
{
  // faccessat (48) has no flags; faccessat2 (439) is newer than some kernels.
  if (flags) {
    errno = EINVAL;
    return -1;
  }
  return sysret(syscall3(SYS_faccessat, dirfd, path, how));
}

int
access(const char *path, int how)
{
  return faccessat(AT_FDCWD, path, how, 0);
}

int
statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *st)
{
  return sysret(syscall5(SYS_statx, dirfd, path, flags, mask, st));
}
