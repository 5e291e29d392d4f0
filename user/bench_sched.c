// bench_sched: what scheduling costs, timed in the guest with
// clock_gettime(CLOCK_MONOTONIC), printed as a table:
//   - context switch: a pipe ping-pong round trip between two processes
//     pinned to one CPU (two switches and two pipe transfers);
//   - sched_yield round trip between two processes on one CPU, with no
//     other task and with 100 sleeping tasks (it must not grow: sleepers
//     are on no run queue);
//   - speed-up of two CPU-bound processes on two CPUs against one CPU;
//   - wake-up latency through a pipe to a task on a CPU running a hog.
// Numbers taken across CPUs include how the host schedules QEMU's threads.
#include "schedlib.h"

#define ROUNDS 20000

static int last_cpu;

static void
row(const char *what, double value, const char *unit)
{
  printf("%-52s %10.2f %s\n", what, value, unit);
}

// Child echoes every byte back until EOF.
static double
pingpong_us(void)
{
  int a[2], b[2];
  char c = 0;
  pipe(a);
  pipe(b);
  pid_t pid = fork();
  if (pid == 0) {
    close(a[1]);
    close(b[0]);
    set_affinity(0, 1UL << last_cpu);
    while (read(a[0], &c, 1) == 1)
      write(b[1], &c, 1);
    _exit(0);
  }
  close(a[0]);
  close(b[1]);
  set_affinity(0, 1UL << last_cpu);
  write(a[1], &c, 1);            // warm up: the child is on our CPU and running
  read(b[0], &c, 1);
  long t0 = now_ns();
  for (int i = 0; i < ROUNDS; i++) {
    write(a[1], &c, 1);
    read(b[0], &c, 1);
  }
  long t = now_ns() - t0;
  close(a[1]);
  close(b[0]);
  waitpid(pid, 0, 0);
  set_affinity(0, ~0UL);
  return t / 1000.0 / ROUNDS;
}

// Two processes on one CPU yield to each other; the time of one round
// (each yields once).  sleepers: extra tasks asleep meanwhile.
static double
yield_us(int sleepers)
{
  pid_t sl[128], peer;
  int ready[2];
  for (int i = 0; i < sleepers; i++)
    if ((sl[i] = fork()) == 0)
      for (;;)
        sleep(1000);
  pipe(ready);
  set_affinity(0, 1UL << last_cpu);
  if ((peer = fork()) == 0) {
    write(ready[1], "", 1);
    for (;;)
      sched_yield();
  }
  char c;
  read(ready[0], &c, 1);
  for (int i = 0; i < 100; i++)
    sched_yield();
  long t0 = now_ns();
  for (int i = 0; i < ROUNDS; i++)
    sched_yield();
  long t = now_ns() - t0;
  kill_all(&peer, 1);
  kill_all(sl, sleepers);
  close(ready[0]);
  close(ready[1]);
  set_affinity(0, ~0UL);
  return t / 1000.0 / ROUNDS;
}

// Wall time of two processes each doing a fixed amount of work on the CPUs in mask.
static double
work_ms(unsigned long mask)
{
  pid_t p[2];
  long t0 = now_ns();
  for (int i = 0; i < 2; i++) {
    if ((p[i] = fork()) == 0) {
      set_affinity(0, mask);
      for (volatile long x = 0; x < 50000000; x++)
        ;
      _exit(0);
    }
  }
  for (int i = 0; i < 2; i++)
    waitpid(p[i], 0, 0);
  return (now_ns() - t0) / 1e6;
}

// Mean wake-up latency (us) of a task on CPU last_cpu woken from CPU 0,
// with a hog on its CPU.
static double
wakeup_us(int *max_us)
{
  int to[2], back[2];
  pid_t hog = spawn_hog(1UL << last_cpu, 0);
  pipe(to);
  pipe(back);
  pid_t pid = fork();
  if (pid == 0) {
    long t, sum = 0, max = 0, n = 0;
    set_affinity(0, 1UL << last_cpu);
    close(to[1]);
    close(back[0]);
    while (read(to[0], &t, sizeof t) == sizeof t) {
      long d = now_ns() - t;
      sum += d;
      max = d > max ? d : max;
      n++;
    }
    long res[2] = { n ? sum / n : 0, max };
    write(back[1], res, sizeof res);
    _exit(0);
  }
  close(to[0]);
  set_affinity(0, 1);
  struct timespec gap = { 0, 3000000 };
  for (int i = 0; i < 200; i++) {
    nanosleep(&gap, 0);
    long t = now_ns();
    write(to[1], &t, sizeof t);
  }
  close(to[1]);
  long res[2] = { 0, 0 };
  read(back[0], res, sizeof res);
  waitpid(pid, 0, 0);
  kill_all(&hog, 1);
  set_affinity(0, ~0UL);
  *max_us = res[1] / 1000;
  return res[0] / 1000.0;
}

int
main(void)
{
  int ncpu = online_cpus(), max_us;
  last_cpu = ncpu - 1;
  printf("bench_sched: %d CPUs\n", ncpu);
  row("context switch (pipe round trip, one CPU)", pingpong_us(), "us");
  double y0 = yield_us(0), y100 = yield_us(100);
  row("sched_yield round trip, no other tasks", y0, "us");
  row("sched_yield round trip, 100 sleeping tasks", y100, "us");
  row("  ratio 100 sleepers / none (goal: within 1.20)", y100 / y0, "");
  if (ncpu >= 2) {
    double one = work_ms(1), two = work_ms(3);
    row("2 CPU-bound processes on 1 CPU", one, "ms");
    row("2 CPU-bound processes on 2 CPUs", two, "ms");
    row("  speed-up (goal: near 2)", one / two, "");
    double w = wakeup_us(&max_us);
    row("wake-up latency onto a CPU running a hog, mean", w, "us");
    row("wake-up latency onto a CPU running a hog, max", max_us, "us");
  }
  return 0;
}
