// Futexes: sleeping on a user memory word.  FUTEX_WAIT sleeps only if the
// word still holds the expected value (checked under the bucket lock that
// FUTEX_WAKE also takes, so no wakeup is lost); FUTEX_WAKE wakes waiters on
// the same word.
//
// A futex is named by (mm, address), with or without FUTEX_PRIVATE_FLAG:
// every user page here is private to its address space (there is no shared
// memory mapping yet), and its physical page changes when a copy-on-write
// fault breaks it, so a physical name would let a waiter and its waker on
// the same word miss each other after a fork.  Linux names futexes on
// private anonymous memory the same way.
#include "proc/proc.h"
#include "sched/sched.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "lib/list.h"
#include "errno.h"
#include "clock.h"
#include "syscall.h"
#include "uapi/linux/futex.h"

#define NBUCKETS 64

struct futex_key {
  uint64_t space;          // the mm
  uint64_t addr;           // user address
};

struct futex_waiter {
  struct futex_key key;
  struct task *task;
  int woken;               // under the bucket lock
  struct list_head node;
};

static struct bucket {
  struct spinlock lock;    // protects waiters
  struct list_head waiters;
} buckets[NBUCKETS];

void futex_init(void)
{
  for (int i = 0; i < NBUCKETS; i++) {
    spin_init(&buckets[i].lock, "futex");
    list_init(&buckets[i].waiters);
  }
}

// The futex's name; -EINVAL if misaligned, -EFAULT if not user memory.
static int make_key(struct mm *mm, uint64_t uaddr, struct futex_key *k)
{
  uint32_t word;
  if (uaddr & 3)
    return -EINVAL;
  if (copy_from_user(&word, uaddr, sizeof word) < 0)
    return -EFAULT;
  k->space = (uint64_t)mm;
  k->addr = uaddr;
  return 0;
}

static struct bucket *bucket_of(struct futex_key *k)
{
  uint64_t h = (k->space ^ k->addr) * 0x9E3779B97F4A7C15UL;
  return &buckets[h >> 58];
}

static long futex_wait(uint64_t uaddr, uint32_t val, uint64_t deadline)
{
  struct futex_waiter w = { .task = current };
  int r = make_key(current->mm, uaddr, &w.key);
  if (r < 0)
    return r;
  struct bucket *b = bucket_of(&w.key);
  uint32_t now;
  spin_lock(&b->lock);
  if (copy_from_user(&now, uaddr, sizeof now) < 0) {
    spin_unlock(&b->lock);
    return -EFAULT;
  }
  if (now != val) {
    spin_unlock(&b->lock);
    return -EAGAIN;
  }
  list_add_tail(&w.node, &b->waiters);
  long ret = 0;
  for (;;) {
    current->state = TASK_INTERRUPTIBLE;
    spin_unlock(&b->lock);
    int timed_out = deadline ? schedule_until(deadline) : (schedule(), 0);
    spin_lock(&b->lock);
    if (w.woken)
      break;
    if (timed_out || signal_pending(current)) {
      ret = timed_out ? -ETIMEDOUT : -EINTR;
      list_del(&w.node);
      break;
    }
  }
  spin_unlock(&b->lock);
  return ret;
}

long futex_wake(struct mm *mm, uint64_t uaddr, int n)
{
  struct futex_key k;
  int r = make_key(mm, uaddr, &k);
  if (r < 0)
    return r;
  struct bucket *b = bucket_of(&k);
  struct list_head *p, *next;
  int woken = 0;
  spin_lock(&b->lock);
  list_for_each_safe(p, next, &b->waiters) {
    struct futex_waiter *w = list_entry(p, struct futex_waiter, node);
    if (woken >= n)
      break;
    if (w->key.space != k.space || w->key.addr != k.addr)
      continue;
    list_del(&w->node);
    w->woken = 1;
    wake_up_task(w->task, TASK_INTERRUPTIBLE);
    woken++;
  }
  spin_unlock(&b->lock);
  return woken;
}


// The deadline (in time_ns terms) for a timeout argument; 0 = none.
static long futex_deadline(int cmd, int op, uint64_t utimeout, uint64_t *deadline)
{
  struct timespec ts;
  *deadline = 0;
  if (!utimeout)
    return 0;
  if (copy_from_user(&ts, utimeout, sizeof ts) < 0)
    return -EFAULT;
  if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
    return -EINVAL;
  uint64_t ns = ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
  // FUTEX_WAIT takes a relative timeout; FUTEX_WAIT_BITSET an absolute one
  // on CLOCK_MONOTONIC, or on CLOCK_REALTIME with FUTEX_CLOCK_REALTIME.
  if (cmd == FUTEX_WAIT)
    *deadline = time_ns() + ns;
  else
    *deadline = (op & FUTEX_CLOCK_REALTIME) ? realtime_to_boot_ns(ns) : ns;
  if (*deadline == 0)
    *deadline = 1;
  return 0;
}

long sys_futex(uint64_t uaddr, int op, uint32_t val, uint64_t utimeout, uint64_t uaddr2, uint32_t val3)
{
  (void)uaddr2;
  int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
  uint64_t deadline;
  long r;
  switch (cmd) {
  case FUTEX_WAIT:
  case FUTEX_WAIT_BITSET:
    if (cmd == FUTEX_WAIT_BITSET && val3 != 0xffffffff)
      return -EINVAL;                  // only the match-any bitset is supported
    if ((r = futex_deadline(cmd, op, utimeout, &deadline)) < 0)
      return r;
    return futex_wait(uaddr, val, deadline);
  case FUTEX_WAKE:
  case FUTEX_WAKE_BITSET:
    if (cmd == FUTEX_WAKE_BITSET && val3 != 0xffffffff)
      return -EINVAL;
    return futex_wake(current->mm, uaddr, (int)val);
  default:
    return -ENOSYS;
  }
}

// ---- robust futexes ----
//
// A thread library lists the robust mutexes a thread holds (one list per
// thread, in user memory, registered with set_robust_list).  When the thread
// dies holding one, its word gets FUTEX_OWNER_DIED and one waiter is woken,
// so the next locker learns the owner died (EOWNERDEAD) instead of waiting
// for ever.

#define ROBUST_LIST_LIMIT 2048          // entries walked at most (a looping list ends here)

struct robust_list_head {               // Linux's, in user memory
  uint64_t next;                        // the first entry; the head itself ends the list
  int64_t futex_offset;                 // from an entry to its lock word
  uint64_t pending;                     // an entry being added or removed right now
};

long sys_set_robust_list(uint64_t head, size_t len)
{
  if (len != sizeof(struct robust_list_head))
    return -EINVAL;
  current->robust_list = head;
  return 0;
}

long sys_get_robust_list(int tid, uint64_t uhead, uint64_t ulen)
{
  size_t len = sizeof(struct robust_list_head);
  spin_lock(&tasklist_lock);
  struct task *t = tid ? find_task(tid) : current;
  uint64_t head = t ? t->robust_list : 0;
  spin_unlock(&tasklist_lock);
  if (!t)
    return -ESRCH;
  if (copy_to_user(uhead, &head, sizeof head) < 0 || copy_to_user(ulen, &len, sizeof len) < 0)
    return -EFAULT;
  return 0;
}

// The lock word at uaddr, if the dying task t owns it: mark it, wake one.
static void release_robust(struct task *t, uint64_t uaddr)
{
  struct mm *mm = t->mm;
  uint32_t new = 0;
  if (uaddr & 3)
    return;
  spin_lock(&mm->lock);
  char *page = mm_page_locked(mm, uaddr, 1);
  if (page) {
    uint32_t *word = (uint32_t *)(page + (uaddr & (PGSIZE - 1)));
    uint32_t old = __atomic_load_n(word, __ATOMIC_RELAXED);
    do {
      if ((old & FUTEX_TID_MASK) != (uint32_t)t->tid)
        break;
      new = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    } while (!__atomic_compare_exchange_n(word, &old, new, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
  }
  spin_unlock(&mm->lock);
  if (new & FUTEX_WAITERS)
    futex_wake(mm, uaddr, 1);
}

// At exit, while t's memory is still there: every lock on its robust list.
void robust_list_exit(struct task *t)
{
  struct robust_list_head h;
  if (!t->robust_list || !t->mm || copy_from_user(&h, t->robust_list, sizeof h) < 0)
    return;
  uint64_t e = h.next & ~1UL;           // the low bit marks PI locks: not kept apart here
  for (int n = 0; e && e != t->robust_list && n < ROBUST_LIST_LIMIT; n++) {
    uint64_t next;
    if (copy_from_user(&next, e, sizeof next) < 0)
      break;
    if (e != (h.pending & ~1UL))
      release_robust(t, e + h.futex_offset);
    e = next & ~1UL;
  }
  if (h.pending)
    release_robust(t, (h.pending & ~1UL) + h.futex_offset);
  t->robust_list = 0;
}
