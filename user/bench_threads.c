// bench_threads: what threads cost, timed with clock_gettime(CLOCK_MONOTONIC)
// and printed as a table (median and mean of each row's runs, in
// microseconds per operation): pthread_create+pthread_join against
// fork+exit+wait of this same program; mutex lock+unlock uncontended and
// with 2 and 4 threads contending; the futex wake-to-run latency (one
// thread wakes another, which was asleep in FUTEX_WAIT, and that one
// runs); and a uthread (N:1) switch for comparison.  The last line is the
// fork / thread ratio (goal: at least 5).
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/futex.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <uthread.h>

#define MAX_RUNS 500
#define LOCK_BATCH 10000           // lock/unlock pairs per uncontended run
#define CONTENDED_OPS 200000       // per thread, per contended run
#define PINGPONGS 1000             // round trips per latency run
#define SWITCHES 10000             // uthread yields per run

static long samples[MAX_RUNS];

static long
now_ns(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static int
cmp_long(const void *a, const void *b)
{
  long x = *(const long *)a, y = *(const long *)b;

  return x < y ? -1 : x > y;
}

// samples[0..runs) are nanoseconds for ops operations each; prints the row
// and returns the median in microseconds per operation.
static double
row(const char *what, int runs, long ops)
{
  double mean = 0, median;

  for (int i = 0; i < runs; i++)
    mean += samples[i] / 1000.0 / ops / runs;
  qsort(samples, runs, sizeof(long), cmp_long);
  median = samples[runs / 2] / 1000.0 / ops;
  printf("%-44s %5d %12.3f %12.3f\n", what, runs, median, mean);
  return median;
}

// ---- creation ---------------------------------------------------------------

static void *
nothing(void *arg)
{
  return arg;
}

static double
bench_create(void)
{
  pthread_t t;

  for (int i = 0; i < 200; i++) {
    long t0 = now_ns();
    pthread_create(&t, 0, nothing, 0);
    pthread_join(t, 0);
    samples[i] = now_ns() - t0;
  }
  return row("pthread_create + pthread_join", 200, 1);
}

static double
bench_fork(void)
{
  for (int i = 0; i < 200; i++) {
    long t0 = now_ns();
    pid_t pid = fork();
    if (pid == 0)
      _exit(0);
    waitpid(pid, 0, 0);
    samples[i] = now_ns() - t0;
  }
  return row("fork + exit + wait (this program)", 200, 1);
}

// ---- mutexes -----------------------------------------------------------------

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start_line;
static volatile long shared_count;

static void
bench_uncontended(void)
{
  for (int i = 0; i < 50; i++) {
    long t0 = now_ns();
    for (int j = 0; j < LOCK_BATCH; j++) {
      pthread_mutex_lock(&m);
      shared_count++;
      pthread_mutex_unlock(&m);
    }
    samples[i] = now_ns() - t0;
  }
  row("mutex lock+unlock, uncontended", 50, LOCK_BATCH);
}

static void *
contender(void *arg)
{
  pthread_barrier_wait(&start_line);
  for (int j = 0; j < CONTENDED_OPS; j++) {
    pthread_mutex_lock(&m);
    shared_count++;
    pthread_mutex_unlock(&m);
  }
  return arg;
}

// Time per lock+unlock over all threads: n threads do CONTENDED_OPS each.
static void
bench_contended(int n, const char *what)
{
  pthread_t t[4];

  for (int i = 0; i < 5; i++) {
    long t0;
    pthread_barrier_init(&start_line, 0, n + 1);
    for (int k = 0; k < n; k++)
      pthread_create(&t[k], 0, contender, 0);
    t0 = now_ns();
    pthread_barrier_wait(&start_line);
    for (int k = 0; k < n; k++)
      pthread_join(t[k], 0);
    samples[i] = now_ns() - t0;
    pthread_barrier_destroy(&start_line);
  }
  row(what, 5, (long)n * CONTENDED_OPS);
}

// ---- wake-to-run latency ---------------------------------------------------------
// turn says whose move it is (0: main, 1: partner); each sleeps in
// FUTEX_WAIT until it is its turn, so every hand-off is a wake of a
// sleeping thread followed by that thread running.

static int turn;

static void
hand_over(int to)
{
  __atomic_store_n(&turn, to, __ATOMIC_SEQ_CST);
  futex(&turn, FUTEX_WAKE_PRIVATE, 1, 0);
  while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) == to)
    futex(&turn, FUTEX_WAIT_PRIVATE, to, 0);
}

static void *
partner(void *arg)
{
  long rounds = (long)arg;

  while (__atomic_load_n(&turn, __ATOMIC_SEQ_CST) != 1)
    futex(&turn, FUTEX_WAIT_PRIVATE, 0, 0);
  for (long i = 0; i < rounds - 1; i++)
    hand_over(0);
  __atomic_store_n(&turn, 0, __ATOMIC_SEQ_CST);
  futex(&turn, FUTEX_WAKE_PRIVATE, 1, 0);
  return 0;
}

static void
bench_wake(void)
{
  pthread_t t;

  for (int i = 0; i < 20; i++) {
    long t0;
    turn = 0;
    pthread_create(&t, 0, partner, (void *)(long)PINGPONGS);
    t0 = now_ns();
    for (int j = 0; j < PINGPONGS; j++)
      hand_over(1);
    samples[i] = now_ns() - t0;
    pthread_join(t, 0);
  }
  row("futex wake-to-run (one hand-off)", 20, 2L * PINGPONGS);
}

// ---- user-level threads ----------------------------------------------------------

static void
yielder(void *arg)
{
  for (int i = 0; i < SWITCHES / 2; i++)
    uthread_yield();
}

static void
bench_uthread(void)
{
  for (int i = 0; i < 20; i++) {
    long t0 = now_ns();
    int a = uthread_create(yielder, 0), b = uthread_create(yielder, 0);
    uthread_join(a);
    uthread_join(b);
    samples[i] = now_ns() - t0;
  }
  row("uthread switch (N:1, for comparison)", 20, SWITCHES);
}

int
main(void)
{
  double thread_us, fork_us;

  printf("%-44s %5s %12s %12s\n", "operation (microseconds each)", "runs", "median", "mean");
  thread_us = bench_create();
  fork_us = bench_fork();
  bench_uncontended();
  bench_contended(2, "mutex lock+unlock, 2 threads contending");
  bench_contended(4, "mutex lock+unlock, 4 threads contending");
  bench_wake();
  bench_uthread();
  printf("fork+exit+wait / create+join (medians): %.1f (goal: at least 5)\n", fork_us / thread_us);
  return 0;
}
