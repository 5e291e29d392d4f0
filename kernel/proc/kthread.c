// Kernel tasks: tasks that run one kernel function for ever and never enter
// user mode (the file-system log's committer).  They are in no id hash and
// no family, so ps, kill and wait never see them; they have no memory map,
// descriptors or cwd.  A signal and sighand of their own keep the tick's
// accounting and the sleeping calls working as for any task.
#include "proc/proc.h"
#include "proc/rlimit.h"
#include "sched/sched.h"
#include "mm/mm.h"

struct task *kthread_start(const char *name, void (*fn)(void *), void *arg)
{
  struct task *t = task_alloc(TASKS_UNLIMITED);
  if (IS_ERR(t))
    return 0;
  t->signal = signal_alloc();
  t->sighand = sighand_alloc();
  if (!t->signal || !t->sighand) {
    if (t->signal)
      signal_put(t->signal);
    if (t->sighand)
      sighand_put(t->sighand);
    task_free(t);
    return 0;
  }
  rlimit_init(t->signal);
  t->group_leader = t;
  list_add(&t->thread_node, &t->signal->threads);
  task_set_name(t, name);
  sched_fork(t, 0);
  task_set_entry(t, fn, arg);
  wake_up_new_task(t);
  return t;
}
