// threadgroup: a thread group is one process.  exit() in any thread ends
// them all with its status; kill() of the process and a fatal tgkill() to
// one thread end the group; the leader may end first (pthread_exit in main)
// and is reported to wait only after the last thread; execve in a
// non-leader thread ends the others and keeps the pid; fork in a thread
// copies only that thread.  Each case runs in a child process that the
// test waits for.  The other threads of those children would live on
// for LINGER_MS and then end themselves, so a kernel that does not end
// them fails the checks instead of hanging.  LINGER_MS is longer than the
// test waits for a child: a thread that outlives it survived a group that
// the kernel reported ended, never a group that a busy host made slow.  Usage: threadgroup
// [path-of-echo] (default /bin/echo; the exec case runs it).  Prints
// "ok/FAIL <check>" lines, the exec'd echo's line, and "threadgroup: N
// passed, M failed".
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/futex.h>
#include <sys/wait.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

#define TIMEOUT_MS 10000
#define LINGER_MS (TIMEOUT_MS + 2000)

static const char *echo_path = "/bin/echo";

// A child's threads that lived out their LINGER_MS write a byte to
// survivors; a child that wants a signal writes one to ready.
static int survivors[2], ready[2];

// Runs fn in a child process and returns its wait status (-1 on timeout),
// after sending it kill_sig (when not 0) once it is ready.  *survived says
// whether a thread of it lived out its LINGER_MS.
static int
in_child(void (*fn)(void), int kill_sig, int *survived)
{
  pid_t pid;
  int st;
  char c;

  fflush(stdout);
  pipe(survivors);
  pipe(ready);
  pid = fork();
  if (pid == 0) {
    fn();
    _exit(100);                      // fn should not return
  }
  close(survivors[1]);
  close(ready[1]);
  if (kill_sig && pid > 0 && read(ready[0], &c, 1) == 1)
    kill(pid, kill_sig);
  close(ready[0]);
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid) {
    kill(pid, SIGKILL);
    wait_timeout(pid, 0, TIMEOUT_MS);
    st = -1;
  }
  *survived = read(survivors[0], &c, 1) == 1;
  close(survivors[0]);
  return st;
}

static long
ms_now(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// A thread that sleeps for LINGER_MS unless its group ends first.
static void *
linger_asleep(void *arg)
{
  struct timespec ts = { LINGER_MS / 1000, (LINGER_MS % 1000) * 1000000L };
  int word = 0;

  futex(&word, FUTEX_WAIT_PRIVATE, 0, &ts);
  write(survivors[1], "s", 1);
  return arg;
}

// A thread that spins on a CPU for LINGER_MS unless its group ends first.
static void *
linger_spinning(void *arg)
{
  long end = ms_now() + LINGER_MS;

  while (ms_now() < end)
    ;
  write(survivors[1], "s", 1);
  return arg;
}

static void *
exit_42(void *arg)
{
  sleep_ms(20);
  exit(42);
  return arg;
}

// The main thread sleeps in join, two threads sleep, two spin on a CPU.
static void
exit_from_thread(void)
{
  pthread_t t;

  for (int i = 0; i < 4; i++)
    pthread_create(&t, 0, i < 2 ? linger_asleep : linger_spinning, 0);
  pthread_create(&t, 0, exit_42, 0);
  pthread_join(t, 0);
}

// ---- ids ------------------------------------------------------------------------

static pid_t thread_pid, thread_ppid, thread_tid;

static void *
ids_thread(void *arg)
{
  thread_pid = getpid();
  thread_ppid = getppid();
  thread_tid = gettid();
  return arg;
}

static void
test_ids(void)
{
  pthread_t t;

  check(gettid() == getpid(), "the main thread is the leader: gettid() == getpid()");
  check(pthread_create(&t, 0, ids_thread, 0) == 0 && pthread_join(t, 0) == 0 && thread_pid == getpid(),
        "getpid() in a thread is the process's id (the leader's tid)");
  check(thread_tid != getpid() && thread_tid > 0, "gettid() in a thread is its own");
  check(thread_ppid == getppid(), "getppid() in a thread is the process's parent");
}

// ---- signals ----------------------------------------------------------------

static void
wait_for_kill(void)
{
  pthread_t t;

  for (int i = 0; i < 3; i++)
    pthread_create(&t, 0, i ? linger_asleep : linger_spinning, 0);
  write(ready[1], "r", 1);
  pthread_join(t, 0);
}

static pid_t victim_tid;

static void *
victim(void *arg)
{
  __atomic_store_n(&victim_tid, gettid(), __ATOMIC_SEQ_CST);
  futex((int *)&victim_tid, FUTEX_WAKE_PRIVATE, 1, 0);
  return linger_asleep(arg);
}

// SIGUSR1's default action ends the process, whichever thread gets it.
static void
tgkill_one_thread(void)
{
  pthread_t t;
  pid_t tid;

  pthread_create(&t, 0, victim, 0);
  while ((tid = __atomic_load_n(&victim_tid, __ATOMIC_SEQ_CST)) == 0)
    futex((int *)&victim_tid, FUTEX_WAIT_PRIVATE, 0, 0);
  tgkill(getpid(), tid, SIGUSR1);
  pthread_join(t, 0);
}

static void
test_signals(void)
{
  int survived;

  check_status(in_child(exit_from_thread, 0, &survived), W_EXITED(42),
               "exit(42) in a thread ends the process: status 42");
  check(!survived, "exit in a thread: no other thread lives on");
  check(tkill(gettid(), 0) == 0 && tgkill(getpid(), gettid(), 0) == 0, "tkill/tgkill(self, 0) find the thread");
  check_errno(tgkill(getppid(), gettid(), 0), ESRCH, "tgkill with a tgid that is not the thread's: ESRCH");
  check_errno(tgkill(getpid(), gettid(), -1), EINVAL, "tgkill with a bad signal: EINVAL");
  check_status(in_child(wait_for_kill, SIGTERM, &survived), W_SIGNALED(SIGTERM),
               "kill(SIGTERM) of a 4-thread process ends it");
  check(!survived, "kill(SIGTERM): no thread lives on");
  check_status(in_child(tgkill_one_thread, 0, &survived), W_SIGNALED(SIGUSR1),
               "tgkill(SIGUSR1) of one thread ends the whole group");
  check(!survived, "tgkill(SIGUSR1): no thread lives on");
}

// ---- the leader ends first -------------------------------------------------------

static int to_parent[2], from_parent[2];
static pthread_t main_thread;

// The leader has exited once it can be joined; the parent then checks
// that wait does not report it yet, and lets this thread finish.
static void *
survivor(void *arg)
{
  pid_t pid = getpid();
  char c;

  if (pthread_join(main_thread, 0) != 0)
    exit(1);
  write(to_parent[1], getpid() == pid ? "j" : "p", 1);
  read(from_parent[0], &c, 1);
  return arg;     // the last thread: the process exits with status 0
}

static void
leader_exits(void)
{
  pthread_t t;

  main_thread = pthread_self();
  pthread_create(&t, 0, survivor, 0);
  pthread_exit(0);
}

static void
test_leader_first(void)
{
  pid_t pid;
  char c = 0;
  int st;

  pipe(to_parent);
  pipe(from_parent);
  fflush(stdout);
  pid = fork();
  if (pid == 0)
    leader_exits();
  check(read(to_parent[0], &c, 1) == 1 && c == 'j',
        "after pthread_exit in main, a thread joins the leader and runs on");
  check(waitpid(pid, &st, WNOHANG) == 0, "wait does not report the group while a thread runs");
  write(from_parent[1], "x", 1);
  st = wait_timeout(pid, &st, TIMEOUT_MS) == pid ? st : -1;
  check_status(st, W_EXITED(0), "when the last thread ends, wait reports status 0");
  close(to_parent[0]);
  close(to_parent[1]);
  close(from_parent[0]);
  close(from_parent[1]);
}

// ---- execve and fork in a thread ------------------------------------------------

static void *
exec_thread(void *arg)
{
  char *argv[] = { "echo", "threadgroup: this line comes from the program a thread exec'd", 0 };

  (void)arg;
  execv(echo_path, argv);
  exit(99);
}

// Two more threads, which must not outlive the exec.
static void
exec_from_thread(void)
{
  pthread_t t;

  pthread_create(&t, 0, linger_asleep, 0);
  pthread_create(&t, 0, linger_spinning, 0);
  pthread_create(&t, 0, exec_thread, 0);
  pthread_join(t, 0);
}

static void
test_exec(void)
{
  int survived;

  check_status(in_child(exec_from_thread, 0, &survived), W_EXITED(0),
               "execve in a non-leader thread: the program runs under the same pid");
  check(!survived, "execve: the other threads are gone");
}

static volatile long spins;
static volatile int stop_spinning;

static void *
spinner(void *arg)
{
  while (!stop_spinning)
    spins++;
  return arg;
}

static void *
malloc_hammer(void *arg)
{
  while (!stop_spinning)
    free(malloc(100));
  return arg;
}

static void *
return_arg(void *arg)
{
  return arg;
}

// Bits of the fork child's exit status: what it found wrong.
enum { NOT_LEADER = 1, OTHER_THREAD_RUNS = 2, NO_NEW_THREAD = 4, NO_MALLOC = 8 };

static int
fork_child_checks(void)
{
  long before = spins;
  pthread_t t;
  void *r = 0;
  int bad = 0;

  if (gettid() != getpid())
    bad |= NOT_LEADER;
  sleep_ms(30);
  if (spins != before)
    bad |= OTHER_THREAD_RUNS;
  if (pthread_create(&t, 0, return_arg, (void *)7) != 0 || pthread_join(t, &r) != 0 || r != (void *)7)
    bad |= NO_NEW_THREAD;
  if (!malloc(1000))
    bad |= NO_MALLOC;
  return bad;
}

static void *
fork_thread(void *arg)
{
  int st, bad = 0;
  pid_t pid;

  pid = fork();
  if (pid == 0)
    _exit(fork_child_checks());
  if (wait_timeout(pid, &st, TIMEOUT_MS) != pid || st != 0)
    return (void *)(long)(st == 0 ? -1 : st);
  for (int i = 0; i < 20; i++) {   // while another thread is inside malloc
    pid = fork();
    if (pid == 0)
      _exit(malloc(50) ? 0 : 1);
    if (wait_timeout(pid, &st, TIMEOUT_MS) != pid || st != 0)
      bad++;
  }
  return (void *)(long)(bad ? 1 << 16 : 0);
}

static void
test_fork(void)
{
  pthread_t spin, hammer, forker;
  void *r = (void *)-1;

  pthread_create(&spin, 0, spinner, 0);
  pthread_create(&hammer, 0, malloc_hammer, 0);
  while (spins == 0)
    sched_yield();
  pthread_create(&forker, 0, fork_thread, 0);
  pthread_join(forker, &r);
  stop_spinning = 1;
  pthread_join(spin, 0);
  pthread_join(hammer, 0);
  check((long)r != -1 && ((long)r & 0xffff) == 0,
        "fork in a thread: the child's only thread is the forker, now the leader; it can make threads");
  check(((long)r >> 16) == 0, "20 forks while another thread is in malloc: children can malloc");
}

int
main(int argc, char **argv)
{
  if (argc > 1)
    echo_path = argv[1];
  test_start("threadgroup");
  test_ids();
  test_signals();
  test_leader_first();
  test_exec();
  test_fork();
  return test_done();
}
