// signalfd: the caller's pending signals of a mask, read as struct
// signalfd_siginfo instead of delivered.  Reading takes a signal as
// rt_sigtimedwait does: the reader's own pending signals, then its thread
// group's, lowest number first.  The mask is the file's (signalfd4 on the
// descriptor changes it); which signals are pending is the reading task's,
// so a child that inherits the descriptor reads its own.
//
// Readers waiting for a signal sleep on one queue under their sighand
// lock; sending a signal (proc/signal.c) calls signalfd_notify after
// queueing it under that lock, so no wakeup is lost.
#include "errno.h"
#include "syscall.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "sched/wait.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "fs/anonfd.h"

static struct wait_queue readers = WAIT_QUEUE_INIT(readers, "signalfd");

// The file's priv: the signals it reads (atomic: signalfd4 may change it
// while a reader waits).
struct signalfd {
  uint64_t mask;
};

static uint64_t mask_of(struct file *f)
{
  return __atomic_load_n(&((struct signalfd *)f->priv)->mask, __ATOMIC_RELAXED);
}

void signalfd_notify(void)
{
  wq_wake_all(&readers);
  poll_wake();
}

// The fields Linux fills for the kind of signal (its siginfo layout).
static void fill(struct signalfd_siginfo *s, int sig, const struct ksiginfo *info)
{
  memset(s, 0, sizeof *s);
  s->ssi_signo = sig;
  s->ssi_code = info->code;
  int fault = sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
  if (fault && info->code > 0 && info->code < SI_KERNEL) {
    s->ssi_addr = info->addr;
    return;
  }
  s->ssi_pid = info->pid;
  s->ssi_uid = info->uid;
  if (sig == SIGCHLD && info->code > 0 && info->code < SI_KERNEL) {
    s->ssi_status = (int32_t)info->value;
  } else if (info->code < 0) {        // sigqueue, tkill: a value goes with it
    s->ssi_ptr = info->value;
    s->ssi_int = (int32_t)info->value;
  }
}

// One signal of the file's mask, waiting for it if wait (and the file is
// blocking): its number, or -EAGAIN / -EINTR.
static int take(struct file *f, int wait, struct ksiginfo *info)
{
  struct task *t = current;
  int nonblock = !wait || (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK);
  int sig, r = 0;
  spin_lock(&t->sighand->lock);
  while (!(sig = dequeue_signal(t, mask_of(f), info)) && r == 0)
    r = nonblock ? -EAGAIN : wq_sleep(&readers, &t->sighand->lock, TASK_INTERRUPTIBLE);
  spin_unlock(&t->sighand->lock);
  return sig ? sig : r;
}

// As many signals as whole records fit in n; only the first is waited for.
static long signalfd_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  struct signalfd_siginfo s;
  struct ksiginfo info;
  if (n < sizeof s)
    return -EINVAL;
  long done = 0, r = 0;
  while (done + sizeof s <= n) {
    int sig = take(f, done == 0, &info);
    if (sig < 0) {
      r = sig;
      break;
    }
    fill(&s, sig, &info);
    if (copy_to_user(udst + done, &s, sizeof s) < 0) {
      r = -EFAULT;
      break;
    }
    done += sizeof s;
  }
  return done ? done : r;
}

// Readable while the polling task has a signal of the mask pending.
static int signalfd_poll(struct file *f)
{
  struct task *t = current;
  uint64_t set = __atomic_load_n(&t->pending.set, __ATOMIC_SEQ_CST) |
                 __atomic_load_n(&t->signal->shared.set, __ATOMIC_SEQ_CST);
  return set & mask_of(f) ? POLLIN : 0;
}

static void signalfd_release(struct file *f)
{
  kfree(f->priv);
}

static const struct file_ops signalfd_fops = {
  .read = signalfd_read, .poll = signalfd_poll, .release = signalfd_release,
};

// A new signalfd, or (fd not -1) a new mask for an existing one.
long sys_signalfd4(int fd, uint64_t umask, size_t size, int flags)
{
  uint64_t mask;
  if (size != sizeof mask)
    return -EINVAL;
  if (copy_from_user(&mask, umask, sizeof mask) < 0)
    return -EFAULT;
  if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
    return -EINVAL;
  mask &= ~UNBLOCKABLE;
  if (fd != -1) {
    struct file *f = fd_get(fd);
    if (!f)
      return -EBADF;
    long r = f->op == &signalfd_fops ? fd : -EINVAL;
    if (r >= 0) {
      __atomic_store_n(&((struct signalfd *)f->priv)->mask, mask, __ATOMIC_RELAXED);
      signalfd_notify();       // a waiting reader may want one already pending
    }
    fileclose(f);
    return r;
  }
  struct signalfd *s = kmalloc(sizeof *s);
  if (!s)
    return -ENOMEM;
  s->mask = mask;
  struct file *f = anon_file(&signalfd_fops, s, flags);
  if (!f) {
    kfree(s);
    return -ENFILE;
  }
  return anon_install(f, flags);
}
