// eventfd: a 64-bit counter as a file.  A write adds to it (waiting while
// the sum would reach 2^64 - 1); a read takes all of it, or 1 with
// EFD_SEMAPHORE (waiting while it is 0).  Both move 8 bytes, in host order.
#include "errno.h"
#include "syscall.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "sched/wait.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "fs/anonfd.h"

#define EVENTFD_MAX UINT64_MAX       // the count never reaches it: a write of it is invalid

struct eventfd {
  struct spinlock lock;        // protects count
  uint64_t count;
  int semaphore;               // EFD_SEMAPHORE; constant
  struct wait_queue waiters;   // readers waiting for a count, writers for room
};

static int nonblocking(struct file *f)
{
  return (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK) != 0;
}

static long eventfd_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  struct eventfd *e = f->priv;
  if (n < sizeof(uint64_t))
    return -EINVAL;
  long r = 0;
  spin_lock(&e->lock);
  while (e->count == 0 && r == 0)
    r = nonblocking(f) ? -EAGAIN : wq_sleep(&e->waiters, &e->lock, TASK_INTERRUPTIBLE);
  uint64_t v = 0;
  if (r == 0) {
    v = e->semaphore ? 1 : e->count;
    e->count -= v;
    wq_wake_all(&e->waiters);
  }
  spin_unlock(&e->lock);
  if (r < 0)
    return r;
  poll_wake();
  // Taken even when the copy fails, as on Linux.
  return copy_to_user(udst, &v, sizeof v) < 0 ? -EFAULT : (long)sizeof v;
}

static long eventfd_write(struct file *f, uint64_t usrc, size_t n, uint64_t *off)
{
  struct eventfd *e = f->priv;
  uint64_t v;
  if (n < sizeof v)
    return -EINVAL;
  if (copy_from_user(&v, usrc, sizeof v) < 0)
    return -EFAULT;
  if (v == EVENTFD_MAX)
    return -EINVAL;
  long r = 0;
  spin_lock(&e->lock);
  while (EVENTFD_MAX - e->count <= v && r == 0)
    r = nonblocking(f) ? -EAGAIN : wq_sleep(&e->waiters, &e->lock, TASK_INTERRUPTIBLE);
  if (r == 0) {
    e->count += v;
    wq_wake_all(&e->waiters);
  }
  spin_unlock(&e->lock);
  if (r < 0)
    return r;
  poll_wake();
  return sizeof v;
}

// Readable with a count; writable while 1 more fits.
static int eventfd_poll(struct file *f)
{
  struct eventfd *e = f->priv;
  spin_lock(&e->lock);
  int ev = (e->count > 0 ? POLLIN : 0) | (e->count < EVENTFD_MAX - 1 ? POLLOUT : 0);
  spin_unlock(&e->lock);
  return ev;
}

static void eventfd_release(struct file *f)
{
  kfree(f->priv);
}

static const struct file_ops eventfd_fops = {
  .read = eventfd_read, .write = eventfd_write, .poll = eventfd_poll,
  .release = eventfd_release,
};

long sys_eventfd2(unsigned int initval, int flags)
{
  if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
    return -EINVAL;
  struct eventfd *e = kmalloc(sizeof *e);
  if (!e)
    return -ENOMEM;
  spin_init(&e->lock, "eventfd");
  wq_init(&e->waiters, "eventfd");
  e->count = initval;
  e->semaphore = (flags & EFD_SEMAPHORE) != 0;
  struct file *f = anon_file(&eventfd_fops, e, flags);
  if (!f) {
    kfree(e);
    return -ENFILE;
  }
  return anon_install(f, flags);
}
