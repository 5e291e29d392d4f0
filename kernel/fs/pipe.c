// Pipes: a PIPESIZE ring buffer between a read end and a write end; an
// inode of the (unmounted) pipe file system with two files on it.
//
// User memory is copied through a kernel bounce buffer outside the pipe's
// spinlock (a user copy may fault in pages).  A write goes in pieces of at
// most PIPESIZE bytes, each put in the ring as a whole once there is room,
// so writes of up to PIPESIZE bytes (POSIX PIPE_BUF) never interleave.
// A nonblocking end (O_NONBLOCK) fails with EAGAIN where it would wait; a
// nonblocking write of more than PIPESIZE bytes need not be atomic and puts
// in what fits.
#include "proc/signal.h"
#include "errno.h"
#include "lib/string.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

struct pipe {
  struct spinlock lock;        // protects everything below
  char *buf;                   // PIPESIZE bytes
  uint32_t nread, nwrite;      // bytes ever read and written: nwrite - nread are buffered
  int readopen, writeopen;     // the ends still open
  struct wait_queue readers;   // waiting for data or for the write end to close
  struct wait_queue writers;   // waiting for room or for the read end to close
};

#define PIPEFS_MAGIC 0x50495045      // statfs f_type, as Linux's
#define PIPE_MODE 0600

static const struct fs_type pipefs_type = { .name = "pipefs", .magic = PIPEFS_MAGIC };
static struct super pipe_super = { .type = &pipefs_type, .dev = MKDEV(0, 12) };
static const struct inode_ops pipe_iops;
static const struct file_ops pipe_fops;

static struct pipe *pipe_of(struct file *f)
{
  return f->ip->priv;
}

static int nonblocking(struct file *f)
{
  return (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK) != 0;
}

int pipealloc(struct file **rf, struct file **wf)
{
  struct pipe *p = kmalloc(sizeof(*p));
  char *buf = page_alloc();
  struct inode *ip = p && buf ? inode_new(&pipe_super, T_FIFO) : 0;
  *rf = *wf = 0;
  if (ip) {
    ip->mode = PIPE_MODE;
    ip->op = &pipe_iops;
    ip->fop = &pipe_fops;
    ip->inum = (uint32_t)(uint64_t)p;
    *rf = file_open_inode(ip, O_RDONLY);
    *wf = file_open_inode(ip, O_WRONLY);
    iput(ip);                  // the files hold it now
  }
  if (!*rf || !*wf) {
    if (*rf)
      fileclose(*rf);          // no release op runs yet: ip->priv is unset
    if (*wf)
      fileclose(*wf);
    kfree(p);                  // kfree(NULL) does nothing
    if (buf)
      page_free(buf);
    return -ENOMEM;
  }
  spin_init(&p->lock, "pipe");
  wq_init(&p->readers, "pipe read");
  wq_init(&p->writers, "pipe write");
  p->buf = buf;
  p->nread = p->nwrite = 0;
  p->readopen = p->writeopen = 1;
  ip->priv = p;
  return 0;
}

static void pipe_release(struct file *f)
{
  struct pipe *p = pipe_of(f);
  if (!p)
    return;
  spin_lock(&p->lock);
  if (f->writable) {
    p->writeopen = 0;
    wq_wake_all(&p->readers);    // they see end of file
  } else {
    p->readopen = 0;
    wq_wake_all(&p->writers);    // they get EPIPE
  }
  int unused = !p->readopen && !p->writeopen;
  spin_unlock(&p->lock);
  poll_wake();
  if (unused) {
    f->ip->priv = 0;
    page_free(p->buf);
    kfree(p);
  }
}

// Move m bytes between the ring and a kernel buffer.  Caller holds p->lock.
static void ring_get(struct pipe *p, char *dst, uint32_t m)
{
  uint32_t at = p->nread % PIPESIZE, first = m < PIPESIZE - at ? m : PIPESIZE - at;
  memcpy(dst, p->buf + at, first);
  memcpy(dst + first, p->buf, m - first);
  p->nread += m;
}

static void ring_put(struct pipe *p, const char *src, uint32_t m)
{
  uint32_t at = p->nwrite % PIPESIZE, first = m < PIPESIZE - at ? m : PIPESIZE - at;
  memcpy(p->buf + at, src, first);
  memcpy(p->buf, src + first, m - first);
  p->nwrite += m;
}

// Whatever is buffered, up to n bytes; waits while the pipe is empty and a
// writer remains.  0 means end of file.
static long pipe_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  struct pipe *p = pipe_of(f);
  int nonblock = nonblocking(f);
  if (n == 0)
    return 0;
  uint32_t max = n < PIPESIZE ? n : PIPESIZE;
  char *bounce = kmalloc(max);
  if (!bounce)
    return -ENOMEM;
  spin_lock(&p->lock);
  long r = 0;
  while (p->nread == p->nwrite && p->writeopen && r == 0)
    r = nonblock ? -EAGAIN : wq_sleep(&p->readers, &p->lock, TASK_INTERRUPTIBLE);
  if (r == 0) {
    uint32_t avail = p->nwrite - p->nread, start = p->nread;
    r = avail < max ? avail : max;
    ring_get(p, bounce, r);
    // Copied out under the lock (the copy never sleeps) so that a bad
    // buffer leaves the data in the pipe, as on Linux.
    if (r > 0 && copy_to_user(udst, bounce, r) < 0) {
      p->nread = start;
      r = -EFAULT;
    } else {
      wq_wake_all(&p->writers);
    }
  }
  spin_unlock(&p->lock);
  kfree(bounce);
  if (r > 0)
    poll_wake();
  return r;
}

static uint32_t room(struct pipe *p)
{
  return PIPESIZE - (p->nwrite - p->nread);
}

// Put m bytes in the ring once there is room for all of them; nonblocking,
// put them now, or only what fits if partial.  Bytes put, -EPIPE, -EINTR
// or -EAGAIN.
static long put(struct pipe *p, const char *src, uint32_t m, int nonblock, int partial)
{
  long r = 0;
  spin_lock(&p->lock);
  while (p->readopen && room(p) < m && !nonblock && r == 0)
    r = wq_sleep(&p->writers, &p->lock, TASK_INTERRUPTIBLE);
  if (!p->readopen)
    r = -EPIPE;
  else if (r == 0 && room(p) < m)      // nonblocking
    m = partial ? room(p) : 0;
  if (r == 0 && m == 0)
    r = -EAGAIN;
  if (r == 0) {
    ring_put(p, src, m);
    wq_wake_all(&p->readers);
    r = m;
  }
  spin_unlock(&p->lock);
  return r;
}

static long pipe_write(struct file *f, uint64_t usrc, size_t n, uint64_t *off)
{
  struct pipe *p = pipe_of(f);
  int nonblock = nonblocking(f);
  if (n == 0)
    return 0;
  uint32_t max = n < PIPESIZE ? n : PIPESIZE;
  char *bounce = kmalloc(max);
  if (!bounce)
    return -ENOMEM;
  size_t done = 0;
  long err = 0;
  while (done < n && err == 0 && !(done && fatal_signal_pending(current))) {
    uint32_t m = n - done < max ? n - done : max;
    long r = copy_from_user(bounce, usrc + done, m) < 0 ? -EFAULT : put(p, bounce, m, nonblock, n > PIPESIZE);
    if (r < 0)
      err = r;
    else
      done += r;
  }
  kfree(bounce);
  if (done > 0)
    poll_wake();
  if (done == 0 && err == -EPIPE)
    force_signal(SIGPIPE, SI_USER, 0);   // nobody will ever read this: by default the writer dies
  return done > 0 ? (long)done : err;
}

// A read end is ready with data, and hung up once the writers are gone; a
// write end is ready with room, and in error once the readers are gone.
static int pipe_poll(struct file *f)
{
  struct pipe *p = pipe_of(f);
  int ev = 0;
  spin_lock(&p->lock);
  if (f->readable && p->nread != p->nwrite)
    ev |= POLLIN;
  if (f->readable && !p->writeopen)
    ev |= POLLHUP;
  if (f->writable && !p->readopen)
    ev |= POLLERR;
  if (f->writable && room(p) > 0)
    ev |= POLLOUT;
  spin_unlock(&p->lock);
  return ev;
}

static void pipe_getattr(struct inode *ip, struct stat *st)
{
  generic_getattr(ip, st);
  st->st_blksize = PIPESIZE;
}

// fchmod and the like change the pipe's inode, as on Linux.
static const struct inode_ops pipe_iops = { .getattr = pipe_getattr, .setattr = memory_setattr };
static const struct file_ops pipe_fops = {
  .read = pipe_read, .write = pipe_write, .poll = pipe_poll, .release = pipe_release,
};
