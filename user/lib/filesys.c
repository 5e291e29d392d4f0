// System calls on the file tree and its file systems: renames, symbolic
// links, the working and root directories, statfs and mount; and
// realpath, which resolves links with them.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include "syscall.h"

// Linux follows at most this many symbolic links in one path (ELOOP beyond).
#define MAX_SYMLINKS 40

int
renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags)
{
  return sysret(syscall5(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags));
}

int
renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
  return renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

int
rename(const char *oldpath, const char *newpath)
{
  return renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int
symlinkat(const char *target, int dirfd, const char *linkpath)
{
  return sysret(syscall3(SYS_symlinkat, target, dirfd, linkpath));
}

int
symlink(const char *target, const char *linkpath)
{
  return symlinkat(target, AT_FDCWD, linkpath);
}

ssize_t
readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
  return sysret(syscall4(SYS_readlinkat, dirfd, path, buf, size));
}

ssize_t
readlink(const char *path, char *buf, size_t size)
{
  return readlinkat(AT_FDCWD, path, buf, size);
}

int
fchdir(int fd)
{
  return sysret(syscall1(SYS_fchdir, fd));
}

int
chroot(const char *path)
{
  return sysret(syscall1(SYS_chroot, path));
}

int
statfs(const char *path, struct statfs *st)
{
  return sysret(syscall2(SYS_statfs, path, st));
}

int
fstatfs(int fd, struct statfs *st)
{
  return sysret(syscall2(SYS_fstatfs, fd, st));
}

int
mount(const char *source, const char *target, const char *fstype, unsigned long flags,
      const void *data)
{
  return sysret(syscall5(SYS_mount, source, target, fstype, flags, data));
}

int
umount2(const char *target, int flags)
{
  return sysret(syscall2(SYS_umount2, target, flags));
}

int
umount(const char *target)
{
  return umount2(target, 0);
}

// Drops the last component of the absolute path p ("/" stays "/").
static void
drop_last(char *p)
{
  char *slash = strrchr(p, '/');

  if (slash == p)
    slash[1] = 0;
  else
    *slash = 0;
}

// Appends the component c (n bytes) to the absolute path p.
static int
append(char *p, const char *c, size_t n)
{
  size_t len = strlen(p);
  size_t sep = p[len - 1] != '/';

  if (len + sep + n >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  if (sep)
    p[len++] = '/';
  memcpy(p + len, c, n);
  p[len + n] = 0;
  return 0;
}

// Makes what a symbolic link (its target, n bytes) followed by the rest of
// the path still to resolve the new rest.
static int
splice(char *rest, const char *target, size_t n, const char *after)
{
  char tmp[PATH_MAX];

  // after is empty or starts with its '/'.
  if (n + strlen(after) >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(tmp, target, n);
  strcpy(tmp + n, after);
  strcpy(rest, tmp);
  return 0;
}

// Walks the path a component at a time, as the kernel's lookup does; a
// symbolic link puts its target in front of what is left.
char *
realpath(const char *path, char *resolved)
{
  char out[PATH_MAX], rest[PATH_MAX], target[PATH_MAX];
  const char *p;
  int links = 0;

  if (!path) {
    errno = EINVAL;
    return 0;
  }
  if (!*path) {
    errno = ENOENT;
    return 0;
  }
  if (strlen(path) >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return 0;
  }
  if (path[0] == '/')
    strcpy(out, "/");
  else if (!getcwd(out, sizeof(out)))
    return 0;
  strcpy(rest, path);
  p = rest;
  for (;;) {
    struct stat st;
    size_t n;
    ssize_t len;

    while (*p == '/')
      p++;
    n = strcspn(p, "/");
    if (n == 0)
      break;
    if (n == 1 && p[0] == '.') {
      p += n;
      continue;
    }
    if (n == 2 && p[0] == '.' && p[1] == '.') {
      drop_last(out);
      p += n;
      continue;
    }
    if (append(out, p, n) < 0 || lstat(out, &st) < 0)
      return 0;
    p += n;
    if (!S_ISLNK(st.st_mode)) {
      if (*p == '/' && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return 0;
      }
      continue;
    }
    if (++links > MAX_SYMLINKS) {
      errno = ELOOP;
      return 0;
    }
    len = readlink(out, target, sizeof(target));
    if (len < 0 || splice(rest, target, len, p) < 0)
      return 0;
    p = rest;
    if (rest[0] == '/')
      strcpy(out, "/");
    else
      drop_last(out);
  }
  if (!resolved) {
    resolved = malloc(strlen(out) + 1);
    if (!resolved)
      return 0;
  }
  return strcpy(resolved, out);
}
