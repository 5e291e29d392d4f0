// Ending tasks and reaping them: exit, exit_group, wait4.
//
// An exiting thread drops its address space, files and cwd, hands its
// children to another thread of its group (or to init) and leaves the group.
// A thread that is not its group's leader is freed at once (nobody waits for
// it).  The leader becomes a zombie, and its parent's wait4 reports the
// group once the last thread is gone, then frees what is left.
#include "proc/proc.h"
#include "proc/signal.h"
#include "sched/sched.h"
#include "mm/mm.h"
#include "fs/file.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "errno.h"
#include "syscall.h"
#include "uapi/linux/wait.h"

// Another live thread of t's group, or init.  tasklist_lock held.
static struct task *new_parent_for_children(struct task *t)
{
  ASSERT_HELD(&tasklist_lock);
  struct list_head *p;
  list_for_each(p, &t->signal->threads) {
    struct task *th = list_entry(p, struct task, thread_node);
    if (th != t)
      return th;
  }
  return init_task;
}

// Hand every child of t on.  tasklist_lock held.
static void reparent_children(struct task *t)
{
  ASSERT_HELD(&tasklist_lock);
  struct task *np = new_parent_for_children(t);
  int zombies = 0;
  while (!list_empty(&t->children)) {
    struct task *c = list_first_entry(&t->children, struct task, sibling);
    list_del(&c->sibling);
    c->parent = np;
    // Its threads report to the same parent.
    struct list_head *p;
    list_for_each(p, &c->signal->threads)
      list_entry(p, struct task, thread_node)->parent = np;
    list_add_tail(&c->sibling, &np->children);
    zombies |= c->state == EXIT_ZOMBIE;
  }
  if (zombies)
    wq_wake_all(&np->signal->wait_child);
}

#define ORPHAN_CHECKS 8                // process groups checked per exit (POSIX's orphaned groups)

// The distinct process groups of t and of its children, at most
// ORPHAN_CHECKS.  tasklist_lock held.
static int orphan_candidates(struct task *t, int *pgids, int *sids)
{
  int n = 0;
  pgids[n] = t->signal->pgid;
  sids[n++] = t->signal->sid;
  struct list_head *p;
  list_for_each(p, &t->children) {
    struct signal *s = list_entry(p, struct task, sibling)->signal;
    int seen = 0;
    for (int i = 0; i < n; i++)
      seen |= pgids[i] == s->pgid;
    if (!seen && n < ORPHAN_CHECKS) {
      pgids[n] = s->pgid;
      sids[n++] = s->sid;
    }
  }
  return n;
}

// Thread join: zero the tid word the thread library waits on, and wake it.
static void clear_child_tid(struct task *t)
{
  // LAB clone BEGIN
  if (!t->clear_child_tid || !t->mm)
    return;
  int zero = 0;
  if (copy_to_user(t->clear_child_tid, &zero, sizeof zero) == 0)
    futex_wake(t->mm, t->clear_child_tid, 1);
  t->clear_child_tid = 0;
  // LAB clone STUB
  // (void)t;
  // LAB clone END
}

static void release_resources(struct task *t)
{
  struct mm *mm = t->mm;
  if (mm) {
    // This CPU keeps the table loaded, lazily, until it runs another
    // process or the last user frees it (mm_put makes every CPU let go).
    // tasklist_lock: the OOM killer reads other tasks' mm under it.
    spin_lock(&tasklist_lock);
    t->mm = 0;
    mm_enter(0);
    spin_unlock(&tasklist_lock);
    mm_put(mm);
  }
  files_put(t->files);
  t->files = 0;
  fs_info_put(t->fs);
  t->fs = 0;
}

// The group's status as its parent sees it.
static int group_status(struct task *leader)
{
  return leader->signal->group_exit ? leader->signal->group_exit_code : leader->exit_code;
}

void do_exit(int status)
{
  struct task *t = current;
  if (t->tgid == INIT_PID)
    panic("init exited (status 0x%x)", status);
  t->flags |= PF_EXITING;
  robust_list_exit(t);
  clear_child_tid(t);
  vfork_release(t);
  release_resources(t);
  spin_lock(&tasklist_lock);
  struct signal *sig = t->signal;
  list_del(&t->thread_node);
  sig->live--;
  sched_exit(t);
  // The groups this exit may orphan: the process's own and its children's.
  int pgids[ORPHAN_CHECKS], sids[ORPHAN_CHECKS], ncheck = 0;
  if (sig->live == 0)
    ncheck = orphan_candidates(t, pgids, sids);
  reparent_children(t);
  ncheck = orphaned_stopped_pgrps(t, pgids, sids, ncheck);
  t->exit_code = status;
  struct task *leader = t->group_leader;
  if (sig->exec_waiter && sig->live == 1)
    wake_up_task(sig->exec_waiter, TASK_UNINTERRUPTIBLE);
  // The group is gone: the parent hears of it.  A parent that ignores
  // SIGCHLD (or set SA_NOCLDWAIT) gets no zombie: the group is freed here.
  int unwanted = 0, group_dead = sig->live == 0;
  if (group_dead) {
    int status = group_status(leader);
    notify_parent(leader, WTERMSIG(status) ? CLD_KILLED : CLD_EXITED,
                  WTERMSIG(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    if ((unwanted = leader->exit_signal == SIGCHLD && ignores_children(leader->parent))) {
      list_del(&leader->sibling);
      if (leader != t) {
        tid_unhash(leader);
        leader->state = EXIT_DEAD;
      }
    }
  }
  // The state is the last thing set before switching away: a zombie may be
  // reaped at once (the reaper waits for on_cpu to clear before freeing),
  // and a dead thread is freed by finish_switch.
  int zombie = t == leader && !unwanted;
  if (!zombie) {
    tid_unhash(t);
    t->flags |= PF_AUTOREAP;
  }
  t->state = zombie ? EXIT_ZOMBIE : EXIT_DEAD;
  spin_unlock(&tasklist_lock);
  // Not under tasklist_lock, which the timer's callback takes.  sig lives
  // on meanwhile: this task holds a reference until it is released.
  if (group_dead)
    itimer_exit(sig);
  hangup_pgrps(pgids, ncheck);
  if (unwanted && leader != t)
    release_task(leader);              // an earlier-exited leader nobody will reap
  schedule();
  panic("do_exit: task %d ran after exiting", t->tid);
}

void kill_other_threads(struct task *t)
{
  struct list_head *p;
  list_for_each(p, &t->signal->threads) {
    struct task *th = list_entry(p, struct task, thread_node);
    if (th != t) {
      __atomic_or_fetch(&th->pending.set, sigmask(SIGKILL), __ATOMIC_SEQ_CST);
      wake_up_task(th, TASK_INTERRUPTIBLE | TASK_STOPPED);
    }
  }
}

void do_exit_group(int status)
{
  // LAB clone BEGIN
  struct task *t = current;
  spin_lock(&tasklist_lock);
  struct signal *sig = t->signal;
  if (!sig->group_exit) {
    sig->group_exit = 1;
    sig->group_exit_code = status;
    kill_other_threads(t);
  }
  status = sig->group_exit_code;
  spin_unlock(&tasklist_lock);
  // LAB clone STUB
  // // For now only the calling thread ends; the others run on.
  // LAB clone END
  do_exit(status);
}

long sys_exit(int code)
{
  do_exit(__W_EXITCODE(code, 0));
}

long sys_exit_group(int code)
{
  do_exit_group(__W_EXITCODE(code, 0));
}

// wait4's pid: one child, any (-1), our process group (0), group -pid.
static int matches(struct task *c, int pid)
{
  return pid == -1 || (pid == 0 && c->signal->pgid == current->signal->pgid) ||
         (pid < -1 && c->signal->pgid == -pid) || c->tgid == pid;
}

// A stop (WUNTRACED) or continue (WCONTINUED) of live child c that wait4
// has not reported yet: its status, taken.  0 if none.  tasklist_lock held.
static int take_report(struct task *c, int options)
{
  // LAB signals BEGIN
  int r = c->signal->report;
  if ((WIFCONTINUED(r) && (options & WCONTINUED)) || (WIFSTOPPED(r) && (options & WUNTRACED))) {
    c->signal->report = 0;
    return r;
  }
  return 0;
  // LAB signals STUB
  // // Not written yet: stops and continues are not reported.
  // (void)c;
  // (void)options;
  // return 0;
  // LAB signals END
}

// Free a task that has exited and switched away for the last time.  The
// task that woke it (wake_up_new_task, wake_up_task) may not have released
// its lock yet: the woken task can run, exit and get here on another CPU
// first.  Taking the lock waits for that waker; no new one can find the
// task any more (it is off every list).  The checking kernel (make DEBUG=1)
// caught the unlock landing in freed memory.
void release_task(struct task *t)
{
  while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
    ;
  spin_lock(&t->lock);
  spin_unlock(&t->lock);
  sigpending_flush(&t->pending, t->signal);   // nobody can send to it any more
  signal_put(t->signal);
  sighand_put(t->sighand);
  task_free(t);
}

// Look through the children of every thread of the group for a reapable
// one matching pid.  Returns its tid (reaped), 0 if matching children exist
// but none is ready, -ECHILD if none match, -EFAULT.  tasklist_lock held.
static int reap_one(int pid, int options, uint64_t ustatus, struct task_times *tt)
{
  int have = 0;
  struct list_head *tp, *cp;
  list_for_each(tp, &current->signal->threads) {
    struct task *th = list_entry(tp, struct task, thread_node);
    list_for_each(cp, &th->children) {
      struct task *c = list_entry(cp, struct task, sibling);
      if (!matches(c, pid))
        continue;
      have = 1;
      int report = c->signal->live > 0 ? take_report(c, options) : 0;
      if (report) {
        if (ustatus && copy_to_user(ustatus, &report, sizeof report) < 0)
          return -EFAULT;
        memset(tt, 0, sizeof *tt);
        return c->tid;
      }
      if (c->state != EXIT_ZOMBIE || c->signal->live > 0)
        continue;
      int status = group_status(c), tid = c->tid;
      // Store the status first: with a bad pointer the zombie stays unreaped.
      if (ustatus && copy_to_user(ustatus, &status, sizeof status) < 0)
        return -EFAULT;
      c->state = EXIT_DEAD;
      sched_reap(c, tt);
      list_del(&c->sibling);
      tid_unhash(c);
      spin_unlock(&tasklist_lock);
      release_task(c);
      spin_lock(&tasklist_lock);
      return tid;
    }
  }
  return have ? 0 : -ECHILD;
}

long sys_wait4(int pid, uint64_t ustatus, int options, uint64_t rusage)
{
  if (options & ~(WNOHANG | WUNTRACED | WCONTINUED))
    return -EINVAL;
  spin_lock(&tasklist_lock);
  int r;
  struct task_times tt;
  while ((r = reap_one(pid, options, ustatus, &tt)) == 0 && !(options & WNOHANG)) {
    if (wq_sleep(&current->signal->wait_child, &tasklist_lock, TASK_INTERRUPTIBLE) < 0) {
      r = -EINTR;
      break;
    }
  }
  spin_unlock(&tasklist_lock);
  if (r > 0 && rusage && put_rusage(rusage, &tt) < 0)
    r = -EFAULT;
  return r;
}

// execve in a multi-threaded group: end every other thread and wait until
// they are gone; a non-leader caller then takes over the leader's id.
int de_thread(void)
{
  struct task *t = current;
  struct signal *sig = t->signal;
  spin_lock(&tasklist_lock);
  if (sig->group_exit) {
    spin_unlock(&tasklist_lock);
    return -EINTR;                     // the group is dying anyway
  }
  if (sig->live > 1) {
    sig->group_exit = 1;               // no new threads; the others die with SIGKILL
    sig->exec_waiter = t;
    kill_other_threads(t);
    while (sig->live > 1) {
      t->state = TASK_UNINTERRUPTIBLE;
      spin_unlock(&tasklist_lock);
      schedule();
      spin_lock(&tasklist_lock);
    }
    sig->exec_waiter = 0;
    sig->group_exit = 0;
  }
  struct task *leader = t->group_leader;
  if (leader != t) {
    tid_unhash(t);
    tid_unhash(leader);
    t->tid = leader->tid;
    tid_hash(t);
    t->exit_signal = leader->exit_signal;
    list_del(&leader->sibling);
    list_add_tail(&t->sibling, &t->parent->children);
    t->group_leader = t;
    sched_take_over(t, leader);
    leader->state = EXIT_DEAD;
  }
  spin_unlock(&tasklist_lock);
  if (leader != t)
    release_task(leader);
  return 0;
}
