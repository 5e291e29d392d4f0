// The check-and-report helpers of the test programs (see testlib.h).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <sys/taskinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

// What a kernel may keep after a test without it being a leak: page tables
// of a region that was unmapped, slab caches that grew.
#define LEAK_SLACK (256 * 4096UL)

static const char *test_name;
static int passed, failed;

void
test_start(const char *name)
{
  test_name = name;
  passed = failed = 0;
}

int
test_done(void)
{
  printf("%s: %d passed, %d failed\n", test_name, passed, failed);
  return failed != 0;
}

int
test_parts(const char *prog, const struct test_part *parts, int n, int argc, char **argv)
{
  if (argc == 1) {
    test_start(prog);
    for (int i = 0; i < n; i++)
      parts[i].run();
    return test_done();
  }
  for (int i = 0; i < n; i++) {
    if (strcmp(argv[1], parts[i].name) == 0) {
      test_start(parts[i].name);
      parts[i].run();
      return test_done();
    }
  }
  fprintf(stderr, "usage: %s [", prog);
  for (int i = 0; i < n; i++)
    fprintf(stderr, "%s%s", i ? "|" : "", parts[i].name);
  fprintf(stderr, "]\n");
  return 2;
}

int
check(int ok, const char *what)
{
  printf("%s %s\n", ok ? "ok" : "FAIL", what);
  if (ok)
    passed++;
  else
    failed++;
  return ok;
}

int
check_errno(long ret, int err, const char *what)
{
  int e = errno;

  if (!check(ret == -1 && e == err, what))
    printf("  returned %ld, errno %d (%s); want -1, errno %d (%s)\n", ret, e, strerror(e),
           err, strerror(err));
  return ret == -1 && e == err;
}

static void
describe(const char *label, int st)
{
  if (WIFEXITED(st))
    printf("  %s: exit %d\n", label, WEXITSTATUS(st));
  else if (WIFSIGNALED(st))
    printf("  %s: signal %d\n", label, WTERMSIG(st));
  else
    printf("  %s: status %#x\n", label, st);
}

int
check_status(int status, int want, const char *what)
{
  int ok;

  if (WIFSIGNALED(want))
    ok = WIFSIGNALED(status) && WTERMSIG(status) == WTERMSIG(want);
  else
    ok = (status == want);
  if (!check(ok, what)) {
    describe("got", status);
    describe("want", want);
  }
  return ok;
}

int
on_rvos(void)
{
  static int known, rvos;
  struct utsname u;

  if (!known) {
    rvos = uname(&u) == 0 && strcmp(u.sysname, "rvos") == 0;
    known = 1;
  }
  return rvos;
}

unsigned long
free_ram(void)
{
  struct sysinfo si;

  if (sysinfo(&si) < 0)
    return 0;
  return si.freeram * (si.mem_unit ? si.mem_unit : 1);
}

int
check_no_leak_slack(unsigned long before, unsigned long slack, const char *what)
{
  unsigned long after;

  if (!on_rvos())
    return check(1, what);
  after = free_ram();
  if (!check(after + slack >= before, what))
    printf("  free RAM %lu KiB before, %lu KiB after\n", before / 1024, after / 1024);
  return after + slack >= before;
}

int
check_no_leak(unsigned long before, const char *what)
{
  return check_no_leak_slack(before, LEAK_SLACK, what);
}

// /proc/<pid>/stat reads "pid (name) S ..."; the name may hold ')'.
static int
linux_state(pid_t pid)
{
  char path[32], buf[256], *p;
  int fd, n;

  snprintf(path, sizeof(path), "/proc/%d/stat", pid);
  if ((fd = open(path, O_RDONLY)) < 0)
    return 0;
  n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0)
    return 0;
  buf[n] = 0;
  p = strrchr(buf, ')');
  return p && p[1] == ' ' ? p[2] : 0;
}

int
proc_state(pid_t pid)
{
  struct taskinfo ti;

  if (!on_rvos())
    return linux_state(pid);
  if (taskinfo(pid, &ti) != pid)
    return 0;
  return ti.state;
}

int
await_state(pid_t pid, const char *states, int ms)
{
  for (;; ms -= 10) {
    int st = proc_state(pid);
    if (st == 0 ? states[0] == 0 : strchr(states, st) != 0)
      return 1;
    if (ms <= 0)
      return 0;
    sleep_ms(10);
  }
}

void
sleep_ms(int ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

  nanosleep(&ts, 0);
}

pid_t
wait_timeout(pid_t pid, int *status, int ms)
{
  return waitpid_timeout(pid, status, 0, ms);
}

pid_t
waitpid_timeout(pid_t pid, int *status, int options, int ms)
{
  pid_t r;

  for (;;) {
    r = waitpid(pid, status, options | WNOHANG);
    if (r != 0 || ms <= 0)
      return r;
    sleep_ms(5);
    ms -= 5;
  }
}
