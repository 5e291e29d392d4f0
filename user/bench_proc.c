// bench_proc: what process operations cost, timed in the guest with
// clock_gettime(CLOCK_MONOTONIC) and printed as a table of mean times:
// fork+exit+wait of a small process and of ones with 1, 16 and 64 MiB of
// touched heap; fork+exec+wait against vfork+exec+wait; sbrk(64 MiB) plus
// one touch; one heap page fault; one copy-on-write fault.  Each row gives the median and the
// mean of its runs.
//   bench_proc        the table
//   bench_proc -x     exit at once (the program the exec rows run)
// With copy-on-write, fork costs grow with the page table, not with the
// memory: the last line gives the 64 MiB / 1 MiB ratio (goal: under 3).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <testlib.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define MIB (1L << 20)
#define COW_PAGES 256
#define HEAP_PAGES 1024
#define MAX_RUNS 200

static char *self_argv[] = { "bench_proc", "-x", 0 };
static char *true_argv[] = { "true", 0 };

static long
now_ns(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

// One timed sample per run, in nanoseconds.  The median is the figure to
// read: a busy host stalls a few runs by milliseconds, which the mean
// shows and the median does not.
struct result {
  int runs;
  double median_us, mean_us;
};

static int
cmp_long(const void *a, const void *b)
{
  long x = *(const long *)a, y = *(const long *)b;

  return x < y ? -1 : x > y;
}

static struct result
summarize(long *ns, int runs)
{
  struct result r = { runs, 0, 0 };

  for (int i = 0; i < runs; i++)
    r.mean_us += ns[i] / 1000.0 / runs;
  qsort(ns, runs, sizeof(long), cmp_long);
  r.median_us = ns[runs / 2] / 1000.0;
  return r;
}

// Runs op runs times (at most MAX_RUNS).
static struct result
measure(void (*op)(void), int runs)
{
  long ns[MAX_RUNS];

  for (int i = 0; i < runs; i++) {
    long t0 = now_ns();
    op();
    ns[i] = now_ns() - t0;
  }
  return summarize(ns, runs);
}

static struct result
row(const char *what, struct result r)
{
  printf("%-40s %6d %12.1f %12.1f\n", what, r.runs, r.median_us, r.mean_us);
  return r;
}

static void
fork_exit_wait(void)
{
  pid_t pid = fork();

  if (pid == 0)
    _exit(0);
  waitpid(pid, 0, 0);
}

// The same with size bytes of heap touched (one store per page) first.
static struct result
fork_with_heap(long size, int runs)
{
  char *p = sbrk(size);
  struct result r;

  for (long off = 0; off < size; off += PAGE)
    p[off] = 1;
  r = measure(fork_exit_wait, runs);
  sbrk(-size);
  return r;
}

// Under qemu-user an execve'd riscv64 program would run on the host CPU,
// which cannot; the host's /bin/true stands in for it there.
static void
exec_target(void)
{
  if (on_rvos())
    execve("/bin/bench_proc", self_argv, environ);
  else
    execve("/bin/true", true_argv, environ);
  _exit(127);
}

static void
fork_exec_wait(void)
{
  pid_t pid = fork();

  if (pid == 0)
    exec_target();
  waitpid(pid, 0, 0);
}

static void
vfork_exec_wait(void)
{
  pid_t pid = vfork();

  if (pid == 0)
    exec_target();
  waitpid(pid, 0, 0);
}

static void
sbrk_touch(void)
{
  char *p = sbrk(64 * MIB);

  p[32 * MIB] = 1;
  sbrk(-64 * MIB);
}

// Times the first store to each of HEAP_PAGES fresh heap pages: each is a
// fault that maps a zeroed page, so zeroing speed shows here.  One sample
// per round is the mean over its pages.
static struct result
heap_fault(int rounds)
{
  long ns[MAX_RUNS];

  for (int r = 0; r < rounds; r++) {
    char *p = sbrk(HEAP_PAGES * PAGE);
    long t0 = now_ns();
    for (int i = 0; i < HEAP_PAGES; i++)
      p[i * PAGE] = 1;
    ns[r] = (now_ns() - t0) / HEAP_PAGES;
    sbrk(-HEAP_PAGES * PAGE);
  }
  return summarize(ns, rounds);
}

// Times the parent's first store to each of COW_PAGES pages it shares
// with a sleeping child; one sample per round is the mean over its pages.
static struct result
cow_fault(int rounds)
{
  char *p = sbrk(COW_PAGES * PAGE), c;
  long ns[MAX_RUNS];
  int go[2];

  for (int r = 0; r < rounds; r++) {
    memset(p, r, COW_PAGES * PAGE);
    if (pipe(go) < 0)
      break;
    pid_t pid = fork();
    if (pid == 0) {
      close(go[1]);
      _exit(read(go[0], &c, 1));
    }
    long t0 = now_ns();
    for (int i = 0; i < COW_PAGES; i++)
      p[i * PAGE] = 2;
    ns[r] = (now_ns() - t0) / COW_PAGES;
    close(go[0]);
    close(go[1]);
    waitpid(pid, 0, 0);
  }
  sbrk(-COW_PAGES * PAGE);
  return summarize(ns, rounds);
}

int
main(int argc, char **argv)
{
  struct result one, big;

  if (argc > 1 && strcmp(argv[1], "-x") == 0)
    return 0;
  printf("%-40s %6s %12s %12s\n", "operation (microseconds)", "runs", "median", "mean");
  row("fork+exit+wait, small process", measure(fork_exit_wait, 200));
  one = row("fork+exit+wait, 1 MiB heap touched", fork_with_heap(MIB, 200));
  row("fork+exit+wait, 16 MiB heap touched", fork_with_heap(16 * MIB, 50));
  big = row("fork+exit+wait, 64 MiB heap touched", fork_with_heap(64 * MIB, 20));
  row("fork+exec+wait", measure(fork_exec_wait, 50));
  row("vfork+exec+wait", measure(vfork_exec_wait, 50));
  row("sbrk(64 MiB), one touch, sbrk(-64 MiB)", measure(sbrk_touch, 50));
  row("heap page fault (first store to a page)", heap_fault(16));
  row("copy-on-write fault (one store)", cow_fault(16));
  printf("fork cost 64 MiB / 1 MiB (medians): %.2f (goal: under 3)\n", big.median_us / one.median_us);
  return 0;
}
