// Signals: sending, the default actions, group stop and continue, and the
// delivery loop run on every return to user mode.  A signal sent to a
// process (kill) is pending for the whole thread group and any thread that
// does not block it takes it; one sent to a thread (tgkill, a fault) is
// that thread's.  Frames for handlers are built in sigframe.c.
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "sched/sched.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "lib/string.h"
#include "errno.h"
#include "syscall.h"
#include "clock.h"
#include "uapi/linux/wait.h"
#include "fs/anonfd.h"

int setup_frame(int sig, struct sigaction *ka, struct ksiginfo *info, uint64_t oldmask);

enum { ACT_TERM, ACT_IGNORE, ACT_STOP, ACT_CONT };

static int default_action(int sig)
{
  switch (sig) {
  case SIGCHLD:
  case SIGURG:
  case SIGWINCH:
    return ACT_IGNORE;
  case SIGCONT:
    return ACT_CONT;
  case SIGSTOP:
  case SIGTSTP:
  case SIGTTIN:
  case SIGTTOU:
    return ACT_STOP;
  default:
    return ACT_TERM;               // core-dumping signals too: there are no core files
  }
}

static struct sigaction *action(struct task *t, int sig)
{
  return &t->sighand->action[sig - 1];
}

// sig sent to t now would have no effect: it is ignored and not blocked (a
// blocked one stays pending, its action may change before it is taken).
// init only gets the signals it handles.  sighand lock held.
static int discarded(struct task *t, int sig)
{
  __sighandler_t h = action(t, sig)->sa_handler;
  if (t->tgid == INIT_PID && h == SIG_DFL)
    return 1;
  if (t->blocked & sigmask(sig))
    return 0;
  return h == SIG_IGN || (h == SIG_DFL && default_action(sig) == ACT_IGNORE);
}

void sigpending_init(struct sigpending *p)
{
  p->set = 0;
  list_init(&p->queue);
}

// A real-time signal is pending while an entry for it is queued (or one
// whose info was lost).  Is another entry for sig still queued?
static int queued(struct sigpending *p, int sig)
{
  struct list_head *e;
  list_for_each(e, &p->queue)
    if (list_entry(e, struct sigqueue, node)->sig == sig)
      return 1;
  return 0;
}

// Drop the queued entries of the signals in mask.  sighand lock held (or
// nobody else can reach p).
static void queue_drop(struct sigpending *p, struct signal *s, uint64_t mask)
{
  struct list_head *e, *next;
  list_for_each_safe(e, next, &p->queue) {
    struct sigqueue *q = list_entry(e, struct sigqueue, node);
    if (mask & sigmask(q->sig)) {
      list_del(&q->node);
      kfree(q);
      __atomic_sub_fetch(&s->queued, 1, __ATOMIC_RELAXED);
    }
  }
}

void sigpending_flush(struct sigpending *p, struct signal *s)
{
  queue_drop(p, s, ~0UL);
  p->set = 0;
}

// A standard signal: merged with a pending one.
static void pending_add(struct sigpending *p, int sig, const struct ksiginfo *info)
{
  if (!(p->set & sigmask(sig)))
    p->info[sig - 1] = *info;
  __atomic_or_fetch(&p->set, sigmask(sig), __ATOMIC_SEQ_CST);
}

// A real-time signal: queued in *q (allocated by the caller, taken here)
// while t's group is under its RLIMIT_SIGPENDING.  Over it, kill's signal
// is still made pending without its info; any other sender gets -EAGAIN.
// sighand lock held.
static int pending_queue(struct task *t, struct sigpending *p, int sig, const struct ksiginfo *info,
                         struct sigqueue **q)
{
  struct signal *s = t->signal;
  uint64_t limit = __atomic_load_n(&s->rlim[RLIMIT_SIGPENDING].rlim_cur, __ATOMIC_RELAXED);
  if (*q && (uint64_t)__atomic_load_n(&s->queued, __ATOMIC_RELAXED) < limit) {
    (*q)->sig = sig;
    (*q)->info = *info;
    list_add_tail(&(*q)->node, &p->queue);
    __atomic_add_fetch(&s->queued, 1, __ATOMIC_RELAXED);
    *q = 0;
  } else if (info->code != SI_USER) {
    return -EAGAIN;
  }
  __atomic_or_fetch(&p->set, sigmask(sig), __ATOMIC_SEQ_CST);
  return 0;
}

// Take mask out of the group's pending set and every thread's.  sighand lock held.
static void pending_remove(struct task *t, uint64_t mask)
{
  struct list_head *p;
  struct signal *s = t->signal;
  __atomic_and_fetch(&s->shared.set, ~mask, __ATOMIC_SEQ_CST);
  queue_drop(&s->shared, s, mask);
  list_for_each(p, &s->threads) {
    struct task *th = list_entry(p, struct task, thread_node);
    __atomic_and_fetch(&th->pending.set, ~mask, __ATOMIC_SEQ_CST);
    queue_drop(&th->pending, s, mask);
  }
}

// SIGCONT resumes a stopped or stopping group.  Returns 1 if it was.
// tasklist_lock and sighand lock held.
static int continue_group(struct task *t)
{
  // LAB signals BEGIN
  struct signal *s = t->signal;
  struct list_head *p;
  if (!s->stop_sig)
    return 0;
  s->stop_sig = 0;
  list_for_each(p, &s->threads) {
    struct task *th = list_entry(p, struct task, thread_node);
    th->jobctl_stop = 0;
    wake_up_task(th, TASK_STOPPED);
  }
  return 1;
  // LAB signals STUB
  // // Not written yet: nothing ever stops, so there is nothing to continue.
  // (void)t;
  // return 0;
  // LAB signals END
}

// What sending sig does whatever its action: SIGCONT continues the group
// and cancels pending stops, a stop signal cancels a pending SIGCONT,
// SIGKILL wakes stopped threads to die.  Returns 1 if the group continued.
// tasklist_lock and sighand lock held.
static int prepare_signal(struct task *t, int sig)
{
  if (sig == SIGCONT) {
    pending_remove(t, STOP_SIGNALS);
    return continue_group(t);
  }
  if (sigmask(sig) & STOP_SIGNALS)
    pending_remove(t, sigmask(SIGCONT));
  if (sig == SIGKILL) {
    t->signal->stop_sig = 0;
    struct list_head *p;
    list_for_each(p, &t->signal->threads)
      wake_up_task(list_entry(p, struct task, thread_node), TASK_STOPPED);
  }
  return 0;
}

// Wake the threads that may take sig now: t, or any of its group's.
// sighand lock held.
static void wake_takers(struct task *t, int sig, int group)
{
  struct list_head *p;
  list_for_each(p, &t->signal->threads) {
    struct task *th = list_entry(p, struct task, thread_node);
    if ((th == t || group) && !(th->blocked & sigmask(sig)))
      wake_up_task(th, TASK_INTERRUPTIBLE);
  }
}

int send_signal_info(struct task *t, int sig, const struct ksiginfo *info, int group)
{
  if (sig < 0 || sig > _NSIG)
    return -EINVAL;
  if (sig == 0)
    return 0;                        // kill(pid, 0): only checks that pid exists
  // Allocated before the lock; freed below if not queued.
  struct sigqueue *q = sig >= __SIGRTMIN ? kmalloc(sizeof *q) : 0;
  int r = 0;
  spin_lock(&t->sighand->lock);
  int continued = prepare_signal(t, sig);
  if (!discarded(t, sig)) {
    struct sigpending *pending = group ? &t->signal->shared : &t->pending;
    if (sig < __SIGRTMIN)
      pending_add(pending, sig, info);
    else
      r = pending_queue(t, pending, sig, info, &q);
    if (r == 0)
      wake_takers(t, sig, group);
  }
  spin_unlock(&t->sighand->lock);
  kfree(q);
  if (r == 0)
    signalfd_notify();               // its readers wait with the signal blocked
  if (continued) {
    t->group_leader->signal->report = __W_CONTINUED;
    notify_parent(t->group_leader, CLD_CONTINUED, SIGCONT);
  }
  return r;
}

void force_signal(int sig, int code, uint64_t addr)
{
  struct task *t = current;
  struct ksiginfo info = { .code = code, .pid = 0, .addr = addr };
  spin_lock(&t->sighand->lock);
  // A fault the task blocks or ignores would repeat for ever: it is fatal.
  if (sig != SIGPIPE && ((t->blocked & sigmask(sig)) || action(t, sig)->sa_handler == SIG_IGN)) {
    action(t, sig)->sa_handler = SIG_DFL;
    t->blocked &= ~sigmask(sig);
  }
  // A fault is never discarded (init dies of it: a kernel panic says so).
  if (sig != SIGPIPE || !discarded(t, sig))
    pending_add(&t->pending, sig, &info);   // every forced signal is a standard one
  spin_unlock(&t->sighand->lock);
}

void notify_parent(struct task *leader, int code, int status)
{
  struct task *parent = leader->parent;
  int sig = leader->exit_signal;
  wq_wake_all(&parent->signal->wait_child);
  if (!sig || ((code == CLD_STOPPED || code == CLD_CONTINUED) &&
               (action(parent, SIGCHLD)->sa_flags & SA_NOCLDSTOP)))
    return;
  struct ksiginfo info = { .code = code, .pid = leader->tgid, .value = (uint32_t)status };
  send_signal_info(parent, sig, &info, 1);
}

int ignores_children(struct task *parent)
{
  spin_lock(&parent->sighand->lock);
  struct sigaction *a = action(parent, SIGCHLD);
  int r = a->sa_handler == SIG_IGN || (a->sa_flags & SA_NOCLDWAIT);
  spin_unlock(&parent->sighand->lock);
  return r;
}

// Take sig from p with its info: a standard signal's, or the oldest queued
// one's.  sighand lock held.
static void take(struct task *t, struct sigpending *p, int sig, struct ksiginfo *info)
{
  if (sig < __SIGRTMIN) {
    __atomic_and_fetch(&p->set, ~sigmask(sig), __ATOMIC_SEQ_CST);
    *info = p->info[sig - 1];
    return;
  }
  *info = (struct ksiginfo){ .code = SI_USER };    // kill's, over the limit: no info
  struct list_head *e;
  list_for_each(e, &p->queue) {
    struct sigqueue *q = list_entry(e, struct sigqueue, node);
    if (q->sig == sig) {
      *info = q->info;
      list_del(&q->node);
      kfree(q);
      __atomic_sub_fetch(&t->signal->queued, 1, __ATOMIC_RELAXED);
      break;
    }
  }
  if (!queued(p, sig))
    __atomic_and_fetch(&p->set, ~sigmask(sig), __ATOMIC_SEQ_CST);
}

int dequeue_signal(struct task *t, uint64_t want, struct ksiginfo *info)
{
  struct sigpending *sets[2] = { &t->pending, &t->signal->shared };
  for (int i = 0; i < 2; i++) {
    uint64_t ready = sets[i]->set & want;
    if (ready) {
      int sig = ready & sigmask(SIGKILL) ? SIGKILL : 1;
      while (!(ready & sigmask(sig)))
        sig++;
      take(t, sets[i], sig, info);
      return sig;
    }
  }
  return 0;
}

// A stop signal's default action: every thread of the group stops at its
// next return to user mode.  The group is not stopped while a SIGKILL is on
// its way.
static void start_group_stop(int sig)
{
  // LAB signals BEGIN
  struct task *t = current;
  struct signal *s = t->signal;
  spin_lock(&tasklist_lock);
  spin_lock(&t->sighand->lock);
  if (!s->stop_sig && !s->group_exit && !(s->shared.set & sigmask(SIGKILL))) {
    s->stop_sig = sig;
    s->stop_count = s->live;
    struct list_head *p;
    list_for_each(p, &s->threads) {
      struct task *th = list_entry(p, struct task, thread_node);
      th->jobctl_stop = 1;
      wake_up_task(th, TASK_INTERRUPTIBLE);
    }
  }
  spin_unlock(&t->sighand->lock);
  spin_unlock(&tasklist_lock);
  // LAB signals STUB
  // // Not written yet: a stop signal is ignored.
  // (void)sig;
  // LAB signals END
}

// This thread's part of a group stop: the last one to stop tells the
// parent.  Sleeps in TASK_STOPPED until SIGCONT or SIGKILL.
static void do_stop(void)
{
  // LAB signals BEGIN
  struct task *t = current;
  struct signal *s = t->signal;
  spin_lock(&tasklist_lock);
  spin_lock(&t->sighand->lock);
  int stop = t->jobctl_stop && s->stop_sig && !(t->pending.set & sigmask(SIGKILL));
  t->jobctl_stop = 0;
  if (stop) {
    t->state = TASK_STOPPED;           // SIGCONT's wake_up_task sees this under the locks' order
    if (--s->stop_count == 0) {
      s->report = __W_STOPCODE(s->stop_sig);
      spin_unlock(&t->sighand->lock);
      notify_parent(t->group_leader, CLD_STOPPED, s->stop_sig);
      spin_lock(&t->sighand->lock);
    }
  }
  spin_unlock(&t->sighand->lock);
  spin_unlock(&tasklist_lock);
  if (stop)
    schedule();
  // LAB signals STUB
  // // Not written yet (start_group_stop asks no thread to stop).
  // current->jobctl_stop = 0;
  // LAB signals END
}

// The interrupted system call returned -EINTR: run it again (same
// arguments, the ecall once more) unless a handler without SA_RESTART runs
// first, or it is one that must report the interruption.  A sleep goes on
// for the time it had left (restart_syscall), as Linux's does.
static void maybe_restart(struct trapframe *tf, struct sigaction *ka)
{
  struct task *t = current;
  int sleep = tf->a7 == SYS_nanosleep || tf->a7 == SYS_clock_nanosleep || tf->a7 == SYS_restart_syscall;
  if (!t->in_syscall || (long)tf->a0 != -EINTR)
    return;
  t->in_syscall = 0;
  // These report every interruption (restart_syscall when there was nothing to restart).
  int reports = tf->a7 == SYS_rt_sigtimedwait || (tf->a7 == SYS_restart_syscall && !t->restart_deadline);
  if (reports || (ka && (!(ka->sa_flags & SA_RESTART) || tf->a7 == SYS_rt_sigsuspend || sleep)))
    return;
  tf->a0 = t->orig_a0;
  if (sleep)
    tf->a7 = SYS_restart_syscall;
  tf->sepc -= 4;
}

// One signal with a handler: the frame on the user stack, then the mask.
static void run_handler(int sig, struct sigaction *ka, struct ksiginfo *info)
{
  struct task *t = current;
  maybe_restart(task_trapframe(t), ka);
  // LAB signals BEGIN
  spin_lock(&t->sighand->lock);
  uint64_t oldmask = t->restore_blocked ? t->saved_blocked : t->blocked;
  t->restore_blocked = 0;
  spin_unlock(&t->sighand->lock);
  if (setup_frame(sig, ka, info, oldmask) < 0)
    do_exit_group(SIGSEGV);            // no room for the frame: the stack is unusable
  spin_lock(&t->sighand->lock);
  t->blocked |= (ka->sa_mask | (ka->sa_flags & SA_NODEFER ? 0 : sigmask(sig))) & ~UNBLOCKABLE;
  spin_unlock(&t->sighand->lock);
  // LAB signals STUB
  // // Not written yet: the handler does not run, the signal is ignored (so
  // // the shell's ^C handler is skipped and the shell goes on).
  // (void)sig;
  // (void)info;
  // LAB signals END
}

void handle_signals(void)
{
  struct task *t = current;
  struct ksiginfo info;
  int sig;
  for (;;) {
    if (t->signal->group_exit)
      do_exit(t->signal->group_exit_code);   // another thread is ending the group
    if (t->jobctl_stop) {
      do_stop();
      continue;
    }
    spin_lock(&t->sighand->lock);
    if (!(sig = dequeue_signal(t, ~t->blocked, &info))) {
      spin_unlock(&t->sighand->lock);
      break;
    }
    struct sigaction ka = *action(t, sig);
    if (ka.sa_handler != SIG_DFL && ka.sa_handler != SIG_IGN && (ka.sa_flags & SA_RESETHAND))
      action(t, sig)->sa_handler = SIG_DFL;
    spin_unlock(&t->sighand->lock);
    if (ka.sa_handler == SIG_IGN)
      continue;
    if (ka.sa_handler != SIG_DFL) {
      run_handler(sig, &ka, &info);
      continue;
    }
    switch (default_action(sig)) {
    case ACT_TERM:
      do_exit_group(sig);              // wait status: terminated by sig
    case ACT_STOP:
      start_group_stop(sig);
      break;
    default:
      break;
    }
  }
  // No handler took the interruption: the call goes on as if nothing had
  // happened (after a stop and continue, say).
  maybe_restart(task_trapframe(t), 0);
  // LAB signals BEGIN
  if (t->restore_blocked) {
    spin_lock(&t->sighand->lock);
    t->blocked = t->saved_blocked;
    t->restore_blocked = 0;
    spin_unlock(&t->sighand->lock);
  }
  // LAB signals END
}

int signals_exec(void)
{
  struct task *t = current;
  struct sighand *sh = t->sighand;
  if (refcount_read(&sh->refs) > 1) {
    // Shared with another process (CLONE_SIGHAND without CLONE_THREAD):
    // the new program gets its own table.
    struct sighand *copy = sighand_alloc();
    if (!copy)
      return -ENOMEM;
    spin_lock(&sh->lock);
    memcpy(copy->action, sh->action, sizeof copy->action);
    spin_unlock(&sh->lock);
    t->sighand = copy;
    sighand_put(sh);
    sh = copy;
  }
  spin_lock(&sh->lock);
  for (int i = 0; i < _NSIG; i++)
    if (sh->action[i].sa_handler != SIG_IGN)
      memset(&sh->action[i], 0, sizeof sh->action[i]);
  spin_unlock(&sh->lock);
  return 0;
}

// ---- system calls ----

// What kill, tgkill and tkill tell the receiver.
static struct ksiginfo sent_by_user(int code)
{
  return (struct ksiginfo){ .code = code, .pid = current->tgid, .uid = current->cred.uid };
}

// To the process with (any) thread id pid.  A zombie still exists until
// reaped: the signal is accepted and has no effect, as on Linux.
static long kill_process(int pid, int sig, const struct ksiginfo *info)
{
  spin_lock(&tasklist_lock);
  struct task *t = find_task(pid);
  long r = (!t || t->state == EXIT_DEAD) ? -ESRCH
           : sig < 0 || sig > _NSIG ? -EINVAL
           : t->state == EXIT_ZOMBIE ? 0
           : send_signal_info(t, sig, info, 1);
  spin_unlock(&tasklist_lock);
  return r;
}

long sys_kill(int pid, int sig)
{
  if (pid > 0) {
    struct ksiginfo info = sent_by_user(SI_USER);
    return kill_process(pid, sig, &info);
  }
  if (sig < 0 || sig > _NSIG)
    return -EINVAL;
  // 0: our group, -1: everyone we may signal, -pgid: that group
  return kill_pgrp(pid == 0 ? current->signal->pgid : pid == -1 ? -1 : -pid, sig, SI_USER);
}

// To thread tid, which must be in group tgid unless tgid is 0 (tkill).
static long kill_thread(int tgid, int tid, int sig, const struct ksiginfo *info)
{
  spin_lock(&tasklist_lock);
  struct task *t = find_task(tid);
  long r = (!t || (tgid && t->tgid != tgid) || t->state & (EXIT_ZOMBIE | EXIT_DEAD)) ? -ESRCH
           : send_signal_info(t, sig, info, 0);
  spin_unlock(&tasklist_lock);
  return r;
}

long sys_tgkill(int tgid, int tid, int sig)
{
  struct ksiginfo info = sent_by_user(SI_TKILL);
  return tgid <= 0 || tid <= 0 ? -EINVAL : kill_thread(tgid, tid, sig, &info);
}

long sys_tkill(int tid, int sig)
{
  struct ksiginfo info = sent_by_user(SI_TKILL);
  return tid <= 0 ? -EINVAL : kill_thread(0, tid, sig, &info);
}

// The siginfo a sigqueue sends.  Only a thread signalling itself may claim
// kill's or the kernel's codes (SI_USER, SI_TKILL, CLD_*...): nobody forges
// another process's SIGCHLD or fault (Linux's rule).
static long queued_info(int to_self, uint64_t uinfo, struct ksiginfo *info)
{
  if (siginfo_from_user(uinfo, info) < 0)
    return -EFAULT;
  if ((info->code >= 0 || info->code == SI_TKILL) && !to_self)
    return -EPERM;
  return 0;
}

long sys_rt_sigqueueinfo(int pid, int sig, uint64_t uinfo)
{
  struct ksiginfo info;
  long r = queued_info(pid == current->tid, uinfo, &info);
  return r < 0 ? r : kill_process(pid, sig, &info);
}

long sys_rt_tgsigqueueinfo(int tgid, int tid, int sig, uint64_t uinfo)
{
  struct ksiginfo info;
  if (tgid <= 0 || tid <= 0)
    return -EINVAL;
  long r = queued_info(tid == current->tid, uinfo, &info);
  return r < 0 ? r : kill_thread(tgid, tid, sig, &info);
}

long sys_rt_sigaction(int sig, uint64_t uact, uint64_t uoact, size_t size)
{
  struct task *t = current;
  struct sigaction new, old;
  if (size != sizeof(uint64_t) || sig < 1 || sig > _NSIG || (uact && (sig == SIGKILL || sig == SIGSTOP)))
    return -EINVAL;
  if (uact && copy_from_user(&new, uact, sizeof new) < 0)
    return -EFAULT;
  spin_lock(&t->sighand->lock);
  old = *action(t, sig);
  if (uact) {
    new.sa_mask &= ~UNBLOCKABLE;
    *action(t, sig) = new;
    // Now ignored: what is pending goes, in every thread (POSIX).
    if (new.sa_handler == SIG_IGN || (new.sa_handler == SIG_DFL && default_action(sig) == ACT_IGNORE))
      pending_remove(t, sigmask(sig));
  }
  spin_unlock(&t->sighand->lock);
  return uoact && copy_to_user(uoact, &old, sizeof old) < 0 ? -EFAULT : 0;
}

long sys_rt_sigprocmask(int how, uint64_t uset, uint64_t uoset, size_t size)
{
  struct task *t = current;
  uint64_t set, old;
  if (size != sizeof(uint64_t))
    return -EINVAL;
  if (uset && copy_from_user(&set, uset, sizeof set) < 0)
    return -EFAULT;
  if (uset && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
    return -EINVAL;
  spin_lock(&t->sighand->lock);
  old = t->blocked;
  // LAB signals BEGIN
  if (uset) {
    uint64_t m = how == SIG_BLOCK ? old | set : how == SIG_UNBLOCK ? old & ~set : set;
    t->blocked = m & ~UNBLOCKABLE;
  }
  // LAB signals STUB
  // // Not written yet: the mask is only read.
  // LAB signals END
  spin_unlock(&t->sighand->lock);
  return uoset && copy_to_user(uoset, &old, sizeof old) < 0 ? -EFAULT : 0;
}

long sys_rt_sigpending(uint64_t uset, size_t size)
{
  struct task *t = current;
  if (size != sizeof(uint64_t))
    return -EINVAL;
  spin_lock(&t->sighand->lock);
  uint64_t set = (t->pending.set | t->signal->shared.set) & t->blocked;
  spin_unlock(&t->sighand->lock);
  return copy_to_user(uset, &set, sizeof set) < 0 ? -EFAULT : 0;
}

// Wait with a temporary mask until a signal is taken; handle_signals puts
// the old mask back (in the handler's frame, so sigreturn restores it).
long sys_rt_sigsuspend(uint64_t umask, size_t size)
{
  struct task *t = current;
  uint64_t mask;
  if (size != sizeof(uint64_t))
    return -EINVAL;
  if (copy_from_user(&mask, umask, sizeof mask) < 0)
    return -EFAULT;
  // LAB signals BEGIN
  spin_lock(&t->sighand->lock);
  t->saved_blocked = t->blocked;
  t->restore_blocked = 1;
  t->blocked = mask & ~UNBLOCKABLE;
  spin_unlock(&t->sighand->lock);
  // LAB signals STUB
  // // Not written yet: waits with the mask unchanged, as pause does.
  // LAB signals END
  for (;;) {
    t->state = TASK_INTERRUPTIBLE;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);   // a sender sets pending, then wakes
    if (signal_pending(t))
      break;
    schedule();
  }
  t->state = TASK_RUNNING;
  return -EINTR;
}

// Sleep until a signal this thread takes is pending, or until deadline (0:
// none).  1 if the deadline passed.
static int wait_for_signal(uint64_t deadline)
{
  struct task *t = current;
  int timed_out = 0;
  for (;;) {
    t->state = TASK_INTERRUPTIBLE;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);   // a sender sets pending, then wakes
    if (signal_pending(t) || timed_out)
      break;
    if (deadline)
      timed_out = schedule_until(deadline);
    else
      schedule();
  }
  t->state = TASK_RUNNING;
  return timed_out && !signal_pending(t);
}

// Take a pending signal of the set, waiting for one up to the timeout (none:
// for ever).  The set's signals are unblocked while waiting, so that their
// senders wake this thread, and dequeued here rather than handled.  Returns
// the signal and its info; -EAGAIN at the timeout; -EINTR when a signal
// outside the set is to be handled (never restarted, as on Linux).
long sys_rt_sigtimedwait(uint64_t uset, uint64_t uinfo, uint64_t utimeout, size_t size)
{
  struct task *t = current;
  uint64_t set, timeout_ns = 0;
  if (size != sizeof(uint64_t))
    return -EINVAL;
  if (copy_from_user(&set, uset, sizeof set) < 0)
    return -EFAULT;
  long r = utimeout ? get_timespec(utimeout, &timeout_ns) : 0;
  if (r < 0)
    return r;
  set &= ~UNBLOCKABLE;
  struct ksiginfo info;
  spin_lock(&t->sighand->lock);
  int sig = dequeue_signal(t, set, &info);
  if (!sig && utimeout && timeout_ns == 0) {
    r = -EAGAIN;
  } else if (!sig) {
    uint64_t blocked = t->blocked;
    t->blocked &= ~set;
    spin_unlock(&t->sighand->lock);
    int timed_out = wait_for_signal(utimeout ? deadline_after(timeout_ns) : 0);
    spin_lock(&t->sighand->lock);
    t->blocked = blocked;
    sig = dequeue_signal(t, set, &info);
    r = timed_out ? -EAGAIN : -EINTR;
  }
  spin_unlock(&t->sighand->lock);
  if (!sig)
    return r;
  if (uinfo && siginfo_to_user(uinfo, sig, &info) < 0)
    return -EFAULT;
  return sig;
}
