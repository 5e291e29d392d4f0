// The file system calls: argument checking, descriptors and the Linux
// structures; the work is done by the VFS (vfs.c) and, through its
// operations tables, the file systems.
#include "errno.h"
#include "syscall.h"
#include "lib/string.h"
#include "lib/printf.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "uapi/linux/uio.h"

// ---- arguments ----

long at_get(int dirfd, uint64_t upath, struct at *at)
{
  at->dir = 0;
  if (!(at->path = kmalloc(PATH_MAX)))
    return -ENOMEM;
  long err = strncpy_from_user(at->path, upath, PATH_MAX);
  if (err >= 0 && at->path[0] != '/' && dirfd != AT_FDCWD) {
    struct file *f = fd_get(dirfd);
    if (f) {
      at->dir = idup(f->ip);     // the walk checks that it is a directory
      fileclose(f);
    } else {
      err = -EBADF;
    }
  }
  if (err < 0) {
    kfree(at->path);
    return err;
  }
  return 0;
}

void at_put(struct at *at)
{
  if (at->dir)
    iput(at->dir);
  kfree(at->path);
}

// ---- descriptors ----

long sys_read(int fd, uint64_t buf, size_t n)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = fileread(f, buf, n);
  fileclose(f);
  return r;
}

// pread64/pwrite64.  A negative offset is refused before the descriptor is
// looked at, as Linux does.
static long positional_io(int fd, uint64_t buf, size_t n, long off, int write)
{
  if (off < 0)
    return -EINVAL;
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = write ? file_pwrite(f, buf, n, off) : file_pread(f, buf, n, off);
  fileclose(f);
  return r;
}

long sys_pread64(int fd, uint64_t buf, size_t n, long off)
{
  return positional_io(fd, buf, n, off, 0);
}

long sys_pwrite64(int fd, uint64_t buf, size_t n, long off)
{
  return positional_io(fd, buf, n, off, 1);
}

struct iovec64 {
  uint64_t base, len;
};

// readv/writev: each buffer in turn, stopping at a short transfer; an error
// after some bytes moved reports the bytes.
static long vector_io(int fd, uint64_t uiov, int cnt, int write)
{
  if (cnt < 0 || cnt > UIO_MAXIOV)
    return -EINVAL;
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long done = 0, r = 0;
  for (int i = 0; i < cnt; i++) {
    struct iovec64 v;
    if (copy_from_user(&v, uiov + i * sizeof v, sizeof v) < 0) {
      r = -EFAULT;
      break;
    }
    if (v.len > (uint64_t)INT64_MAX - done) {
      r = -EINVAL;
      break;
    }
    if (v.len == 0)
      continue;
    r = write ? filewrite(f, v.base, v.len) : fileread(f, v.base, v.len);
    if (r < 0)
      break;
    done += r;
    if ((uint64_t)r < v.len)
      break;
  }
  fileclose(f);
  return done > 0 ? done : r;
}

long sys_readv(int fd, uint64_t iov, int cnt)
{
  return vector_io(fd, iov, cnt, 0);
}

long sys_writev(int fd, uint64_t iov, int cnt)
{
  return vector_io(fd, iov, cnt, 1);
}

long sys_write(int fd, uint64_t buf, size_t n)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = filewrite(f, buf, n);
  fileclose(f);
  return r;
}

long sys_close(int fd)
{
  return fd_close(fd);
}

// A new descriptor for what fd refers to, the lowest free one >= min; its
// close-on-exec flag is O_CLOEXEC in flags (dup clears it).
static long dup_from(int fd, int min, int flags)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  int newfd = fd_install(f, min, flags);
  if (newfd < 0)
    fileclose(f);
  return newfd;
}

long sys_dup(int fd)
{
  return dup_from(fd, 0, 0);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
  if ((flags & ~O_CLOEXEC) || oldfd == newfd)
    return -EINVAL;
  struct file *f = fd_get(oldfd);
  if (!f)
    return -EBADF;
  int r = fd_replace(newfd, f, flags);
  if (r < 0)
    fileclose(f);
  return r;
}

// The descriptor flag (close-on-exec) and the open file's status flags.
// An F_DUPFD minimum at or beyond RLIMIT_NOFILE is invalid, as on Linux.
long sys_fcntl(int fd, int cmd, unsigned long arg)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = 0;
  switch (cmd) {
  case F_DUPFD:
  case F_DUPFD_CLOEXEC:
    r = (unsigned int)arg >= (unsigned int)fd_limit() ? -EINVAL
        : dup_from(fd, arg, cmd == F_DUPFD_CLOEXEC ? O_CLOEXEC : 0);
    break;
  case F_GETFD:
    r = fd_cloexec(fd);
    break;
  case F_SETFD:
    r = fd_set_cloexec(fd, arg & FD_CLOEXEC);
    break;
  case F_GETFL:
    r = file_flags(f);
    break;
  case F_SETFL:
    file_set_flags(f, arg);
    break;
  default:
    r = -EINVAL;
  }
  fileclose(f);
  return r;
}

long sys_pipe2(uint64_t ufds, int flags)
{
  if (flags & ~(O_CLOEXEC | O_NONBLOCK))
    return -EINVAL;
  struct file *rf, *wf;
  int err = pipealloc(&rf, &wf);
  if (err)
    return err;
  rf->flags = wf->flags = flags & O_NONBLOCK;
  int fds[2] = { fd_install(rf, 0, flags), -1 };
  if (fds[0] < 0) {
    fileclose(rf);
    fileclose(wf);
    return fds[0];
  }
  if ((fds[1] = fd_install(wf, 0, flags)) < 0) {
    fd_close(fds[0]);
    fileclose(wf);
    return fds[1];
  }
  if (copy_to_user(ufds, fds, sizeof(fds)) < 0) {
    fd_close(fds[0]);
    fd_close(fds[1]);
    return -EFAULT;
  }
  return 0;
}

long sys_lseek(int fd, long off, int whence)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = f->op->lseek ? f->op->lseek(f, off, whence) : -ESPIPE;
  fileclose(f);
  return r;
}

long sys_ioctl(int fd, unsigned long req, uint64_t arg)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = f->op->ioctl ? f->op->ioctl(f, req, arg) : -ENOTTY;
  fileclose(f);
  return r;
}

long sys_getdents64(int fd, uint64_t ubuf, size_t len)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = f->op->getdents ? f->op->getdents(f, ubuf, len) : -ENOTDIR;
  fileclose(f);
  return r;
}

// ---- status ----

long sys_fstat(int fd, uint64_t ust)
{
  struct stat st;
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  file_getattr(f, &st);
  fileclose(f);
  return copy_to_user(ust, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

int empty_path(uint64_t upath)
{
  char c;
  return copy_from_user(&c, upath, 1) == 0 && c == 0;
}

long lookup_at(int dirfd, uint64_t upath, int flags, struct inode **ipp)
{
  struct at at;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  if (at.path[0] == 0 && (flags & AT_EMPTY_PATH))
    strlcpy(at.path, ".", PATH_MAX);
  begin_op();
  err = vfs_lookup(at.dir, at.path, (flags & AT_SYMLINK_NOFOLLOW) ? WALK_NOFOLLOW : 0, ipp);
  at_put(&at);
  end_op();
  return err;
}

void put_inode(struct inode *ip)
{
  begin_op();
  iput(ip);
  end_op();
}

long stat_at(int dirfd, uint64_t upath, int flags, struct stat *st)
{
  struct inode *ip;
  if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && empty_path(upath)) {
    struct file *f = fd_get(dirfd);
    if (!f)
      return -EBADF;
    file_getattr(f, st);
    fileclose(f);
    return 0;
  }
  long err = lookup_at(dirfd, upath, flags, &ip);
  if (err)
    return err;
  ilock(ip);
  ip->op->getattr(ip, st);
  iunlock(ip);
  put_inode(ip);
  return 0;
}

long sys_newfstatat(int dirfd, uint64_t upath, uint64_t ust, int flags)
{
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  struct stat st;
  long err = stat_at(dirfd, upath, flags, &st);
  if (!err && copy_to_user(ust, &st, sizeof(st)) < 0)
    err = -EFAULT;
  return err;
}

static long put_statfs(struct super *sb, uint64_t ubuf)
{
  struct statfs st;
  memset(&st, 0, sizeof st);
  st.f_type = sb->type->magic;
  st.f_namelen = NAME_MAX;
  st.f_fsid.__val[0] = sb->dev;
  if (sb->type->statfs)
    sb->type->statfs(sb, &st);
  return copy_to_user(ubuf, &st, sizeof st) < 0 ? -EFAULT : 0;
}

long sys_statfs(uint64_t upath, uint64_t ubuf)
{
  struct at at;
  struct inode *ip;
  long err = at_get(AT_FDCWD, upath, &at);
  if (err)
    return err;
  begin_op();
  if (!(err = vfs_lookup(0, at.path, 0, &ip))) {
    err = put_statfs(ip->sb, ubuf);
    iput(ip);
  }
  at_put(&at);
  end_op();
  return err;
}

long sys_fstatfs(int fd, uint64_t ubuf)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = put_statfs(f->ip->sb, ubuf);
  fileclose(f);
  return r;
}

// ---- opening ----

// A file that open failed to hand out: in a transaction.
static void file_discard(struct file *f)
{
  if (f->op->release)
    f->op->release(f);
  iput(f->ip);
  kfree(f);
}

static int check_open(struct inode *ip, int flags)
{
  if ((flags & O_DIRECTORY) && ip->type != T_DIR)
    return -ENOTDIR;
  if (ip->type == T_DIR && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
    return -EISDIR;
  if (ip->type == T_SYMLINK)
    return -ELOOP;           // O_NOFOLLOW stopped on a link
  return 0;
}

// Open ip (referenced, unlocked; the reference is dropped) as a new
// descriptor.  In a transaction.  The descriptor or -errno.
static long open_inode(struct inode *ip, int flags)
{
  struct file *f = 0;
  ilock(ip);
  long err = check_open(ip, flags);
  if (!err && !(f = file_open_inode(ip, flags)))
    err = -ENFILE;
  if (!err && ip->op->open)
    err = ip->op->open(ip, f, flags);
  iunlock(ip);
  iput(ip);
  if (err) {
    if (f)
      file_discard(f);
    return err;
  }
  int fd = fd_install(f, 0, flags);
  if (fd < 0)
    file_discard(f);
  return fd;
}

// name in dp for open(O_CREAT): the existing file, or a new one with
// permission bits mode.  -EEXIST without O_EXCL: name is a symbolic link
// that leads nowhere.
static long create_in(struct inode *dp, const char *name, int flags, uint16_t mode, struct inode **ipp)
{
  if (!name[0])
    return -EISDIR;
  long err = vfs_lookup(dp, name, (flags & O_EXCL) ? WALK_NOFOLLOW : 0, ipp);
  if (!err && (flags & O_EXCL)) {
    iput(*ipp);
    return -EEXIST;
  }
  return err == -ENOENT ? vfs_create(dp, name, T_FILE, mode, 0, 0, ipp) : err;
}

// The target of the link name in dp, into path (PATH_MAX bytes).
static long link_target(struct inode *dp, const char *name, char *path)
{
  struct inode *ip;
  long n = vfs_lookup(dp, name, WALK_NOFOLLOW, &ip);
  if (n)
    return n;
  n = vfs_readlink(ip, path, PATH_MAX - 1);
  iput(ip);
  if (n < 0)
    return n == -EINVAL ? -EEXIST : n;   // not a link (any more)
  path[n] = 0;
  return 0;
}

// open(O_CREAT): the existing file, or a new one in its directory.  A
// dangling symbolic link creates its target, as on Linux.  at->path is
// rewritten as links are followed.
static long open_create(struct at *at, int flags, uint16_t mode, struct inode **ipp)
{
  char name[NAME_MAX + 1];
  struct inode *dir = at->dir ? idup(at->dir) : 0, *dp;
  long err;
  for (int links = 0;; links++) {
    err = vfs_parent(dir, at->path, &dp, name);
    if (dir)
      iput(dir);
    if (err)
      return err;
    err = create_in(dp, name, flags, mode, ipp);
    if (err != -EEXIST || (flags & O_EXCL))
      break;
    err = links == SYMLOOP_MAX ? -ELOOP : link_target(dp, name, at->path);
    if (err)
      break;
    dir = dp;                // the target is relative to the link's directory
  }
  iput(dp);
  return err;
}

long sys_openat(int dirfd, uint64_t upath, int flags, uint32_t mode)
{
  if ((flags & O_ACCMODE) == O_ACCMODE)
    return -EINVAL;
  struct at at;
  struct inode *ip;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  begin_op();
  if (flags & O_CREAT)
    err = open_create(&at, flags, umasked(mode), &ip);
  else
    err = vfs_lookup(at.dir, at.path, (flags & O_NOFOLLOW) ? WALK_NOFOLLOW : 0, &ip);
  if (!err)
    err = open_inode(ip, flags);
  at_put(&at);
  end_op();
  return err;
}

// ---- names ----

// mkdirat and mknodat: create and drop the new inode.
static long make(int dirfd, uint64_t upath, int type, uint32_t mode, int major, int minor)
{
  char name[NAME_MAX + 1];
  struct at at;
  struct inode *dp, *ip;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  begin_op();
  if (!(err = vfs_parent(at.dir, at.path, &dp, name))) {
    err = !name[0] ? -EEXIST : vfs_create(dp, name, type, umasked(mode), major, minor, &ip);   // "/" exists
    if (!err)
      iput(ip);
    iput(dp);
  }
  at_put(&at);
  end_op();
  return err;
}

long sys_mkdirat(int dirfd, uint64_t upath, uint32_t mode)
{
  return make(dirfd, upath, T_DIR, mode & MKDIR_PERM, 0, 0);
}

// Regular files and character devices; FIFOs and the rest are not supported.
long sys_mknodat(int dirfd, uint64_t upath, uint32_t mode, uint64_t dev)
{
  uint32_t fmt = mode & S_IFMT;
  if (fmt == 0 || fmt == S_IFREG)
    return make(dirfd, upath, T_FILE, mode, 0, 0);
  if (fmt != S_IFCHR || DEV_MAJOR(dev) > INT16_MAX || DEV_MINOR(dev) > INT16_MAX)
    return -EINVAL;
  return make(dirfd, upath, T_DEV, mode, DEV_MAJOR(dev), DEV_MINOR(dev));
}

// unlink("x/") names a directory: why it cannot go (EISDIR if x is one).
static long unlink_slash(struct at *at)
{
  struct inode *ip;
  long err = vfs_lookup(at->dir, at->path, 0, &ip);
  if (err)
    return err;
  iput(ip);
  return -EISDIR;
}

long sys_unlinkat(int dirfd, uint64_t upath, int flags)
{
  if (flags & ~AT_REMOVEDIR)
    return -EINVAL;
  char name[NAME_MAX + 1];
  struct at at;
  struct inode *dp;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  size_t len = strlen(at.path);
  begin_op();
  if (!(flags & AT_REMOVEDIR) && len > 0 && at.path[len - 1] == '/') {
    err = unlink_slash(&at);
  } else if (!(err = vfs_parent(at.dir, at.path, &dp, name))) {
    err = vfs_unlink(dp, name, (flags & AT_REMOVEDIR) != 0);
    iput(dp);
  }
  at_put(&at);
  end_op();
  return err;
}

long sys_linkat(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, int flags)
{
  if (flags & ~AT_SYMLINK_FOLLOW)
    return -EINVAL;
  char name[NAME_MAX + 1];
  struct at from, to;
  struct inode *ip, *dp;
  long err = at_get(olddirfd, oldpath, &from);
  if (err)
    return err;
  long err2 = at_get(newdirfd, newpath, &to);
  begin_op();
  if (!err2) {
    if (!(err = vfs_lookup(from.dir, from.path, (flags & AT_SYMLINK_FOLLOW) ? 0 : WALK_NOFOLLOW, &ip))) {
      if (!(err = vfs_parent(to.dir, to.path, &dp, name))) {
        err = vfs_link(dp, name, ip);
        iput(dp);
      }
      iput(ip);
    }
    at_put(&to);
  }
  at_put(&from);
  end_op();
  return err2 ? err2 : err;
}

long sys_symlinkat(uint64_t utarget, int newdirfd, uint64_t upath)
{
  char name[NAME_MAX + 1];
  struct at target, at;
  struct inode *dp;
  long err = at_get(AT_FDCWD, utarget, &target);
  if (err)
    return err;
  if (!target.path[0]) {
    kfree(target.path);
    return -ENOENT;
  }
  if ((err = at_get(newdirfd, upath, &at))) {
    kfree(target.path);
    return err;
  }
  begin_op();
  if (!(err = vfs_parent(at.dir, at.path, &dp, name))) {
    err = !name[0] ? -EEXIST : vfs_symlink(dp, name, target.path);
    iput(dp);
  }
  at_put(&at);
  end_op();
  kfree(target.path);
  return err;
}

long sys_readlinkat(int dirfd, uint64_t upath, uint64_t ubuf, int size)
{
  if (size <= 0)
    return -EINVAL;
  struct at at;
  struct inode *ip;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  char *buf = kmalloc(PATH_MAX);
  begin_op();
  if (!buf)
    err = -ENOMEM;
  else if (!(err = vfs_lookup(at.dir, at.path, WALK_NOFOLLOW, &ip))) {
    err = vfs_readlink(ip, buf, size < PATH_MAX ? size : PATH_MAX);
    iput(ip);
  }
  at_put(&at);
  end_op();
  if (err > 0 && copy_to_user(ubuf, buf, err) < 0)
    err = -EFAULT;
  kfree(buf);
  return err;
}

long sys_renameat2(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, unsigned int flags)
{
  if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
      (flags & (RENAME_NOREPLACE | RENAME_EXCHANGE)) == (RENAME_NOREPLACE | RENAME_EXCHANGE))
    return -EINVAL;
  char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
  struct at from, to;
  struct inode *odp, *ndp;
  long err = at_get(olddirfd, oldpath, &from);
  if (err)
    return err;
  long err2 = at_get(newdirfd, newpath, &to);
  vfs_rename_lock();
  begin_op();
  if (!err2) {
    if (!(err = vfs_parent(from.dir, from.path, &odp, oname))) {
      if (!(err = vfs_parent(to.dir, to.path, &ndp, nname))) {
        err = vfs_rename(odp, oname, ndp, nname, flags);
        iput(ndp);
      }
      iput(odp);
    }
    at_put(&to);
  }
  at_put(&from);
  end_op();
  vfs_rename_unlock();
  return err2 ? err2 : err;
}

// ---- the working directory and the root ----

// ip (referenced) must be a directory: it replaces *slot of the caller's
// fs_info; the old one (or ip, on error) is dropped.  In a transaction.
static long set_dir(struct inode *ip, int root)
{
  struct fs_info *fsi = current->fs;
  ilock(ip);
  int isdir = ip->type == T_DIR;
  iunlock(ip);
  if (!isdir) {
    iput(ip);
    return -ENOTDIR;
  }
  spin_lock(&fsi->lock);
  struct inode **slot = root ? &fsi->root : &fsi->cwd, *old = *slot;
  *slot = ip;
  spin_unlock(&fsi->lock);
  iput(old);
  return 0;
}

static long change_dir(uint64_t upath, int root)
{
  struct at at;
  struct inode *ip;
  long err = at_get(AT_FDCWD, upath, &at);
  if (err)
    return err;
  begin_op();
  if (!(err = vfs_lookup(0, at.path, 0, &ip)))
    err = set_dir(ip, root);
  at_put(&at);
  end_op();
  return err;
}

long sys_chdir(uint64_t upath)
{
  return change_dir(upath, 0);
}

// Everyone is root here, so anyone may.
long sys_chroot(uint64_t upath)
{
  return change_dir(upath, 1);
}

long sys_fchdir(int fd)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  begin_op();
  long err = set_dir(idup(f->ip), 0);
  end_op();
  fileclose(f);
  return err;
}

long sys_getcwd(uint64_t ubuf, size_t size)
{
  char *buf = kmalloc(PATH_MAX);
  if (!buf)
    return -ENOMEM;
  struct fs_info *fsi = current->fs;
  begin_op();
  spin_lock(&fsi->lock);
  struct inode *cwd = idup(fsi->cwd);
  spin_unlock(&fsi->lock);
  long n = vfs_path(cwd, buf, size < PATH_MAX ? size : PATH_MAX);
  iput(cwd);
  end_op();
  if (n > 0 && copy_to_user(ubuf, buf, n) < 0)
    n = -EFAULT;
  kfree(buf);
  return n;
}

// ---- mounts ----

#define FSTYPE_MAX 32

long sys_mount(uint64_t usource, uint64_t utarget, uint64_t utype, unsigned long flags, uint64_t data)
{
  char source[FSTYPE_MAX], type[FSTYPE_MAX];
  if (strncpy_from_user(type, utype, sizeof type) < 0)
    return -EFAULT;
  if (usource && strncpy_from_user(source, usource, sizeof source) < 0)
    return -EFAULT;
  if (!usource)
    strlcpy(source, "none", sizeof source);
  const struct fs_type *fst = fs_type_find(type);
  if (!fst)
    return -ENODEV;
  struct at at;
  struct inode *mp;
  long err = at_get(AT_FDCWD, utarget, &at);
  if (err)
    return err;
  begin_op();
  if (!(err = vfs_lookup(0, at.path, 0, &mp))) {
    err = vfs_path(mp, at.path, PATH_MAX);
    if (err > 0)
      err = vfs_mount(source, mp, at.path, fst);
    if (err)
      iput(mp);
  }
  at_put(&at);
  end_op();
  return err;
}

long sys_umount2(uint64_t utarget, int flags)
{
  if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
    return -EINVAL;
  struct at at;
  struct inode *ip;
  long err = at_get(AT_FDCWD, utarget, &at);
  if (err)
    return err;
  begin_op();
  if (!(err = vfs_lookup(0, at.path, (flags & UMOUNT_NOFOLLOW) ? WALK_NOFOLLOW : 0, &ip)))
    err = vfs_umount(ip);
  at_put(&at);
  end_op();
  return err;
}
