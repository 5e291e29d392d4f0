// ppoll and pselect6: wait until one of some files is ready, built on the
// files' poll operation.
//
// Waiting is by generation: every change a poll could see (pipe data or
// room, a pipe end closing, a console line) calls poll_wake, which bumps
// pollq.seq and wakes every poller.  A poller notes seq, asks its files,
// and sleeps only if seq has not moved since: so no change between its
// look and its sleep is lost.  Every poller wakes for every change, which
// is simple and cheap enough for a handful of waiting tasks.
#include "errno.h"
#include "syscall.h"
#include "clock.h"
#include "arch/arch.h"
#include "proc/task.h"
#include "proc/signal.h"
#include "sched/sched.h"
#include "sched/wait.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

static struct {
  struct spinlock lock;        // protects seq
  uint64_t seq;                // changes so far
  struct wait_queue waiters;
} pollq = {
  .lock = SPINLOCK_INIT("poll"),
  .waiters = WAIT_QUEUE_INIT(pollq.waiters, "poll"),
};

void poll_wake(void)
{
  spin_lock(&pollq.lock);
  pollq.seq++;
  spin_unlock(&pollq.lock);
  wq_wake_all(&pollq.waiters);
}

// Sleep until a change after seq, the deadline (0: none) or a signal.
static void wait_change(uint64_t seq, uint64_t deadline)
{
  struct task *t = current;
  struct wait_entry e = { .task = t };
  spin_lock(&pollq.lock);
  if (pollq.seq != seq) {
    spin_unlock(&pollq.lock);
    return;
  }
  spin_lock(&pollq.waiters.lock);
  list_add_tail(&e.node, &pollq.waiters.waiters);
  t->state = TASK_INTERRUPTIBLE;
  spin_unlock(&pollq.waiters.lock);
  spin_unlock(&pollq.lock);
  __atomic_thread_fence(__ATOMIC_SEQ_CST);   // a sender sets pending, then wakes
  if (signal_pending(t))
    t->state = TASK_RUNNING;
  else if (deadline)
    schedule_until(deadline);
  else
    schedule();
  spin_lock(&pollq.waiters.lock);
  list_del(&e.node);
  spin_unlock(&pollq.waiters.lock);
}

// Fill in revents; the number of entries with any.
static int scan(struct pollfd *p, int n)
{
  int ready = 0;
  for (int i = 0; i < n; i++) {
    p[i].revents = 0;
    if (p[i].fd < 0)
      continue;
    struct file *f = fd_get(p[i].fd);
    if (!f) {
      p[i].revents = POLLNVAL;
    } else {
      p[i].revents = file_poll(f) & (p[i].events | POLLERR | POLLHUP);
      fileclose(f);
    }
    ready += p[i].revents != 0;
  }
  return ready;
}

// The ready count, 0 at the deadline (now: poll once), or -EINTR.
static long poll_files(struct pollfd *p, int n, int has_deadline, uint64_t deadline)
{
  for (;;) {
    uint64_t seq = __atomic_load_n(&pollq.seq, __ATOMIC_ACQUIRE);
    int ready = scan(p, n);
    if (ready || (has_deadline && time_ns() >= deadline))
      return ready;
    if (signal_pending(current))
      return -EINTR;
    wait_change(seq, has_deadline ? deadline : 0);
  }
}

// A timeout argument: none (NULL), or a deadline on time_ns()'s clock.
static long get_deadline(uint64_t utmo, int *has, uint64_t *deadline)
{
  struct timespec ts;
  *has = utmo != 0;
  if (!utmo)
    return 0;
  if (copy_from_user(&ts, utmo, sizeof ts) < 0)
    return -EFAULT;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || (uint64_t)ts.tv_nsec >= NSEC_PER_SEC)
    return -EINVAL;
  uint64_t now = time_ns(), ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
  *deadline = ns > UINT64_MAX - now ? UINT64_MAX : now + ns;
  return 0;
}

// The signal mask while waiting, as rt_sigsuspend sets it: restored on the
// way out, or after the handler when a signal interrupted the wait.
static long set_wait_mask(uint64_t umask, size_t size)
{
  struct task *t = current;
  uint64_t mask;
  if (!umask)
    return 0;
  if (size != sizeof(uint64_t))
    return -EINVAL;
  if (copy_from_user(&mask, umask, sizeof mask) < 0)
    return -EFAULT;
  spin_lock(&t->sighand->lock);
  t->saved_blocked = t->blocked;
  t->restore_blocked = 1;
  t->blocked = mask & ~UNBLOCKABLE;
  spin_unlock(&t->sighand->lock);
  return 0;
}

static void end_wait_mask(uint64_t umask, long r)
{
  struct task *t = current;
  if (!umask || r == -EINTR)
    return;                    // the signal's delivery restores it
  spin_lock(&t->sighand->lock);
  if (t->restore_blocked) {
    t->blocked = t->saved_blocked;
    t->restore_blocked = 0;
  }
  spin_unlock(&t->sighand->lock);
}

static long wait_files(struct pollfd *p, int n, uint64_t utmo, uint64_t umask, size_t masksize)
{
  int has;
  uint64_t deadline = 0;
  long r = get_deadline(utmo, &has, &deadline);
  if (!r)
    r = set_wait_mask(umask, masksize);
  if (r)
    return r;
  r = poll_files(p, n, has, deadline);
  end_wait_mask(umask, r);
  return r;
}

long sys_ppoll(uint64_t ufds, unsigned int nfds, uint64_t utmo, uint64_t umask, size_t masksize)
{
  if (nfds > (unsigned)fd_limit())
    return -EINVAL;
  size_t bytes = nfds * sizeof(struct pollfd);
  struct pollfd *p = kmalloc(bytes ? bytes : 1);
  if (!p)
    return -ENOMEM;
  long r = copy_from_user(p, ufds, bytes) < 0 ? -EFAULT : wait_files(p, nfds, utmo, umask, masksize);
  if (r >= 0 && copy_to_user(ufds, p, bytes) < 0)
    r = -EFAULT;
  kfree(p);
  return r;
}

// ---- pselect6 ----

#define FDSET_WORDS (NOFILE / 64)
struct fdsets {
  uint64_t in[FDSET_WORDS], out[FDSET_WORDS], ex[FDSET_WORDS];
};

static int fd_isset(const uint64_t *set, int fd)
{
  return (set[fd / 64] >> (fd % 64)) & 1;
}

static long get_set(uint64_t *set, uint64_t uset, int n)
{
  memset(set, 0, FDSET_WORDS * 8);
  return uset && copy_from_user(set, uset, (n + 63) / 64 * 8) < 0 ? -EFAULT : 0;
}

// The descriptors named in any set as pollfds; their count, or -EBADF.
static int sets_to_poll(struct fdsets *s, int n, struct pollfd *p)
{
  int k = 0;
  for (int fd = 0; fd < n; fd++) {
    int ev = (fd_isset(s->in, fd) ? POLLIN : 0) | (fd_isset(s->out, fd) ? POLLOUT : 0) |
             (fd_isset(s->ex, fd) ? POLLPRI : 0);
    if (!ev)
      continue;
    struct file *f = fd_get(fd);
    if (!f)
      return -EBADF;
    fileclose(f);
    p[k++] = (struct pollfd){ .fd = fd, .events = ev };
  }
  return k;
}

// The sets rewritten to what is ready; the number of bits set.
static int poll_to_sets(struct pollfd *p, int k, struct fdsets *s)
{
  int count = 0;
  memset(s, 0, sizeof *s);
  for (int i = 0; i < k; i++) {
    uint64_t bit = 1UL << (p[i].fd % 64);
    int w = p[i].fd / 64, rev = p[i].revents;
    if ((p[i].events & POLLIN) && (rev & (POLLIN | POLLHUP | POLLERR)) && ++count)
      s->in[w] |= bit;
    if ((p[i].events & POLLOUT) && (rev & (POLLOUT | POLLERR)) && ++count)
      s->out[w] |= bit;
    if ((p[i].events & POLLPRI) && (rev & POLLPRI) && ++count)
      s->ex[w] |= bit;
  }
  return count;
}

static long put_sets(struct fdsets *s, int n, uint64_t inp, uint64_t outp, uint64_t exp)
{
  size_t bytes = (n + 63) / 64 * 8;
  if ((inp && copy_to_user(inp, s->in, bytes) < 0) || (outp && copy_to_user(outp, s->out, bytes) < 0) ||
      (exp && copy_to_user(exp, s->ex, bytes) < 0))
    return -EFAULT;
  return 0;
}

long sys_pselect6(int n, uint64_t inp, uint64_t outp, uint64_t exp, uint64_t utmo, uint64_t usig)
{
  struct { uint64_t mask, size; } sig = { 0, 0 };
  if (n < 0)
    return -EINVAL;
  if (n > fd_limit())
    n = fd_limit();
  struct fdsets *s = kmalloc(sizeof *s);
  struct pollfd *p = kmalloc(NOFILE * sizeof *p);
  long r = s && p ? 0 : -ENOMEM;
  if (!r)
    r = get_set(s->in, inp, n);
  if (!r)
    r = get_set(s->out, outp, n);
  if (!r)
    r = get_set(s->ex, exp, n);
  if (!r && usig && copy_from_user(&sig, usig, sizeof sig) < 0)
    r = -EFAULT;
  int k = r ? 0 : sets_to_poll(s, n, p);
  if (!r && k < 0)
    r = k;
  if (!r && (r = wait_files(p, k, utmo, sig.mask, sig.size)) >= 0) {
    r = poll_to_sets(p, k, s);
    long err = put_sets(s, n, inp, outp, exp);
    if (err)
      r = err;
  }
  kfree(s);
  kfree(p);
  return r;
}
