// The first task, pid 1.  It starts in the kernel because mounting the root
// file system may sleep (disk I/O), which only a task can do; then it execs
// /bin/init and lives on as the user program that adopts orphans.
#include "proc/proc.h"
#include "sched/sched.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "mm/mm.h"
#include "lib/printf.h"
#include "arch/riscv.h"

static void init_main(void *arg)
{
  (void)arg;
  static const char *const argv[] = { "init", 0 };
  intr_on();
  fs_init();
  vfs_init();
  current->fs = fs_info_alloc();
  if (!current->fs)
    panic("init: out of memory");
  int r = kernel_execve("/bin/init", argv);
  if (r < 0)
    panic("init: cannot run /bin/init (error %d)", r);
}

void start_init(void)
{
  struct task *t = task_alloc(TASKS_UNLIMITED);
  if (IS_ERR(t))
    panic("start_init: out of memory");
  t->signal = signal_alloc();
  t->sighand = sighand_alloc();
  t->files = files_alloc();
  if (!t->signal || !t->sighand || !t->files || tid_alloc(t) != INIT_PID)
    panic("start_init: cannot set up pid 1");
  rlimit_init(t->signal);
  t->tgid = t->tid;
  t->group_leader = t;
  t->signal->live = 1;
  t->signal->pgid = t->signal->sid = INIT_PID;   // the first session and process group
  list_add(&t->thread_node, &t->signal->threads);
  task_set_name(t, "init");
  sched_fork(t, 0);
  task_set_entry(t, init_main, 0);
  init_task = t;
  wake_up_new_task(t);
}
