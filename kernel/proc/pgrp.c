// Job control: process groups (a shell puts each job in one), sessions
// (a login's jobs), kill() of a whole group, and the console's foreground
// group, which gets ^C (SIGINT), ^\ (SIGQUIT) and ^Z (SIGTSTP).
//
// A process's pgid and sid live in its struct signal, under tasklist_lock.
// There is one terminal, the console; any process may choose its
// foreground group (there are no controlling terminals or users here).
#include "proc/signal.h"
#include "proc/task.h"
#include "proc/proc.h"
#include "mm/mm.h"
#include "errno.h"
#include "syscall.h"

static int console_fg_pgrp;          // under tasklist_lock; 0: no foreground job

struct kill_args {
  int pgid, sig;
  struct ksiginfo info;
  int found;
};

static int kill_one(struct task *t, void *arg)
{
  struct kill_args *a = arg;
  int all = a->pgid == -1;           // kill(-1): every process but init and the caller
  if (all ? t->tgid == INIT_PID || t->signal == current->signal : t->signal->pgid != a->pgid)
    return 0;
  a->found = 1;
  if (t->state != EXIT_ZOMBIE)
    send_signal_info(t, a->sig, &a->info, 1);
  return 0;
}

int kill_pgrp(int pgid, int sig, int code)
{
  struct kill_args a = { pgid, sig, { .code = code }, 0 };
  if (code != SI_KERNEL) {             // the console's ^C comes from nobody
    a.info.pid = current->tgid;
    a.info.uid = current->cred.uid;
  }
  spin_lock(&tasklist_lock);
  for_each_process(kill_one, &a);
  spin_unlock(&tasklist_lock);
  return a.found ? 0 : -ESRCH;
}

// The process pid (0: the caller), if it is the caller or its child; NULL
// otherwise.  tasklist_lock held.
static struct task *self_or_child(int pid)
{
  ASSERT_HELD(&tasklist_lock);
  struct task *me = current->group_leader, *t = pid ? find_task(pid) : me;
  if (!t || t != t->group_leader || t->state == EXIT_DEAD)
    return 0;
  if (t == me)
    return t;
  return t->parent && t->parent->signal == me->signal ? t : 0;   // init has no parent
}

static int in_group_of_session(struct task *t, void *arg)
{
  const int *want = arg;             // { pgid, sid }
  return t->signal->pgid == want[0] && t->signal->sid == want[1];
}

long sys_setpgid(int pid, int pgid)
{
  if (pid < 0 || pgid < 0)
    return -EINVAL;
  spin_lock(&tasklist_lock);
  struct task *t = self_or_child(pid);
  long r = 0;
  if (!t) {
    r = -ESRCH;
  } else if (t->signal->sid != current->signal->sid || t->signal->sid == t->tgid) {
    r = -EPERM;                        // another session's process, or a session leader
  } else {
    int want[2] = { pgid ? pgid : t->tgid, t->signal->sid };
    // Into an existing group of the same session, or a new one named after t.
    if (want[0] != t->tgid && !for_each_process(in_group_of_session, want))
      r = -EPERM;
    else
      t->signal->pgid = want[0];
  }
  spin_unlock(&tasklist_lock);
  return r;
}

// Linux lets a process ask about any process; so do we.
static long get_id(int pid, int sid)
{
  spin_lock(&tasklist_lock);
  struct task *t = pid ? find_task(pid) : current;
  long r = !t || t->state == EXIT_DEAD ? -ESRCH : sid ? t->signal->sid : t->signal->pgid;
  spin_unlock(&tasklist_lock);
  return r;
}

long sys_getpgid(int pid)
{
  return pid < 0 ? -ESRCH : get_id(pid, 0);
}

long sys_getsid(int pid)
{
  return pid < 0 ? -ESRCH : get_id(pid, 1);
}

static int leads_group(struct task *t, void *arg)
{
  return t->signal->pgid == *(int *)arg;
}

// A new session and group, both named after the caller, which must not
// already lead a group (its members would be split between sessions).
long sys_setsid(void)
{
  struct signal *s = current->signal;
  int me = current->tgid;
  spin_lock(&tasklist_lock);
  long r = for_each_process(leads_group, &me) ? -EPERM : me;
  if (r > 0)
    s->pgid = s->sid = me;
  spin_unlock(&tasklist_lock);
  return r;
}

// ---- the console's foreground group (TIOCGPGRP / TIOCSPGRP) ----

long console_get_pgrp(void)
{
  spin_lock(&tasklist_lock);
  long r = console_fg_pgrp;
  spin_unlock(&tasklist_lock);
  return r;
}

long console_set_pgrp(int pgid)
{
  if (pgid <= 0)
    return -EINVAL;
  int want[2] = { pgid, current->signal->sid };
  spin_lock(&tasklist_lock);
  long r = for_each_process(in_group_of_session, want) ? 0 : -EPERM;
  if (r == 0)
    console_fg_pgrp = pgid;
  spin_unlock(&tasklist_lock);
  return r;
}

// From the console's interrupt: a job-control character was typed.
void console_signal(int sig)
{
  int pgid = console_get_pgrp();
  if (pgid)
    kill_pgrp(pgid, sig, SI_KERNEL);
}

// ---- orphaned process groups ----
//
// A process group is orphaned when no member has its parent in another
// group of the same session: the job-control shell that could continue it
// is gone.  POSIX: when an exit leaves a group orphaned with a stopped
// member, every member gets SIGHUP, then SIGCONT, since nobody else ever
// would continue them.

struct orphan_scan {
  int pgid, sid;
  struct task *gone;                 // the exiting process (its children are init's now)
  int linked, stopped;
};

static int scan_member(struct task *t, void *arg)
{
  struct orphan_scan *a = arg;
  if (t == a->gone || t->signal->pgid != a->pgid || t->state == EXIT_ZOMBIE)
    return 0;
  struct task *p = t->parent;
  if (p && p != a->gone && p->signal->pgid != a->pgid && p->signal->sid == a->sid)
    a->linked = 1;
  if (t->signal->stop_sig)
    a->stopped = 1;
  return 0;
}

// The groups among the n in pgids (with their sessions in sids) that gone's
// exit leaves orphaned with a stopped member, moved to the front; returns
// how many.  tasklist_lock held.
int orphaned_stopped_pgrps(struct task *gone, int *pgids, const int *sids, int n)
{
  ASSERT_HELD(&tasklist_lock);
  int found = 0;
  for (int i = 0; i < n; i++) {
    struct orphan_scan a = { pgids[i], sids[i], gone, 0, 0 };
    for_each_process(scan_member, &a);
    if (a.stopped && !a.linked)
      pgids[found++] = pgids[i];
  }
  return found;
}

// Not under tasklist_lock (kill_pgrp takes it).
void hangup_pgrps(const int *pgids, int n)
{
  for (int i = 0; i < n; i++) {
    kill_pgrp(pgids[i], SIGHUP, SI_KERNEL);
    kill_pgrp(pgids[i], SIGCONT, SI_KERNEL);
  }
}
