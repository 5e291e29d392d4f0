// forkbomb: forks until fork fails, as a fork bomb would, and checks that
// the kernel contains it: fork fails cleanly with EAGAIN (task limit) or
// ENOMEM, every child then exits and is reaped, fork works again and no
// memory is lost.  Under Linux (qemu-user, on the host) it stops at 200
// children instead: never run a real fork bomb on the host.
// Prints "ok/FAIL <check>" lines and "forkbomb: N passed, M failed"; with
// -v also the counts, which differ from machine to machine.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define LINUX_CAP 200
#define RVOS_CAP 1000000        // never reached: tasks or memory run out first
#define REAP_TIMEOUT_MS 30000

// Children block on hold until the parent closes its end.
static int hold[2];

// Returns the number of children started; *err is fork's errno (0 when
// the cap ended the loop).
static int
bomb(int cap, int *err)
{
  int n = 0;
  char c;

  *err = 0;
  while (n < cap) {
    pid_t pid = fork();
    if (pid == 0) {
      close(hold[1]);
      while (read(hold[0], &c, 1) > 0)
        ;
      _exit(0);
    }
    if (pid < 0) {
      *err = errno;
      break;
    }
    n++;
  }
  return n;
}

int
main(int argc, char **argv)
{
  int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
  unsigned long before = free_ram();
  int n, err, reaped = 0, killed = 0, st;
  pid_t pid;

  test_start("forkbomb");
  if (pipe(hold) < 0) {
    check(0, "pipe");
    return test_done();
  }
  n = bomb(on_rvos() ? RVOS_CAP : LINUX_CAP, &err);
  check(n > 0, "fork works until the limit");
  check(err == EAGAIN || err == ENOMEM || (err == 0 && !on_rvos()),
        "fork fails with EAGAIN or ENOMEM when tasks or memory run out");
  close(hold[0]);
  close(hold[1]);
  while ((pid = wait_timeout(-1, &st, REAP_TIMEOUT_MS)) > 0) {
    reaped++;
    killed += !WIFEXITED(st);   // e.g. out of memory at a COW fault
  }
  check(pid < 0 && errno == ECHILD && reaped == n, "every child exits and is reaped");
  pid = fork();
  if (pid == 0)
    _exit(3);
  check(pid > 0 && wait_timeout(pid, &st, REAP_TIMEOUT_MS) == pid && st == W_EXITED(3),
        "fork, exit and wait work again afterwards");
  check_no_leak(before, "free RAM back after the bomb");
  if (verbose)
    printf("forkbomb: %d children, fork then failed with %s, %d reaped, %d killed by a signal\n", n,
           err ? strerror(err) : "nothing (cap reached)", reaped, killed);
  return test_done();
}
