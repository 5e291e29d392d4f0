// threadgroup: a thread group is one process.  exit() in any thread ends
// them all with its status; kill() of the process and a fatal tgkill() to
// one thread end the group; the leader may end first (pthread_exit in main)
// and is reported to wait only after the last thread; execve in a
// non-leader thread ends the others and keeps the pid; fork in a thread
// copies only that thread.  Each case runs in a child process that the
// test waits for.  Usage: threadgroup [path-of-echo] (default /bin/echo;
// the exec case runs it).  Prints "ok/FAIL <check>" lines, the exec'd
// echo's line, and "threadgroup: N passed, M failed".
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/futex.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define TIMEOUT_MS 10000

static const char *echo_path = "/bin/echo";

// Runs fn in a child process and returns its wait status (-1 on timeout).
static int
in_child(void (*fn)(void))
{
  pid_t pid;
  int st;

  fflush(stdout);
  pid = fork();
  if (pid == 0) {
    fn();
    _exit(100);                      // fn should not return
  }
  if (pid < 0 || wait_timeout(pid, &st, TIMEOUT_MS) != pid) {
    kill(pid, SIGKILL);
    waitpid(pid, 0, 0);
    return -1;
  }
  return st;
}

static void *
block_forever(void *arg)
{
  int word = 0;

  for (;;)
    futex(&word, FUTEX_WAIT_PRIVATE, 0, 0);
  return arg;
}

static void *
spin_forever(void *arg)
{
  for (volatile long n = 0;; n++)
    ;
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
    pthread_create(&t, 0, i < 2 ? block_forever : spin_forever, 0);
  pthread_create(&t, 0, exit_42, 0);
  pthread_join(t, 0);
}

// ---- signals ----------------------------------------------------------------

static int ready_fd[2];

static void
wait_for_kill(void)
{
  pthread_t t;

  for (int i = 0; i < 3; i++)
    pthread_create(&t, 0, i ? block_forever : spin_forever, 0);
  write(ready_fd[1], "r", 1);
  pthread_join(t, 0);
}

static pid_t victim_tid;

static void *
victim(void *arg)
{
  __atomic_store_n(&victim_tid, gettid(), __ATOMIC_SEQ_CST);
  futex((int *)&victim_tid, FUTEX_WAKE_PRIVATE, 1, 0);
  return block_forever(arg);
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
  pid_t pid;
  char c;
  int st;

  check_status(in_child(exit_from_thread), W_EXITED(42), "exit(42) in a thread ends the process: status 42");
  check(tkill(gettid(), 0) == 0 && tgkill(getpid(), gettid(), 0) == 0, "tkill/tgkill(self, 0) find the thread");
  check_errno(tgkill(getppid(), gettid(), 0), ESRCH, "tgkill with a tgid that is not the thread's: ESRCH");
  check_errno(tgkill(getpid(), gettid(), -1), EINVAL, "tgkill with a bad signal: EINVAL");
  pipe(ready_fd);
  fflush(stdout);
  pid = fork();
  if (pid == 0)
    wait_for_kill();
  close(ready_fd[1]);
  check(read(ready_fd[0], &c, 1) == 1 && kill(pid, SIGTERM) == 0, "kill(SIGTERM) of a 4-thread process");
  close(ready_fd[0]);
  st = wait_timeout(pid, &st, TIMEOUT_MS) == pid ? st : -1;
  check_status(st, W_SIGNALED(SIGTERM), "the whole group ends with SIGTERM");
  check_status(in_child(tgkill_one_thread), W_SIGNALED(SIGUSR1),
               "tgkill(SIGUSR1) of one thread ends the whole group");
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

static int exec_pipe[2];

static void *
exec_thread(void *arg)
{
  char *argv[] = { "echo", "threadgroup: this line comes from the program a thread exec'd", 0 };

  (void)arg;
  execv(echo_path, argv);
  exit(99);
}

// Two more threads hold exec_pipe's write end; if they outlived the exec,
// the parent would never see end of file on the pipe.
static void
exec_from_thread(void)
{
  pthread_t t;

  pthread_create(&t, 0, block_forever, 0);
  pthread_create(&t, 0, spin_forever, 0);
  pthread_create(&t, 0, exec_thread, 0);
  pthread_join(t, 0);
}

static void
test_exec(void)
{
  pid_t pid;
  char c;
  int st;

  pipe(exec_pipe);
  fflush(stdout);
  pid = fork();
  if (pid == 0)
    exec_from_thread();
  close(exec_pipe[1]);
  st = wait_timeout(pid, &st, TIMEOUT_MS) == pid ? st : -1;
  check_status(st, W_EXITED(0), "execve in a non-leader thread: the program runs under the same pid");
  check(read(exec_pipe[0], &c, 1) == 0, "the other threads are gone (their pipe end is closed)");
  close(exec_pipe[0]);
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
  test_signals();
  test_leader_first();
  test_exec();
  test_fork();
  return test_done();
}
