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

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2

#define NS_PER_US 1000UL
#define US_PER_S  1000000UL

struct timeval64 {
  int64_t tv_sec, tv_usec;
};
struct itimerval64 {
  struct timeval64 interval, value;
};

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

static uint64_t tv_to_ns(const struct timeval64 *tv)
{
  return tv->tv_sec * US_PER_S * NS_PER_US + tv->tv_usec * NS_PER_US;
}

// An armed timer never reads as 0 (which would mean disarmed): at least 1 us.
static struct timeval64 ns_to_tv(uint64_t ns, int armed)
{
  uint64_t us = (ns + NS_PER_US - 1) / NS_PER_US;
  if (armed && us == 0)
    us = 1;
  return (struct timeval64){ us / US_PER_S, us % US_PER_S };
}

// Read (and, when nv is not NULL, replace) timer `which` of the current
// process.  Values are relative, in ns.
static void itimer_swap(int which, struct itimerval64 *old, const struct itimerval64 *nv)
{
  struct signal *sig = current->signal;
  if (which == ITIMER_REAL) {
    struct ktimer was;
    if (nv) {
      uint64_t v = tv_to_ns(&nv->value);
      ktimer_set(&sig->real_timer, v ? time_ns() + v : 0, tv_to_ns(&nv->interval), &was);
    } else {
      ktimer_get(&sig->real_timer, &was);
    }
    uint64_t now = time_ns(), left = was.deadline_ns > now ? was.deadline_ns - now : 0;
    old->value = ns_to_tv(left, was.deadline_ns != 0);
    old->interval = ns_to_tv(was.interval_ns, 0);
    return;
  }
  struct cpu_itimer *ct = &sig->cpu_timer[which - 1];
  spin_lock(&current->sighand->lock);
  old->value = ns_to_tv(ct->value_ns, ct->value_ns != 0);
  old->interval = ns_to_tv(ct->interval_ns, 0);
  if (nv) {
    ct->value_ns = tv_to_ns(&nv->value);
    ct->interval_ns = ct->value_ns ? tv_to_ns(&nv->interval) : 0;
  }
  spin_unlock(&current->sighand->lock);
}

static int valid_tv(const struct timeval64 *tv)
{
  return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < (int64_t)US_PER_S &&
         tv->tv_sec < (int64_t)(UINT64_MAX / 2 / (US_PER_S * NS_PER_US));
}

long sys_setitimer(int which, uint64_t unew, uint64_t uold)
{
  struct itimerval64 nv, old;
  if (which < ITIMER_REAL || which > ITIMER_PROF)
    return -EINVAL;
  if (copy_from_user(&nv, unew, sizeof nv) < 0)
    return -EFAULT;
  if (!valid_tv(&nv.value) || !valid_tv(&nv.interval))
    return -EINVAL;
  itimer_swap(which, &old, &nv);
  return uold && copy_to_user(uold, &old, sizeof old) < 0 ? -EFAULT : 0;
}

long sys_getitimer(int which, uint64_t ucur)
{
  struct itimerval64 cur;
  if (which < ITIMER_REAL || which > ITIMER_PROF)
    return -EINVAL;
  itimer_swap(which, &cur, 0);
  return copy_to_user(ucur, &cur, sizeof cur) < 0 ? -EFAULT : 0;
}
