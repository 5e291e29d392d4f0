// The calls on a file's attributes: permission bits, owner, times, size,
// access checks, statx, and the umask new files are made with.
//
// Everything runs as root, so permission bits are stored and reported but
// never refuse an access; access() answers as Linux does for root.
#include "errno.h"
#include "syscall.h"
#include "lib/string.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

#define ANY_EXEC 0111
#define NO_ID ((uint32_t)-1)   // chown: leave this id as it is

uint16_t umasked(uint32_t mode)
{
  return mode & MODE_PERM & ~__atomic_load_n(&current->fs->umask, __ATOMIC_RELAXED);
}

long sys_umask(uint32_t mask)
{
  return __atomic_exchange_n(&current->fs->umask, mask & 0777, __ATOMIC_RELAXED);
}

// ---- changing attributes ----

// Apply ia (its ctime is now) to ip, referenced, through its file system.
static long setattr(struct inode *ip, struct iattr *ia)
{
  ia->ctime = fs_now();
  return ip->op->setattr ? ip->op->setattr(ip, ia) : -EPERM;
}

static long change_fd(int fd, struct iattr *ia)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long err = setattr(f->ip, ia);
  fileclose(f);
  return err;
}

static long change_path(int dirfd, uint64_t upath, int flags, struct iattr *ia)
{
  struct inode *ip;
  if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && empty_path(upath))
    return change_fd(dirfd, ia);
  long err = lookup_at(dirfd, upath, flags, &ip);
  if (err)
    return err;
  err = setattr(ip, ia);
  put_inode(ip);
  return err;
}

// ---- chmod, chown ----

long sys_fchmod(int fd, uint32_t mode)
{
  struct iattr ia = { .valid = ATTR_MODE, .mode = mode & MODE_PERM };
  return change_fd(fd, &ia);
}

long sys_fchmodat(int dirfd, uint64_t upath, uint32_t mode)
{
  struct iattr ia = { .valid = ATTR_MODE, .mode = mode & MODE_PERM };
  return change_path(dirfd, upath, 0, &ia);
}

static struct iattr owner(uint32_t uid, uint32_t gid)
{
  return (struct iattr){ .valid = (uid != NO_ID ? ATTR_UID : 0) | (gid != NO_ID ? ATTR_GID : 0),
                         .uid = uid, .gid = gid };
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
  struct iattr ia = owner(uid, gid);
  return change_fd(fd, &ia);
}

long sys_fchownat(int dirfd, uint64_t upath, uint32_t uid, uint32_t gid, int flags)
{
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  struct iattr ia = owner(uid, gid);
  return change_path(dirfd, upath, flags, &ia);
}

// ---- utimensat ----

static int time_valid(const struct timespec *t)
{
  return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
         (t->tv_nsec >= 0 && (uint64_t)t->tv_nsec < NSEC_PER_SEC);
}

// New atime and mtime: a time, UTIME_NOW or UTIME_OMIT in tv_nsec.
static struct iattr times_attr(const struct timespec t[2])
{
  struct iattr ia = { 0 };
  struct timespec now = fs_now(), *dst[2] = { &ia.atime, &ia.mtime };
  for (int i = 0; i < 2; i++) {
    if (t[i].tv_nsec == UTIME_OMIT)
      continue;
    ia.valid |= i ? ATTR_MTIME : ATTR_ATIME;
    *dst[i] = t[i].tv_nsec == UTIME_NOW ? now : (struct timespec){ t[i].tv_sec, t[i].tv_nsec };
  }
  return ia;
}

// A NULL path (not AT_FDCWD's) is futimens() on dirfd.
long sys_utimensat(int dirfd, uint64_t upath, uint64_t utimes, int flags)
{
  struct timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
  if (utimes) {
    if (copy_from_user(t, utimes, sizeof t) < 0)
      return -EFAULT;
    if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
      return 0;              // nothing to do: Linux does not even look the path up
    if (!time_valid(&t[0]) || !time_valid(&t[1]))
      return -EINVAL;
  }
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  struct iattr ia = times_attr(t);
  if (!upath && dirfd != AT_FDCWD)
    return flags ? -EINVAL : change_fd(dirfd, &ia);
  return change_path(dirfd, upath, flags, &ia);
}

// ---- truncate ----

// Only a regular file has a size to set; its file system knows how large
// a file may be (EFBIG).
static long resize(struct inode *ip, long length)
{
  struct iattr ia = { .valid = ATTR_SIZE, .size = length };
  ilock(ip);
  int type = ip->type;
  iunlock(ip);
  return type == T_DIR ? -EISDIR : type != T_FILE ? -EINVAL : setattr(ip, &ia);
}

long sys_truncate(uint64_t upath, long length)
{
  if (length < 0)
    return -EINVAL;
  struct inode *ip;
  long err = lookup_at(AT_FDCWD, upath, 0, &ip);
  if (err)
    return err;
  err = resize(ip, length);
  put_inode(ip);
  return err;
}

long sys_ftruncate(int fd, long length)
{
  if (length < 0)
    return -EINVAL;
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long err = !f->writable ? -EINVAL : resize(f->ip, length);   // (no directory is open for writing)
  fileclose(f);
  return err;
}

// ---- stat-like calls ----

// Root may read and write anything; it may execute a file with an x bit,
// and search any directory.
static long access_at(int dirfd, uint64_t upath, int mode, int flags)
{
  if (mode & ~(R_OK | W_OK | X_OK))
    return -EINVAL;
  struct stat st;
  long err = stat_at(dirfd, upath, flags, &st);
  if (err)
    return err;
  if ((mode & X_OK) && (st.st_mode & S_IFMT) != S_IFDIR && !(st.st_mode & ANY_EXEC))
    return -EACCES;
  return 0;
}

long sys_faccessat(int dirfd, uint64_t upath, int mode)
{
  return access_at(dirfd, upath, mode, 0);
}

long sys_faccessat2(int dirfd, uint64_t upath, int mode, int flags)
{
  if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  return access_at(dirfd, upath, mode, flags);
}

static struct statx_timestamp statx_time(struct timespec t)
{
  return (struct statx_timestamp){ .tv_sec = t.tv_sec, .tv_nsec = t.tv_nsec };
}

// Every basic field is filled whatever the mask asks for, and stx_mask says
// so, as Linux does; there is no birth time (STATX_BTIME).
static void stat_to_statx(const struct stat *st, struct statx *sx)
{
  memset(sx, 0, sizeof *sx);
  sx->stx_mask = STATX_BASIC_STATS;
  sx->stx_blksize = st->st_blksize;
  sx->stx_nlink = st->st_nlink;
  sx->stx_uid = st->st_uid;
  sx->stx_gid = st->st_gid;
  sx->stx_mode = st->st_mode;
  sx->stx_ino = st->st_ino;
  sx->stx_size = st->st_size;
  sx->stx_blocks = st->st_blocks;
  sx->stx_atime = statx_time(st->st_atim);
  sx->stx_mtime = statx_time(st->st_mtim);
  sx->stx_ctime = statx_time(st->st_ctim);
  sx->stx_rdev_major = DEV_MAJOR(st->st_rdev);
  sx->stx_rdev_minor = DEV_MINOR(st->st_rdev);
  sx->stx_dev_major = DEV_MAJOR(st->st_dev);
  sx->stx_dev_minor = DEV_MINOR(st->st_dev);
}

long sys_statx(int dirfd, uint64_t upath, int flags, uint32_t mask, uint64_t ubuf)
{
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
    return -EINVAL;
  if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
    return -EINVAL;
  struct stat st;
  struct statx sx;
  long err = stat_at(dirfd, upath, flags, &st);
  if (err)
    return err;
  stat_to_statx(&st, &sx);
  return copy_to_user(ubuf, &sx, sizeof sx) < 0 ? -EFAULT : 0;
}
