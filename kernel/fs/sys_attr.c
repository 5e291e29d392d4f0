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

#define SETUID 04000
#define SETGID 02000
#define GROUP_EXEC 010
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

// Is the user string at upath empty (AT_EMPTY_PATH then means dirfd itself)?
static int empty_path(uint64_t upath)
{
  char c;
  return copy_from_user(&c, upath, 1) == 0 && c == 0;
}

// ---- changing an inode ----

// A change to the locked inode ip, in a transaction: 0 or -errno.
typedef long (*change_fn)(struct inode *ip, const void *arg);

// A pipe takes the change and keeps nothing, as Linux's pipes do.
static long change_fd(int fd, change_fn fn, const void *arg)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long err = f->type == FD_PROC ? -EPERM : 0;
  if (f->type == FD_INODE || f->type == FD_DEVICE) {
    begin_op();
    ilock(f->ip);
    err = fn(f->ip, arg);
    iunlock(f->ip);
    end_op();
  }
  fileclose(f);
  return err;
}

// flags: AT_EMPTY_PATH lets an empty path name dirfd itself.
static long change_path(int dirfd, uint64_t upath, int flags, change_fn fn, const void *arg)
{
  struct at at;
  struct inode *ip;
  if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && empty_path(upath))
    return change_fd(dirfd, fn, arg);
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  if (at.path[0] == 0 && (flags & AT_EMPTY_PATH))
    strlcpy(at.path, ".", PATH_MAX);
  begin_op();
  if (at.proc) {
    err = -EPERM;            // procfs keeps no attributes
  } else if (!(err = path_lookup(at.dir, at.path, &ip))) {
    ilock(ip);
    err = fn(ip, arg);
    iunlockput(ip);
  }
  at_put(&at);
  end_op();
  return err;
}

// ---- chmod, chown ----

static long set_mode(struct inode *ip, const void *arg)
{
  ip->mode = *(const uint32_t *)arg & MODE_PERM;
  itouch(ip, ITIME_C);
  iupdate(ip);
  return 0;
}

long sys_fchmod(int fd, uint32_t mode)
{
  return change_fd(fd, set_mode, &mode);
}

long sys_fchmodat(int dirfd, uint64_t upath, uint32_t mode)
{
  return change_path(dirfd, upath, 0, set_mode, &mode);
}

struct owner {
  uint32_t uid, gid;         // NO_ID: unchanged
};

// A new owner must not inherit setuid (nor setgid of an executable), as on
// Linux, which drops them on every chown of a non-directory, root's too.
static long set_owner(struct inode *ip, const void *arg)
{
  const struct owner *o = arg;
  if (o->uid != NO_ID)
    ip->uid = o->uid;
  if (o->gid != NO_ID)
    ip->gid = o->gid;
  if (ip->type != T_DIR) {
    ip->mode &= ~SETUID;
    if (ip->mode & GROUP_EXEC)
      ip->mode &= ~SETGID;
  }
  itouch(ip, ITIME_C);
  iupdate(ip);
  return 0;
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
  struct owner o = { uid, gid };
  return change_fd(fd, set_owner, &o);
}

long sys_fchownat(int dirfd, uint64_t upath, uint32_t uid, uint32_t gid, int flags)
{
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  struct owner o = { uid, gid };
  return change_path(dirfd, upath, flags, set_owner, &o);
}

// ---- utimensat ----

// New atime and mtime: a time, UTIME_NOW or UTIME_OMIT in tv_nsec.
static long set_times(struct inode *ip, const void *arg)
{
  const struct linux_timespec *t = arg;
  struct timespec64 *dst[2] = { &ip->atime, &ip->mtime };
  itouch(ip, ITIME_C);
  for (int i = 0; i < 2; i++) {
    if (t[i].tv_nsec == UTIME_NOW)
      *dst[i] = ip->ctime;
    else if (t[i].tv_nsec != UTIME_OMIT)
      *dst[i] = (struct timespec64){ t[i].tv_sec, t[i].tv_nsec };
  }
  iupdate(ip);
  return 0;
}

static int time_valid(const struct linux_timespec *t)
{
  return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
         (t->tv_nsec >= 0 && (uint64_t)t->tv_nsec < NS_PER_SEC);
}

// A NULL path (not AT_FDCWD's) is futimens() on dirfd.
long sys_utimensat(int dirfd, uint64_t upath, uint64_t utimes, int flags)
{
  struct linux_timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
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
  if (!upath && dirfd != AT_FDCWD)
    return flags ? -EINVAL : change_fd(dirfd, set_times, t);
  return change_path(dirfd, upath, flags, set_times, t);
}

// ---- truncate ----

static long check_resize(struct inode *ip, long length)
{
  if (ip->type == T_DIR)
    return -EISDIR;
  if (ip->type != T_FILE)
    return -EINVAL;
  return (uint64_t)length > MAXFILE_BYTES ? -EFBIG : 0;
}

// Resize the regular file ip (referenced, not locked), in as many
// transactions as the freed blocks need.
static void resize(struct inode *ip, uint64_t length)
{
  for (int done = 0; !done; ) {
    begin_op();
    ilock(ip);
    done = iresize(ip, length);
    iunlock(ip);
    end_op();
  }
}

long sys_truncate(uint64_t upath, long length)
{
  if (length < 0)
    return -EINVAL;
  struct at at;
  struct inode *ip = 0;
  long err = at_get(AT_FDCWD, upath, &at);
  if (err)
    return err;
  begin_op();
  if (at.proc) {
    err = -EACCES;
  } else if (!(err = path_lookup(at.dir, at.path, &ip))) {
    ilock(ip);
    err = check_resize(ip, length);
    iunlock(ip);
  }
  at_put(&at);
  end_op();
  if (!err)
    resize(ip, length);
  if (ip) {
    begin_op();
    iput(ip);
    end_op();
  }
  return err;
}

long sys_ftruncate(int fd, long length)
{
  if (length < 0)
    return -EINVAL;
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long err = -EINVAL;
  if (f->type == FD_INODE && f->writable) {
    ilock(f->ip);
    err = f->ip->type == T_FILE ? check_resize(f->ip, length) : -EINVAL;
    iunlock(f->ip);
  }
  if (!err)
    resize(f->ip, length);
  fileclose(f);
  return err;
}

// ---- stat-like calls ----

// What stat reports for path (relative to dirfd), or with AT_EMPTY_PATH
// and an empty path, for dirfd itself.
static long stat_at(int dirfd, uint64_t upath, int flags, struct linux_stat *st)
{
  if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && empty_path(upath)) {
    struct file *f = fd_get(dirfd);
    if (!f)
      return -EBADF;
    file_stat(f, st);
    fileclose(f);
    return 0;
  }
  struct at at;
  struct inode *ip;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  if (at.path[0] == 0 && (flags & AT_EMPTY_PATH))
    strlcpy(at.path, ".", PATH_MAX);
  begin_op();
  if (at.proc) {
    err = procfs_stat(at.path, st);
  } else if (!(err = path_lookup(at.dir, at.path, &ip))) {
    ilock(ip);
    stat_inode(ip, st);
    iunlockput(ip);
  }
  at_put(&at);
  end_op();
  return err;
}

// Root may read and write anything; it may execute a file with an x bit,
// and search any directory.
static long access_at(int dirfd, uint64_t upath, int mode, int flags)
{
  if (mode & ~(R_OK | W_OK | X_OK))
    return -EINVAL;
  struct linux_stat st;
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

static struct statx_timestamp statx_time(struct linux_timespec t)
{
  return (struct statx_timestamp){ .tv_sec = t.tv_sec, .tv_nsec = t.tv_nsec };
}

// Every basic field is filled whatever the mask asks for, and stx_mask says
// so, as Linux does; there is no birth time (STATX_BTIME).
static void stat_to_statx(const struct linux_stat *st, struct linux_statx *sx)
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
  struct linux_stat st;
  struct linux_statx sx;
  long err = stat_at(dirfd, upath, flags, &st);
  if (err)
    return err;
  stat_to_statx(&st, &sx);
  return copy_to_user(ubuf, &sx, sizeof sx) < 0 ? -EFAULT : 0;
}
