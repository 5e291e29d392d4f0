// Open files and what refers to them: descriptor tables (struct files) and
// working directories (struct fs_info), each shared by reference count.
// Reading, writing and the rest go through the file's operations.
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

// ---- struct file ----

struct file *filealloc(void)
{
  struct file *f = kmalloc(sizeof(*f));
  if (f)
    refcount_set(&f->refs, 1);
  return f;
}

struct file *filedup(struct file *f)
{
  refcount_inc(&f->refs);
  return f;
}

void fileclose(struct file *f)
{
  if (refcount_dec(&f->refs) > 0)
    return;
  if (f->op->release)
    f->op->release(f);
  begin_op();
  iput(f->ip);
  end_op();
  kfree(f);
}

struct file *file_open_inode(struct inode *ip, int flags)
{
  struct file *f = filealloc();
  if (!f)
    return 0;
  int acc = flags & O_ACCMODE;
  f->op = ip->fop;
  f->ip = ip;
  f->off = 0;
  f->priv = 0;
  f->readable = acc != O_WRONLY;
  f->writable = acc != O_RDONLY;
  f->flags = flags & (O_APPEND | O_NONBLOCK);
  idup(ip);
  return f;
}

void file_getattr(struct file *f, struct stat *st)
{
  ilock(f->ip);
  f->ip->op->getattr(f->ip, st);
  iunlock(f->ip);
}

int file_poll(struct file *f)
{
  return f->op->poll ? f->op->poll(f) : POLLIN | POLLOUT;
}

int file_flags(struct file *f)
{
  int acc = f->readable && f->writable ? O_RDWR : f->writable ? O_WRONLY : O_RDONLY;
  return acc | __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
}

// A store, not a read-modify-write: the flags hold nothing else that a
// concurrent F_SETFL could lose.
void file_set_flags(struct file *f, int flags)
{
  __atomic_store_n(&f->flags, flags & (O_APPEND | O_NONBLOCK), __ATOMIC_RELAXED);
}

long fileread(struct file *f, uint64_t udst, size_t n)
{
  if (!f->readable)
    return -EBADF;
  return f->op->read ? f->op->read(f, udst, n, &f->off) : -EINVAL;
}

long filewrite(struct file *f, uint64_t usrc, size_t n)
{
  if (!f->writable)
    return -EBADF;
  return f->op->write ? f->op->write(f, usrc, n, &f->off) : -EINVAL;
}

// pread/pwrite: at off, leaving the file's offset alone; only files that
// can seek have offsets (ESPIPE otherwise).  With O_APPEND pwrite appends,
// as on Linux.
long file_pread(struct file *f, uint64_t udst, size_t n, uint64_t off)
{
  if (!f->readable)
    return -EBADF;
  if (!f->op->lseek)
    return -ESPIPE;
  return f->op->read ? f->op->read(f, udst, n, &off) : -EINVAL;
}

long file_pwrite(struct file *f, uint64_t usrc, size_t n, uint64_t off)
{
  if (!f->writable)
    return -EBADF;
  if (!f->op->lseek)
    return -ESPIPE;
  return f->op->write ? f->op->write(f, usrc, n, &off) : -EINVAL;
}

// ---- descriptor tables ----

// Descriptors run from 0 to this minus one: RLIMIT_NOFILE, at most NOFILE.
int fd_limit(void)
{
  uint64_t lim = rlimit(RLIMIT_NOFILE);
  return lim < NOFILE ? (int)lim : NOFILE;
}

int fd_install(struct file *f, int min, int flags)
{
  struct files *fl = current->files;
  int limit = fd_limit();
  spin_lock(&fl->lock);
  for (int fd = min; fd < limit; fd++) {
    if (!fl->fd[fd]) {
      fl->fd[fd] = f;
      fl->cloexec[fd] = (flags & O_CLOEXEC) != 0;
      spin_unlock(&fl->lock);
      return fd;
    }
  }
  spin_unlock(&fl->lock);
  return -EMFILE;
}

// A reference of its own, so a concurrent close by a thread sharing the
// table cannot free the file under the caller.
struct file *fd_get(int fd)
{
  struct files *fl = current->files;
  if (fd < 0 || fd >= NOFILE)
    return 0;
  spin_lock(&fl->lock);
  struct file *f = fl->fd[fd];
  if (f)
    filedup(f);
  spin_unlock(&fl->lock);
  return f;
}

int fd_close(int fd)
{
  struct files *fl = current->files;
  if (fd < 0 || fd >= NOFILE)
    return -EBADF;
  spin_lock(&fl->lock);
  struct file *f = fl->fd[fd];
  fl->fd[fd] = 0;
  fl->cloexec[fd] = 0;
  spin_unlock(&fl->lock);
  if (!f)
    return -EBADF;
  fileclose(f);              // outside the spinlock: it may sleep
  return 0;
}

int fd_replace(int fd, struct file *f, int flags)
{
  struct files *fl = current->files;
  if (fd < 0 || fd >= fd_limit())
    return -EBADF;
  spin_lock(&fl->lock);
  struct file *old = fl->fd[fd];
  fl->fd[fd] = f;
  fl->cloexec[fd] = (flags & O_CLOEXEC) != 0;
  spin_unlock(&fl->lock);
  if (old)
    fileclose(old);
  return fd;
}

int fd_cloexec(int fd)
{
  struct files *fl = current->files;
  if (fd < 0 || fd >= NOFILE)
    return -EBADF;
  spin_lock(&fl->lock);
  int r = !fl->fd[fd] ? -EBADF : fl->cloexec[fd] ? FD_CLOEXEC : 0;
  spin_unlock(&fl->lock);
  return r;
}

int fd_set_cloexec(int fd, int on)
{
  struct files *fl = current->files;
  if (fd < 0 || fd >= NOFILE)
    return -EBADF;
  spin_lock(&fl->lock);
  int r = fl->fd[fd] ? 0 : -EBADF;
  if (r == 0)
    fl->cloexec[fd] = on != 0;
  spin_unlock(&fl->lock);
  return r;
}

struct files *files_alloc(void)
{
  struct files *fl = kmalloc(sizeof(*fl));
  if (!fl)
    return 0;
  refcount_set(&fl->refs, 1);
  spin_init(&fl->lock, "files");
  return fl;
}

struct files *files_copy(struct files *old)
{
  struct files *fl = files_alloc();
  if (!fl)
    return 0;
  spin_lock(&old->lock);
  for (int fd = 0; fd < NOFILE; fd++) {
    if (old->fd[fd]) {
      fl->fd[fd] = filedup(old->fd[fd]);
      fl->cloexec[fd] = old->cloexec[fd];
    }
  }
  spin_unlock(&old->lock);
  return fl;
}

// One descriptor at a time, each closed outside the spinlock (closing may
// sleep).
void files_close_on_exec(struct files *fl)
{
  for (int fd = 0; fd < NOFILE; fd++) {
    spin_lock(&fl->lock);
    struct file *f = fl->cloexec[fd] ? fl->fd[fd] : 0;
    if (f) {
      fl->fd[fd] = 0;
      fl->cloexec[fd] = 0;
    }
    spin_unlock(&fl->lock);
    if (f)
      fileclose(f);
  }
}

void files_get(struct files *fl)
{
  refcount_inc(&fl->refs);
}

void files_put(struct files *fl)
{
  if (refcount_dec(&fl->refs) > 0)
    return;
  for (int fd = 0; fd < NOFILE; fd++)
    if (fl->fd[fd])
      fileclose(fl->fd[fd]);
  kfree(fl);
}

// ---- working directories ----

static struct fs_info *fs_info_new(void)
{
  struct fs_info *fsi = kmalloc(sizeof(*fsi));
  if (fsi) {
    refcount_set(&fsi->refs, 1);
    spin_init(&fsi->lock, "fs_info");
    fsi->umask = DEFAULT_UMASK;
  }
  return fsi;
}

struct fs_info *fs_info_alloc(void)
{
  struct fs_info *fsi = fs_info_new();
  if (fsi) {
    fsi->root = idup(disk_super.root);
    fsi->cwd = idup(fsi->root);
  }
  return fsi;
}

struct fs_info *fs_info_copy(struct fs_info *old)
{
  struct fs_info *fsi = fs_info_new();
  if (!fsi)
    return 0;
  spin_lock(&old->lock);
  fsi->cwd = idup(old->cwd);
  fsi->umask = __atomic_load_n(&old->umask, __ATOMIC_RELAXED);
  fsi->root = idup(old->root);
  spin_unlock(&old->lock);
  return fsi;
}

void fs_info_get(struct fs_info *fsi)
{
  refcount_inc(&fsi->refs);
}

void fs_info_put(struct fs_info *fsi)
{
  if (refcount_dec(&fsi->refs) > 0)
    return;
  begin_op();
  iput(fsi->cwd);
  iput(fsi->root);
  end_op();
  kfree(fsi);
}
