// vforktest: vfork() = clone(CLONE_VM | CLONE_VFORK | SIGCHLD).  The child
// runs first on the parent's memory and stack; the parent sleeps until the
// child calls execve or _exit (or dies), and finds its own frame intact.
// Prints "ok/FAIL <check>" lines, the line of an exec'd /bin/echo, and
// "vforktest: N passed, M failed".
//
// qemu-user implements vfork as a plain fork, so the checks of sharing and
// ordering run only on this OS; under Linux they print the same ok line.
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define MANY 100

static volatile int shared_var;

// The child writes a global and a local of the parent's frame, then exits
// after a pause that the parent must sleep through.
static void
test_sharing(void)
{
  volatile int local = 1, order_ok;
  int p[2], st = -1;
  char seen[2] = { 0, 0 };
  pid_t parent = getpid(), pid;

  shared_var = 1;
  if (pipe(p) < 0) {
    check(0, "pipe");
    return;
  }
  pid = vfork();
  if (pid == 0) {
    shared_var = 42;
    local = 43;
    sleep_ms(50);
    // The parent writes its byte after vfork returns: 'c' must come first.
    if (write(p[1], "c", 1) != 1)
      _exit(2);
    _exit(getppid() == parent ? 0 : 1);
  }
  if (!check(pid > 0, "vfork returns the child's pid in the parent"))
    return;
  order_ok = write(p[1], "p", 1) == 1 && read(p[0], seen, 2) == 2 && seen[0] == 'c' && seen[1] == 'p';
  check(!on_rvos() || order_ok, "the parent sleeps until the child's _exit");
  check(!on_rvos() || shared_var == 42, "the child's store to a global is the parent's");
  check(!on_rvos() || local == 43, "the child's store to the parent's stack frame is the parent's");
  check(waitpid(pid, &st, 0) == pid, "waitpid reaps the vfork child");
  check_status(st, W_EXITED(0), "the child's getppid() is the parent");
  close(p[0]);
  close(p[1]);
}

// The child's calls use the stack below the parent's frame; the parent's
// locals and return address must survive them.
static int
frame_survives(void)
{
  volatile long canary[4] = { 11, 22, 33, 44 };
  pid_t pid = vfork();
  int st;

  if (pid == 0) {
    sleep_ms(1);
    _exit(5);
  }
  return pid > 0 && waitpid(pid, &st, 0) == pid && st == W_EXITED(5) && canary[0] == 11 &&
         canary[1] == 22 && canary[2] == 33 && canary[3] == 44;
}

static void
test_exec(void)
{
  char *echo[] = { "echo", "hello from the vfork child", 0 };
  char *sleep1[] = { "sleep", "1", 0 };
  pid_t pid;
  int st = -1;

  pid = vfork();
  if (pid == 0) {
    execve("/bin/echo", echo, environ);
    _exit(127);
  }
  if (pid > 0)
    waitpid(pid, &st, 0);
  check_status(st, W_EXITED(0), "vfork+execve runs /bin/echo");

  // The parent goes on as soon as the exec is done, long before the
  // program it started ends.
  pid = vfork();
  if (pid == 0) {
    execve("/bin/sleep", sleep1, environ);
    _exit(127);
  }
  check(pid > 0 && waitpid(pid, &st, WNOHANG) == 0, "execve releases the parent while the new program runs");
  st = -1;
  if (pid > 0)
    waitpid(pid, &st, 0);
  check_status(st, W_EXITED(0), "vfork+execve of /bin/sleep 1 exits 0");
}

// A child killed by a fault releases the parent too.
static void
test_fault(void)
{
  pid_t pid = vfork();
  int st = -1;

  if (pid == 0) {
    *(volatile char *)0 = 1;
    _exit(0);
  }
  if (pid > 0)
    waitpid(pid, &st, 0);
  check_status(st, W_SIGNALED(SIGSEGV), "a vfork child's fault releases the parent (SIGSEGV)");
}

// Returns how many of n vfork+_exit went wrong.
static int
vfork_exits(int n)
{
  int bad = 0, st;

  for (int i = 0; i < n; i++) {
    pid_t pid = vfork();
    if (pid == 0)
      _exit(i & 0x7f);
    if (pid < 0 || waitpid(pid, &st, 0) != pid || st != W_EXITED(i & 0x7f))
      bad++;
  }
  return bad;
}

// After a warm-up round the kernel's caches are grown: no page may go.
static void
test_many(void)
{
  unsigned long before;
  int bad = vfork_exits(MANY / 10);

  before = free_ram();
  bad += vfork_exits(MANY);
  check(bad == 0, "100 vfork+_exit in a row");
  check_no_leak_slack(before, LEAK_SLACK_WARM, "free RAM back after 100 vforks");
}

int
main(void)
{
  test_start("vforktest");
  test_sharing();
  check(frame_survives(), "the parent's stack frame survives the child");
  test_exec();
  test_fault();
  test_many();
  return test_done();
}
