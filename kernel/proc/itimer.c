// Interval timers (setitimer, getitimer; the library's alarm() uses them),
// one set per process:
//   ITIMER_REAL     wall-clock time: a kernel timer sends SIGALRM
//   ITIMER_VIRTUAL  the process's user CPU time, counted by the tick: SIGVTALRM
//   ITIMER_PROF     its user and system CPU time, counted by the tick: SIGPROF
// Each fires its signal at the process when its value runs out, then starts
// again from its interval (if not zero).  fork clears them; execve keeps them.
#include "proc/proc.h"
#include "proc/signal.h"
#include "arch/arch.h"
#include "mm/mm.h"
#include "syscall.h"
#include "errno.h"
#include "clock.h"

// sig to the process whose signal struct is s, through any live thread of
// it (the leader may have exited, or been replaced by execve).
static void signal_process(struct signal *s, int sig)
{
  struct ksiginfo info = { .code = SI_KERNEL };
  spin_lock(&tasklist_lock);
  if (!list_empty(&s->threads))
    send_signal_info(list_first_entry(&s->threads, struct task, thread_node), sig, &info, 1);
  spin_unlock(&tasklist_lock);
}

// The real timer's callback.  The timers' lock is held, so tasklist_lock is
// taken after it: nobody arms a timer under tasklist_lock.
static void real_timer_fire(struct ktimer *k)
{
  signal_process(container_of(k, struct signal, real_timer), SIGALRM);
}

void itimer_init(struct signal *sig)
{
  sig->real_timer.fn = real_timer_fire;
}

void itimer_exit(struct signal *sig)
{
  ktimer_set(&sig->real_timer, 0, 0, 0);
}

void itimer_tick(struct task *t, int from_user, uint64_t tick_ns)
{
  struct signal *sig = t->signal;
  int fire[2] = { 0, 0 };
  if (!sig->cpu_timer[0].value_ns && !sig->cpu_timer[1].value_ns)
    return;                            // unlocked peek: the usual case, nothing armed
  spin_lock(&t->sighand->lock);
  for (int i = 0; i < 2; i++) {
    struct cpu_itimer *ct = &sig->cpu_timer[i];
    if (!ct->value_ns || (i == ITIMER_VIRTUAL - 1 && !from_user))
      continue;
    if (ct->value_ns > tick_ns) {
      ct->value_ns -= tick_ns;
    } else {
      ct->value_ns = ct->interval_ns;
      fire[i] = 1;
    }
  }
  spin_unlock(&t->sighand->lock);
  if (fire[0])
    signal_process(sig, SIGVTALRM);
  if (fire[1])
    signal_process(sig, SIGPROF);
}

static uint64_t tv_to_ns(const struct timeval *tv)
{
  return tv->tv_sec * USEC_PER_SEC * NSEC_PER_USEC + tv->tv_usec * NSEC_PER_USEC;
}

// An armed timer never reads as 0 (which would mean disarmed): at least 1 us.
static struct timeval ns_to_tv(uint64_t ns, int armed)
{
  uint64_t us = (ns + NSEC_PER_USEC - 1) / NSEC_PER_USEC;
  if (armed && us == 0)
    us = 1;
  return (struct timeval){ us / USEC_PER_SEC, us % USEC_PER_SEC };
}

// Read (and, when nv is not NULL, replace) timer `which` of the current
// process.  Values are relative, in ns.
static void itimer_swap(int which, struct itimerval *old, const struct itimerval *nv)
{
  struct signal *sig = current->signal;
  if (which == ITIMER_REAL) {
    struct ktimer was;
    if (nv) {
      uint64_t v = tv_to_ns(&nv->it_value);
      ktimer_set(&sig->real_timer, v ? time_ns() + v : 0, tv_to_ns(&nv->it_interval), &was);
    } else {
      ktimer_get(&sig->real_timer, &was);
    }
    uint64_t now = time_ns(), left = was.deadline_ns > now ? was.deadline_ns - now : 0;
    old->it_value = ns_to_tv(left, was.deadline_ns != 0);
    old->it_interval = ns_to_tv(was.interval_ns, 0);
    return;
  }
  struct cpu_itimer *ct = &sig->cpu_timer[which - 1];
  spin_lock(&current->sighand->lock);
  old->it_value = ns_to_tv(ct->value_ns, ct->value_ns != 0);
  old->it_interval = ns_to_tv(ct->interval_ns, 0);
  if (nv) {
    ct->value_ns = tv_to_ns(&nv->it_value);
    ct->interval_ns = ct->value_ns ? tv_to_ns(&nv->it_interval) : 0;
  }
  spin_unlock(&current->sighand->lock);
}

static int valid_tv(const struct timeval *tv)
{
  return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < (int64_t)USEC_PER_SEC &&
         tv->tv_sec < (int64_t)(UINT64_MAX / 2 / (USEC_PER_SEC * NSEC_PER_USEC));
}

long sys_setitimer(int which, uint64_t unew, uint64_t uold)
{
  struct itimerval nv, old;
  if (which < ITIMER_REAL || which > ITIMER_PROF)
    return -EINVAL;
  if (copy_from_user(&nv, unew, sizeof nv) < 0)
    return -EFAULT;
  if (!valid_tv(&nv.it_value) || !valid_tv(&nv.it_interval))
    return -EINVAL;
  itimer_swap(which, &old, &nv);
  return uold && copy_to_user(uold, &old, sizeof old) < 0 ? -EFAULT : 0;
}

long sys_getitimer(int which, uint64_t ucur)
{
  struct itimerval cur;
  if (which < ITIMER_REAL || which > ITIMER_PROF)
    return -EINVAL;
  itimer_swap(which, &cur, 0);
  return copy_to_user(ucur, &cur, sizeof cur) < 0 ? -EFAULT : 0;
}
