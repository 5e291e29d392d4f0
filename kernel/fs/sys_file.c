// The file system calls: argument checking, descriptors and the Linux
// structures; the work is done in file.c, dir.c and inode.c.
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

// ---- arguments ----

// Is name one of the elements of path?
static int has_elem(const char *path, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = path; *p; p++)
    if ((p == path || p[-1] == '/') && strncmp(p, name, n) == 0 && (p[n] == '/' || !p[n]))
      return 1;
  return 0;
}

// The absolute name of the directory a relative path starts from, when the
// path might reach /proc: from a procfs directory (dirf or the cwd; into
// small, PROC_CWD_MAX bytes), or naming "proc" from "/" or by ".." from
// anywhere (then *big, PATH_MAX bytes, holds the name).  NULL when the path
// stays on the disk as it is.
static const char *route_base(struct at *at, struct file *dirf, char *small, char **big)
{
  struct fs_info *fsi = current->fs;
  if (dirf && dirf->type == FD_PROC)
    return procfs_path(dirf);
  spin_lock(&fsi->lock);
  int root = (at->dir ? at->dir : fsi->cwd)->inum == ROOTINO;
  strlcpy(small, dirf ? "" : fsi->proc_cwd, PROC_CWD_MAX);
  spin_unlock(&fsi->lock);
  if (small[0] && at->path[0] != '/')
    return small;
  if (!has_elem(at->path, "proc"))
    return 0;
  if (at->path[0] == '/' || root)
    return "/";
  if (!has_elem(at->path, "..") || !(*big = kmalloc(PATH_MAX)))
    return 0;
  begin_op();
  spin_lock(&fsi->lock);
  struct inode *dir = idup(at->dir ? at->dir : fsi->cwd);
  spin_unlock(&fsi->lock);
  const char *base = dir_path(dir, *big, PATH_MAX) > 0 ? *big : 0;
  iput(dir);
  end_op();
  return base;
}

// Send paths that reach /proc to procfs; a relative path from a procfs
// directory that leaves /proc becomes absolute for the disk's lookup.
static long route(struct at *at, struct file *dirf)
{
  char small[PROC_CWD_MAX], *big = 0;
  const char *base = route_base(at, dirf, small, &big);
  long r = base ? procfs_route(at->path, base) : 0;
  kfree(big);
  if (r < 0)
    return r;
  at->proc = r;
  return 0;
}

// 0 when f, the dirfd of an *at call, can start a relative path.
static long dirfd_check(struct file *f)
{
  if (!f)
    return -EBADF;
  if (f->type == FD_PIPE || (f->type == FD_PROC && !procfs_path(f)))
    return -ENOTDIR;
  return 0;                  // a disk inode: the lookup checks that it is a directory
}

long at_get(int dirfd, uint64_t upath, struct at *at)
{
  struct file *f = 0;
  at->dir = 0;
  at->proc = 0;
  if (!(at->path = kmalloc(PATH_MAX)))
    return -ENOMEM;
  long err = strncpy_from_user(at->path, upath, PATH_MAX);
  if (err >= 0 && at->path[0] != '/' && dirfd != AT_FDCWD) {
    f = fd_get(dirfd);
    err = dirfd_check(f);
    if (!err && f->type != FD_PROC)
      at->dir = idup(f->ip);     // path lookup checks that it is a directory
  }
  if (err >= 0)
    err = route(at, f);
  if (f)
    fileclose(f);
  if (err < 0 && at->dir) {
    begin_op();
    iput(at->dir);
    end_op();
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

#define IOV_MAX 1024
struct iovec64 {
  uint64_t base, len;
};

// readv/writev: each buffer in turn, stopping at a short transfer; an error
// after some bytes moved reports the bytes.
static long vector_io(int fd, uint64_t uiov, int cnt, int write)
{
  if (cnt < 0 || cnt > IOV_MAX)
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
  if (f->type == FD_PROC) {
    long r = whence == SEEK_SET && off >= 0 ? off : -EINVAL;   // the text is made at read time: no END
    if (r >= 0)
      f->off = r;
    fileclose(f);
    return r;
  }
  if (f->type != FD_INODE) {
    fileclose(f);
    return -ESPIPE;
  }
  ilock(f->ip);
  long base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (long)f->off
            : whence == SEEK_END ? (long)f->ip->size : -1;
  long r = base < 0 || base + off < 0 ? -EINVAL : base + off;
  if (r >= 0)
    f->off = r;
  iunlock(f->ip);
  fileclose(f);
  return r;
}

// isatty() asks for the terminal settings: report a cooked 8-bit line.
static long console_tcgets(uint64_t arg)
{
  struct linux_termios t;
  memset(&t, 0, sizeof(t));
  t.c_iflag = 0000400;                      // ICRNL
  t.c_oflag = 0000001 | 0000004;            // OPOST ONLCR
  t.c_cflag = 0000017 | 0000060 | 0000200;  // B38400 CS8 CREAD
  t.c_lflag = 0000001 | 0000002 | 0000010 | 0000020 | 0000040;   // ISIG ICANON ECHO ECHOE ECHOK
  t.c_cc[0] = 003;                          // VINTR ^C
  t.c_cc[1] = 034;                          // VQUIT: control-backslash
  t.c_cc[2] = 0177;                         // VERASE
  t.c_cc[3] = 025;                          // VKILL ^U
  t.c_cc[4] = 004;                          // VEOF ^D
  return copy_to_user(arg, &t, sizeof(t)) < 0 ? -EFAULT : 0;
}

// tcsetpgrp(): the job the shell runs in the foreground gets ^C.
static long console_tiocspgrp(uint64_t arg)
{
  int pgid;
  return copy_from_user(&pgid, arg, sizeof pgid) < 0 ? -EFAULT : console_set_pgrp(pgid);
}

static long console_tiocgpgrp(uint64_t arg)
{
  int pgid = console_get_pgrp();
  return copy_to_user(arg, &pgid, sizeof pgid) < 0 ? -EFAULT : 0;
}

long sys_ioctl(int fd, unsigned long req, uint64_t arg)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  int tty = f->type == FD_DEVICE && f->major == CONSOLE_MAJOR;
  fileclose(f);
  if (!tty)
    return -ENOTTY;
  switch (req) {
  case TCGETS:
    return console_tcgets(arg);
  case TIOCGPGRP:
    return console_tiocgpgrp(arg);
  case TIOCSPGRP:
    return console_tiocspgrp(arg);
  default:
    return -ENOTTY;
  }
}

// ---- status ----

void file_stat(struct file *f, struct linux_stat *st)
{
  if (f->type == FD_PIPE) {
    memset(st, 0, sizeof(*st));
    st->st_mode = S_IFIFO | 0600;
    st->st_blksize = PIPESIZE;
  } else if (f->type == FD_PROC) {
    procfs_fstat(f, st);
  } else {
    ilock(f->ip);
    stat_inode(f->ip, st);
    iunlock(f->ip);
  }
}

long sys_fstat(int fd, uint64_t ust)
{
  struct linux_stat st;
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  file_stat(f, &st);
  fileclose(f);
  return copy_to_user(ust, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

long sys_newfstatat(int dirfd, uint64_t upath, uint64_t ust, int flags)
{
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  char c;
  if ((flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD && copy_from_user(&c, upath, 1) == 0 && c == 0)
    return sys_fstat(dirfd, ust);
  struct at at;
  struct inode *ip;
  struct linux_stat st;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  begin_op();
  if (at.path[0] == 0 && (flags & AT_EMPTY_PATH))
    strlcpy(at.path, ".", PATH_MAX);
  if (at.proc)
    err = procfs_stat(at.path, &st);
  else if (!(err = path_lookup(at.dir, at.path, &ip))) {
    ilock(ip);
    stat_inode(ip, &st);
    iunlockput(ip);
  }
  at_put(&at);
  end_op();
  if (!err && copy_to_user(ust, &st, sizeof(st)) < 0)
    err = -EFAULT;
  return err;
}

static uint8_t dirent_type(uint32_t inum)
{
  int type = inode_type(inum);
  return type == T_DIR ? DT_DIR : type == T_DEV ? DT_CHR : DT_REG;
}

// Copy the entries of the locked directory ip from *off into ubuf as
// linux_dirent64 records, as many as fit in len.  Bytes filled or -errno.
static long fill_dirents(struct inode *ip, uint32_t *off, uint64_t ubuf, size_t len)
{
  union {
    struct linux_dirent64 d;
    char bytes[(sizeof(struct linux_dirent64) + DIRSIZ + 1 + 7) & ~7];
  } rec;
  struct dirent de;
  size_t pos = 0;
  for (uint32_t at = *off; dir_next(ip, &at, &de); *off = at) {
    size_t namelen = strnlen(de.name, DIRSIZ);
    size_t reclen = (sizeof(rec.d) + namelen + 1 + 7) & ~7UL;
    if (pos + reclen > len)
      return pos ? (long)pos : -EINVAL;
    memset(&rec, 0, sizeof(rec));
    rec.d.d_ino = de.inum;
    rec.d.d_off = at;
    rec.d.d_reclen = reclen;
    rec.d.d_type = dirent_type(de.inum);
    memcpy(rec.d.d_name, de.name, namelen);
    if (copy_to_user(ubuf + pos, &rec, reclen) < 0)
      return -EFAULT;
    pos += reclen;
  }
  return pos;
}

long sys_getdents64(int fd, uint64_t ubuf, size_t len)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long r = f->type == FD_PROC ? procfs_getdents(f, ubuf, len) : -ENOTDIR;
  if (f->type == FD_INODE) {
    ilock(f->ip);
    if (f->ip->type == T_DIR && f->off >= f->ip->size) {
      r = 0;
    } else if (f->ip->type == T_DIR) {
      // lseek may have left the offset inside an entry.
      uint32_t off = (f->off + sizeof(struct dirent) - 1) / sizeof(struct dirent) * sizeof(struct dirent);
      r = fill_dirents(f->ip, &off, ubuf, len);
      f->off = off;
    }
    iunlock(f->ip);
  }
  fileclose(f);
  return r;
}

// ---- names ----

static int check_open(struct inode *ip, int flags)
{
  if ((flags & O_DIRECTORY) && ip->type != T_DIR)
    return -ENOTDIR;
  if (ip->type == T_DIR && (flags & O_ACCMODE) != O_RDONLY)
    return -EISDIR;
  if (ip->type == T_DEV && (ip->major < 0 || ip->major >= NDEV))
    return -ENXIO;
  return 0;
}

// Open the locked inode ip as a new descriptor; ip's reference goes to the
// file.  In a transaction.  The descriptor or -errno.
static long open_inode(struct inode *ip, int flags)
{
  int acc = flags & O_ACCMODE;
  long err = check_open(ip, flags);
  struct file *f = err ? 0 : filealloc();
  if (!f) {
    iunlockput(ip);
    return err ? err : -ENFILE;
  }
  f->type = ip->type == T_DEV ? FD_DEVICE : FD_INODE;
  f->ip = ip;
  f->major = ip->major;
  f->minor = ip->minor;
  f->readable = acc != O_WRONLY;
  f->writable = acc != O_RDONLY;
  f->flags = flags & (O_APPEND | O_NONBLOCK);
  if ((flags & O_TRUNC) && ip->type == T_FILE && f->writable)
    itrunc(ip);
  iunlock(ip);
  int fd = fd_install(f, 0, flags);
  if (fd < 0) {
    kfree(f);
    iput(ip);
  }
  return fd;
}

// at (a procfs path) as a new descriptor; releases at.
static long open_proc(struct at *at, int flags)
{
  struct file *f;
  long err = procfs_open(at->path, flags, &f);
  begin_op();
  at_put(at);
  end_op();
  if (err)
    return err;
  int fd = fd_install(f, 0, flags);
  if (fd < 0)
    fileclose(f);
  return fd;
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
  if (at.proc)
    return open_proc(&at, flags);
  begin_op();
  if (flags & O_CREAT)
    err = create(at.dir, at.path, T_FILE, umasked(mode), 0, 0, (flags & O_EXCL) != 0, &ip);
  else if (!(err = path_lookup(at.dir, at.path, &ip)))
    ilock(ip);
  if (!err)
    err = open_inode(ip, flags);
  at_put(&at);
  end_op();
  return err;
}

// mkdirat and mknodat: create and drop the new inode.
static long make(int dirfd, uint64_t upath, int16_t type, uint32_t mode, int16_t major, int16_t minor)
{
  struct at at;
  struct inode *ip;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  begin_op();
  if (at.proc)
    err = -EROFS;
  else if (!(err = create(at.dir, at.path, type, umasked(mode), major, minor, 1, &ip)))
    iunlockput(ip);
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

long sys_unlinkat(int dirfd, uint64_t upath, int flags)
{
  if (flags & ~AT_REMOVEDIR)
    return -EINVAL;
  struct at at;
  long err = at_get(dirfd, upath, &at);
  if (err)
    return err;
  begin_op();
  err = at.proc ? -EROFS : unlink(at.dir, at.path, (flags & AT_REMOVEDIR) != 0);
  at_put(&at);
  end_op();
  return err;
}

long sys_linkat(int olddirfd, uint64_t oldpath, int newdirfd, uint64_t newpath, int flags)
{
  if (flags & ~AT_SYMLINK_FOLLOW)
    return -EINVAL;
  struct at from, to;
  long err = at_get(olddirfd, oldpath, &from);
  if (err)
    return err;
  long err2 = at_get(newdirfd, newpath, &to);
  begin_op();
  if (!err2) {
    err = from.proc || to.proc ? -EROFS : link(from.dir, from.path, to.dir, to.path);
    at_put(&to);
  }
  at_put(&from);
  end_op();
  return err2 ? err2 : err;
}

// Make ip the cwd; returns the old one for the caller to drop.
static struct inode *swap_cwd(struct inode *ip)
{
  struct fs_info *fsi = current->fs;
  spin_lock(&fsi->lock);
  struct inode *old = fsi->cwd;
  fsi->cwd = ip;
  fsi->proc_cwd[0] = 0;
  spin_unlock(&fsi->lock);
  return old;
}

// The cwd becomes a procfs directory; the disk cwd stays as it was (unused
// until a chdir back to the disk).
static long chdir_proc(const char *ppath)
{
  struct fs_info *fsi = current->fs;
  int r = procfs_isdir(ppath);
  if (r <= 0)
    return r < 0 ? r : -ENOTDIR;
  if (strlen("/proc/") + strlen(ppath) >= PROC_CWD_MAX)
    return -ENAMETOOLONG;
  spin_lock(&fsi->lock);
  snprintf(fsi->proc_cwd, PROC_CWD_MAX, ppath[0] ? "/proc/%s" : "/proc", ppath);
  spin_unlock(&fsi->lock);
  return 0;
}

long sys_chdir(uint64_t upath)
{
  struct at at;
  struct inode *ip;
  long err = at_get(AT_FDCWD, upath, &at);
  if (err)
    return err;
  begin_op();
  if (at.proc) {
    err = chdir_proc(at.path);
  } else if (!(err = path_lookup(0, at.path, &ip))) {
    ilock(ip);
    int isdir = ip->type == T_DIR;
    iunlock(ip);
    if (isdir)
      ip = swap_cwd(ip);
    else
      err = -ENOTDIR;
    iput(ip);
  }
  at_put(&at);
  end_op();
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
  strlcpy(buf, fsi->proc_cwd, PROC_CWD_MAX);
  spin_unlock(&fsi->lock);
  long n = !buf[0] ? dir_path(cwd, buf, size < PATH_MAX ? size : PATH_MAX)
         : strlen(buf) < size ? (long)strlen(buf) + 1 : -ERANGE;
  iput(cwd);
  end_op();
  if (n > 0 && copy_to_user(ubuf, buf, n) < 0)
    n = -EFAULT;
  kfree(buf);
  return n;
}
