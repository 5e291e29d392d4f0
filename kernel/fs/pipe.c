// Pipes: a PIPESIZE ring buffer between a read end and a write end.
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
#include "fs/file.h"

struct pipe {
  struct spinlock lock;        // protects everything below
  char *buf;                   // PIPESIZE bytes
  uint32_t nread, nwrite;      // bytes ever read and written: nwrite - nread are buffered
  int readopen, writeopen;     // the ends still open
  struct wait_queue readers;   // waiting for data or for the write end to close
  struct wait_queue writers;   // waiting for room or for the read end to close
};

int pipealloc(struct file **rf, struct file **wf)
{
  struct pipe *p = kmalloc(sizeof(*p));
  char *buf = page_alloc();
  *rf = filealloc();
  *wf = filealloc();
  if (!p || !buf || !*rf || !*wf) {
    kfree(p);                  // kfree(NULL) does nothing
    kfree(*rf);
    kfree(*wf);
    if (buf)
      page_free(buf);
    return -ENOMEM;
  }
  spin_init(&p->lock, "pipe");
  wq_init(&p->readers, "pipe read");
  wq_init(&p->writers, "pipe write");
  p->buf = buf;
  p->readopen = p->writeopen = 1;
  **rf = (struct file){ .type = FD_PIPE, .refs = 1, .readable = 1, .pipe = p };
  **wf = (struct file){ .type = FD_PIPE, .refs = 1, .writable = 1, .pipe = p };
  return 0;
}

void pipeclose(struct pipe *p, int writable)
{
  spin_lock(&p->lock);
  if (writable) {
    p->writeopen = 0;
    wq_wake_all(&p->readers);    // they see end of file
  } else {
    p->readopen = 0;
    wq_wake_all(&p->writers);    // they get EPIPE
  }
  int unused = !p->readopen && !p->writeopen;
  spin_unlock(&p->lock);
  if (unused) {
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
long piperead(struct pipe *p, uint64_t udst, size_t n, int nonblock)
{
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

long pipewrite(struct pipe *p, uint64_t usrc, size_t n, int nonblock)
{
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
  if (done == 0 && err == -EPIPE)
    force_signal(SIGPIPE, SI_USER, 0);   // nobody will ever read this: by default the writer dies
  return done > 0 ? (long)done : err;
}
