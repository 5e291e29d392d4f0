// tracetest [call|inherit|others|count]: the trace() system call (os/trace.h) and
// the per-task system-call count in /proc/<pid>/status.
//   call     trace() is dispatched (not ENOSYS) and checks its arguments
//   inherit  getppid traced in this process, a forked child and a thread,
//            then turned off; prints "pids P C T" so that the grader can
//            match the console's trace lines (P parent, C child, T thread)
//   others   a child traces getppid, its parent and a sibling do not;
//            prints "pids P C S" (S the sibling)
//   count    "Syscalls:" counts exactly the calls made between two reads,
//            and a forked child starts from zero
// Prints "ok/FAIL <check>" lines and "<part>: N passed, M failed".
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/trace.h>
#include <sys/wait.h>
#include <testlib.h>
#include <unistd.h>

#define NR_getppid 173
#define TIMEOUT_MS 5000

static uint64_t mask[TRACE_NR / 64];

static void
call(void)
{
  check(syscall(SYS_trace, 0L, 0L) == 0, "the trace system call exists");
  check(trace(mask, sizeof mask) == 0, "trace with an empty mask of TRACE_NR bits");
  check(trace(mask, 8) == 0, "trace with a shorter mask");
  check(trace(NULL, 0) == 0, "trace(NULL, 0) turns tracing off");
  check_errno(trace(mask, sizeof mask + 1), EINVAL, "a mask longer than TRACE_NR bits: EINVAL");
  check_errno(trace((void *)8, 8), EFAULT, "an unmapped mask: EFAULT");
  check_errno(trace(NULL, 8), EFAULT, "a NULL mask of 8 bytes: EFAULT");
}

static pid_t thread_tid;

static void *
thread_main(void *arg)
{
  thread_tid = gettid();
  getppid();
  return arg;
}

static void
inherit(void)
{
  pthread_t t;
  int status;

  mask[NR_getppid / 64] |= 1UL << (NR_getppid % 64);
  if (!check(trace(mask, sizeof mask) == 0, "trace getppid"))
    return;
  getppid();                                   // traced: this process
  pid_t child = fork();
  if (child == 0) {
    getppid();                                 // traced: inherited over fork
    _exit(0);
  }
  check(child > 0 && wait_timeout(child, &status, TIMEOUT_MS) == child, "fork and wait for the child");
  check(pthread_create(&t, NULL, thread_main, NULL) == 0 && pthread_join(t, NULL) == 0,
        "a thread calls getppid");             // traced: inherited over clone
  check(trace(NULL, 0) == 0, "tracing off");
  getppid();                                   // not traced any more
  printf("pids %d %d %d\n", getpid(), child, thread_tid);
}

// A traced child does not make its parent or a sibling traced.
static void
others(void)
{
  int ready[2], go[2], status;
  char c = 0;

  mask[NR_getppid / 64] |= 1UL << (NR_getppid % 64);
  if (!check(pipe(ready) == 0 && pipe(go) == 0, "pipes"))
    return;
  pid_t child = fork();
  if (child == 0) {
    trace(mask, sizeof mask);
    write(ready[1], &c, 1);
    read(go[0], &c, 1);
    getppid();                                 // traced: this one only
    _exit(0);
  }
  check(child > 0 && read(ready[0], &c, 1) == 1, "a child turns tracing on");
  getppid();                                   // the parent: not traced
  pid_t sibling = fork();
  if (sibling == 0) {
    getppid();                                 // a sibling: not traced
    _exit(0);
  }
  check(sibling > 0 && wait_timeout(sibling, &status, TIMEOUT_MS) == sibling, "a sibling calls getppid");
  write(go[1], &c, 1);
  check(wait_timeout(child, &status, TIMEOUT_MS) == child, "the traced child calls getppid");
  printf("pids %d %d %d\n", getpid(), child, sibling);
}

// This process's system calls so far, from /proc/self/status: exactly one
// openat and one read are counted before the text is made (and one close
// after).
static long
syscalls_now(void)
{
  static char buf[4096];
  int fd = open("/proc/self/status", O_RDONLY);
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0)
    return -1;
  buf[n] = 0;
  char *p = strstr(buf, "Syscalls:");
  return p ? atol(p + strlen("Syscalls:")) : -1;
}

static void
count(void)
{
  int status;
  long before = syscalls_now();
  for (int i = 0; i < 100; i++)
    getppid();
  long after = syscalls_now();

  if (!check(before > 0, "/proc/self/status has a Syscalls: line"))
    return;
  // close, 100 getppid, openat, read (and no printing in between)
  if (!check(after - before == 103, "100 getppid calls count as 100"))
    printf("    Syscalls: %ld before, %ld after (expected %ld)\n", before, after, before + 103);
  pid_t child = fork();
  if (child == 0)
    _exit(syscalls_now() < 10 ? 0 : 1);        // a new task counts from zero
  check(child > 0 && wait_timeout(child, &status, TIMEOUT_MS) == child && status == W_EXITED(0),
        "a forked child starts counting from zero");
}

int
main(int argc, char **argv)
{
  static const struct test_part parts[] = {
    { "call", call }, { "inherit", inherit }, { "others", others }, { "count", count },
  };
  return test_parts("tracetest", parts, sizeof(parts) / sizeof(parts[0]), argc, argv);
}
