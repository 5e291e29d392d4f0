// waittest: wait4/waitpid.  pid > 0 waits for that child, -1 for any;
// WNOHANG returns 0 while children run; ECHILD when there is nothing to
// wait for; the status is Linux's encoding of an exit code or a signal; an
// exited child stays a zombie until reaped; an orphan goes to init
// (pid 1), which reaps it.
// Prints "ok/FAIL <check>" lines and "waittest: N passed, M failed".
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define TIMEOUT_MS 5000

// A child that exits with code after ms milliseconds.
static pid_t
child_exiting(int code, int ms)
{
  pid_t pid = fork();

  if (pid == 0) {
    sleep_ms(ms);
    _exit(code);
  }
  return pid;
}

static void
test_by_pid(void)
{
  pid_t first, second, pid;
  int st = -1, st2 = -1;

  first = child_exiting(42, 0);
  pid = waitpid(first, &st, 0);
  check(first > 0 && pid == first, "waitpid(pid) returns that child");
  check_status(st, W_EXITED(42), "waitpid(pid) gives its exit code");

  first = child_exiting(1, 0);
  second = child_exiting(2, 100);
  check(waitpid(second, &st, 0) == second && st == W_EXITED(2),
        "waitpid(pid) waits for that child, not the first to exit");
  check(waitpid(-1, &st2, 0) == first && st2 == W_EXITED(1), "waitpid(-1) then reaps the other one");
}

static void
test_any(void)
{
  pid_t a = child_exiting(3, 20), b = child_exiting(4, 0), p1, p2;
  int s1 = -1, s2 = -1;

  p1 = wait(&s1);
  p2 = wait(&s2);
  check((p1 == a && p2 == b) || (p1 == b && p2 == a), "wait() reaps each child once");
  check((p1 == a ? s1 : s2) == W_EXITED(3) && (p1 == b ? s1 : s2) == W_EXITED(4),
        "wait() gives each child's own status");
}

static void
test_wnohang(void)
{
  int p[2], st = -1;
  pid_t pid;
  char c;

  if (pipe(p) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0) {
    close(p[1]);
    _exit(read(p[0], &c, 1) == 0 ? 6 : 7);   // runs until the parent closes
  }
  close(p[0]);
  check(waitpid(pid, &st, WNOHANG) == 0, "waitpid(pid, WNOHANG) returns 0 while the child runs");
  check(waitpid(-1, &st, WNOHANG) == 0, "waitpid(-1, WNOHANG) returns 0 while the child runs");
  close(p[1]);
  check(wait_timeout(pid, &st, TIMEOUT_MS) == pid && st == W_EXITED(6),
        "WNOHANG finds the child once it has exited");
}

static int
child_status(void (*body)(void))
{
  pid_t pid = fork();
  int st = -1;

  if (pid == 0) {
    body();
    _exit(99);
  }
  if (pid < 0 || waitpid(pid, &st, 0) != pid)
    return -1;
  return st;
}

static void exit0(void) { _exit(0); }
static void exit255(void) { _exit(255); }
static void exit256(void) { _exit(256); }
static void exit_minus1(void) { _exit(-1); }
static void exit_lib(void) { exit(3); }
static void exit_big(void) { exit(0x1234); }
static void by_sigkill(void) { kill(getpid(), SIGKILL); }
static void by_sigterm(void) { raise(SIGTERM); }

static void
test_encoding(void)
{
  int st;

  check_status(child_status(exit0), W_EXITED(0), "_exit(0): status 0");
  check_status(child_status(exit255), W_EXITED(255), "_exit(255): WEXITSTATUS 255");
  check_status(child_status(exit256), W_EXITED(0), "_exit(256): only the low 8 bits, 0");
  check_status(child_status(exit_minus1), W_EXITED(255), "_exit(-1): WEXITSTATUS 255");
  check_status(child_status(exit_lib), W_EXITED(3), "exit(3): WEXITSTATUS 3");
  check_status(child_status(exit_big), W_EXITED(0x34), "exit(0x1234): WEXITSTATUS 0x34");
  st = child_status(by_sigkill);
  check(st == SIGKILL && WIFSIGNALED(st) && !WIFEXITED(st), "killed by SIGKILL: status 9, WIFSIGNALED");
  st = child_status(by_sigterm);
  check(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM && !WIFEXITED(st),
        "killed by SIGTERM: WIFSIGNALED, WTERMSIG 15");
}

static void
test_zombie(void)
{
  pid_t pid = child_exiting(9, 0);
  int st = -1;

  check(pid > 0 && await_state(pid, "Z", TIMEOUT_MS), "an exited child is a zombie (state Z) until reaped");
  sleep_ms(50);
  check(proc_state(pid) == 'Z', "the zombie stays while nobody waits");
  check(waitpid(pid, &st, 0) == pid && st == W_EXITED(9), "the zombie keeps its exit status");
  check(proc_state(pid) == 0, "a reaped zombie is gone");
  check_errno(waitpid(pid, &st, 0), ECHILD, "waitpid of a reaped child: ECHILD");
}

// What the orphaned grandchild reports through the pipe.
struct orphan_report {
  pid_t pid;
  int reparented;
};

// The grandchild waits for its parent to die, then looks at getppid():
// init on this OS (Linux may hand orphans to a subreaper instead).
static void
orphan(pid_t parent, int out)
{
  struct orphan_report r = { getpid(), 0 };

  for (int ms = 0; ms < TIMEOUT_MS && getppid() == parent; ms += 5)
    sleep_ms(5);
  r.reparented = getppid() != parent && (!on_rvos() || getppid() == 1);
  if (write(out, &r, sizeof(r)) != sizeof(r))
    _exit(1);
  _exit(0);
}

static void
test_orphan(void)
{
  struct orphan_report r = { 0, 0 };
  pid_t pid;
  int p[2], st = -1;

  if (pipe(p) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0) {
    pid_t me = getpid();
    if (fork() == 0)
      orphan(me, p[1]);
    _exit(0);
  }
  close(p[1]);
  waitpid(pid, &st, 0);
  check(read(p[0], &r, sizeof(r)) == sizeof(r) && r.reparented,
        "an orphan goes to init (getppid() == 1) when its parent exits");
  close(p[0]);
  // Who reaps orphans on Linux depends on the host; here it is init.
  check(!on_rvos() || (r.pid > 0 && await_state(r.pid, "", TIMEOUT_MS)), "init reaps the orphan");
}

static void
test_echild(void)
{
  int st;

  check_errno(waitpid(-1, &st, 0), ECHILD, "waitpid(-1) with no children: ECHILD");
  check_errno(waitpid(-1, &st, WNOHANG), ECHILD, "waitpid(-1, WNOHANG) with no children: ECHILD");
  check_errno(waitpid(1, &st, 0), ECHILD, "waitpid(1), not a child: ECHILD");
}

int
main(void)
{
  test_start("waittest");
  test_by_pid();
  test_any();
  test_wnohang();
  test_encoding();
  test_zombie();
  test_orphan();
  test_echild();
  return test_done();
}
