// killtest: kill(pid, SIGKILL) and kill(pid, SIGTERM) (default action:
// terminate) end a child wherever it is: asleep in read() on a pipe, in
// nanosleep(), in wait4(), in vfork() waiting for its own child, or
// running in user mode; wait4 reports the signal.  kill of no such
// process fails with ESRCH.
// Prints "ok/FAIL <check>" lines and "killtest: N passed, M failed".
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define TIMEOUT_MS 5000

// Each sleeper blocks until fd (a pipe's read end) reaches end of file,
// which only happens after the parent has killed it and closed the pipe.
static void
in_read(int fd)
{
  char c;

  while (read(fd, &c, 1) > 0)
    ;
}

static void
in_nanosleep(int fd)
{
  sleep(20);
}

static void
in_wait4(int fd)
{
  pid_t pid = fork();

  if (pid == 0) {
    in_read(fd);
    _exit(0);
  }
  waitpid(pid, 0, 0);
}

// qemu-user's vfork is a fork, so there the parent goes on to in_read().
static void
in_vfork(int fd)
{
  pid_t pid = vfork();

  if (pid == 0) {
    in_read(fd);
    _exit(0);
  }
  in_read(fd);
}

static void
in_user_mode(int fd)
{
  for (volatile int spin = 0;; spin++)
    ;
}

struct sleeper {
  const char *where;
  void (*wait)(int fd);
  const char *states;   // what proc_state shows meanwhile
};

static const struct sleeper sleepers[] = {
  { "asleep in read() on a pipe", in_read, "S" },
  { "asleep in nanosleep()", in_nanosleep, "S" },
  { "asleep in wait4()", in_wait4, "S" },
  { "waiting in vfork() for its own child", in_vfork, "SD" },   // Linux: killable, D
  { "running in user mode", in_user_mode, "R" },
};

static void
kill_sleeper(const struct sleeper *s, int sig, const char *signame)
{
  int block[2], ready[2], st = -1, asleep = 0, sent = 0;
  char what[96], c;
  pid_t pid;

  if (pipe(block) < 0 || pipe(ready) < 0 || (pid = fork()) < 0) {
    check(0, "fork");
    return;
  }
  if (pid == 0) {
    close(block[1]);
    if (write(ready[1], "r", 1) == 1)
      s->wait(block[0]);
    _exit(0);
  }
  close(ready[1]);
  if (read(ready[0], &c, 1) == 1) {
    asleep = await_state(pid, s->states, TIMEOUT_MS);
    sent = kill(pid, sig) == 0;
  }
  if (wait_timeout(pid, &st, TIMEOUT_MS) != pid)
    st = -1;
  close(block[1]);      // now the grandchild of in_wait4 and in_vfork can go
  close(block[0]);
  close(ready[0]);
  snprintf(what, sizeof(what), "child %s before the %s", s->where, signame);
  check(asleep, what);
  snprintf(what, sizeof(what), "%s sent to a child %s", signame, s->where);
  check(sent, what);
  snprintf(what, sizeof(what), "%s ends a child %s", signame, s->where);
  check_status(st, W_SIGNALED(sig), what);
}

static void
test_errors(void)
{
  pid_t pid = fork();
  int st = -1;

  if (pid == 0)
    _exit(8);
  check(pid > 0 && await_state(pid, "Z", TIMEOUT_MS), "child has exited");
  check(kill(pid, 0) == 0, "kill(zombie, 0) succeeds");
  check(kill(pid, SIGKILL) == 0, "kill(zombie, SIGKILL) succeeds");
  check(waitpid(pid, &st, 0) == pid && st == W_EXITED(8), "the zombie keeps its exit status");
  check_errno(kill(pid, SIGTERM), ESRCH, "kill of a reaped child: ESRCH");
  check_errno(kill(0x3ffffff0, SIGKILL), ESRCH, "kill of a pid never used: ESRCH");
  check_errno(kill(getpid(), 65), EINVAL, "kill with signal 65: EINVAL");
  check(kill(getpid(), 0) == 0, "kill(self, 0) succeeds");
}

int
main(void)
{
  test_start("killtest");
  for (int i = 0; i < (int)(sizeof(sleepers) / sizeof(sleepers[0])); i++) {
    kill_sleeper(&sleepers[i], SIGKILL, "SIGKILL");
    kill_sleeper(&sleepers[i], SIGTERM, "SIGTERM");
  }
  test_errors();
  return test_done();
}
