// Task lifetime: creation, ids and family, exit and wait.
#pragma once
#include "proc/task.h"
#include "lib/err.h"

#define INIT_PID 1

// The family lock: parent/children/sibling links, the tid hash, and exit
// transitions.  Taken before any task lock.
extern struct spinlock tasklist_lock;
extern struct task *init_task;
extern int max_tasks;            // limit on live tasks (fork fails with -EAGAIN beyond)
extern int nr_tasks;             // atomic

void task_init(void);            // boot: empty id hash
// A zeroed task with a kernel stack, not yet visible, counted in nr_tasks
// unless limit tasks live already: ERR_PTR(-EAGAIN) then, or -ENOMEM.
struct task *task_alloc(uint64_t limit);
#define TASKS_UNLIMITED (~0ULL)  // the kernel's own tasks: only memory limits them
void task_free(struct task *t);
int tid_alloc(struct task *t);   // assign t->tid and hash it; -EAGAIN if none left
void tid_hash(struct task *t);   // t->tid into the hash; tasklist_lock held
void tid_unhash(struct task *t); // tasklist_lock held
struct task *find_task(int tid); // tasklist_lock held
// fn on every process (thread-group leader, zombies included) until it
// returns nonzero, which is returned.  tasklist_lock held.  Process groups
// are few and small here, so kill(-pgid) and setpgid scan rather than keep
// per-group lists.
int for_each_process(int (*fn)(struct task *, void *), void *arg);
void task_set_name(struct task *t, const char *path);
void task_dump(void);            // ^P on the console: every task and CPU, without locks
char task_state_letter(struct task *t);   // R S D T Z, as ps shows it
// Make t's first switch run fn(arg) in the kernel (if fn) and then return to
// user mode through its trapframe.
void task_set_entry(struct task *t, void (*fn)(void *), void *arg);

void do_exit(int status) __attribute__((noreturn));        // this thread; status: Linux wait encoding
void do_exit_group(int status) __attribute__((noreturn));  // every thread of the group
void kill_other_threads(struct task *t);                   // tasklist_lock held
int de_thread(void);                                       // execve: become the group's only thread
int kernel_execve(const char *path, const char *const argv[]);

struct signal *signal_alloc(void);      // a new thread group's shared state, one reference
struct sighand *sighand_alloc(void);
void signal_put(struct signal *s);
void sighand_put(struct sighand *s);

void completion_init(struct completion *c);
void complete(struct completion *c);
int completion_wait_killable(struct completion *c);   // 0, or -EINTR on a signal
void vfork_release(struct task *t);                   // exec or exit: let a vfork parent go on

// itimer.c: interval timers
void itimer_init(struct signal *sig);
void itimer_exit(struct signal *sig);   // the group is gone: stop its timers

// futex.c
void futex_init(void);
long futex_wake(struct mm *mm, uint64_t uaddr, int n);
void robust_list_exit(struct task *t);    // exit: locks the task still holds get FUTEX_OWNER_DIED

// oom.c: a user page fault found no free page.  Kills the process with the
// most resident pages (never init) unless one is dying already; the caller
// then takes the fault again (or dies, if it was the one).
void oom_kill(void);

// The first task (pid 1): mounts the root file system and runs /bin/init.
void start_init(void);

// kthread.c: a kernel task running fn(arg) (with interrupts off at first),
// which must never return; NULL when out of memory.
struct task *kthread_start(const char *name, void (*fn)(void *), void *arg);
