// schedtest: checks of the fair scheduler, read back through /proc.
//   schedtest nice [secs]     nice 0 and nice 5 hogs on one CPU share it 1024:335
//   schedtest spread [n]      n hogs started on one CPU, then let go: each gets a hart
//   schedtest fork [n]        n hogs forked at once: each gets a hart
//   schedtest affinity        a pinned task never runs elsewhere; re-pinning moves it
//   schedtest wakeup          a task woken through a pipe runs before the hog on its CPU
//   schedtest timeline        the waiting tasks of a CPU are in vruntime order
//   schedtest sleeper         a task that slept gets no credit for its sleep
//   schedtest wakeidle        a task woken on a busy CPU moves to an idle one
//   schedtest balance [n]     n hogs forked at once: every CPU runs its share
//   schedtest starve [n]      n hogs all make progress
//   schedtest yield           sched_yield lets the peer on the CPU run first
//   schedtest prio            nice/setpriority/getpriority and the priority rule
//   schedtest times           times() and wait4's rusage report the CPU a child used
//   schedtest idle            idle CPUs account idle time
//   schedtest procfs          /proc/<pid>/{stat,status,sched} agree with what was set
// Each prints its numbers, "ok"/"FAIL" lines and "<name>: N passed, M failed".
// Only for this OS: it reads this kernel's /proc (and Linux would let root
// lower a nice value).
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <testlib.h>
#include "schedlib.h"

#define MAX_HOGS 64

static char line[256];

// CPU each hog used over about secs (ns), after a warm-up of warm_ms, and
// (if waited) how long each waited for a CPU meanwhile.
static void
measure(pid_t *pids, int n, long *used, long *waited, int warm_ms, int secs)
{
  long start[MAX_HOGS], wait0[MAX_HOGS];
  sleep_ms(warm_ms);
  for (int i = 0; i < n; i++) {
    start[i] = sched_ns(pids[i], "se.sum_exec_runtime");
    wait0[i] = waited ? sched_ns(pids[i], "se.wait_sum") : 0;
  }
  sleep_ms(secs * 1000);
  for (int i = 0; i < n; i++) {
    used[i] = sched_ns(pids[i], "se.sum_exec_runtime") - start[i];
    if (waited)
      waited[i] = sched_ns(pids[i], "se.wait_sum") - wait0[i];
  }
}

static void
test_nice(int secs)
{
  int cpu = online_cpus() - 1;
  pid_t pids[2] = { spawn_hog(1UL << cpu, 0), spawn_hog(1UL << cpu, 5) };
  long used[2];
  measure(pids, 2, used, 0, 500, secs);
  kill_all(pids, 2);
  long ratio100 = used[1] > 0 ? used[0] * 100 / used[1] : 0;
  printf("nice 0: %ld ms, nice 5: %ld ms, ratio %ld.%02ld (1024:335 = 3.06)\n", used[0] / 1000000,
         used[1] / 1000000, ratio100 / 100, ratio100 % 100);
  check(ratio100 >= 260 && ratio100 <= 352, "nice 0 : nice 5 CPU within 15% of 1024:335");
}

// Each hog had a hart of its own: it waited for a CPU less than a fifth of
// the time it ran (CPU time alone would not tell: the time the host did not
// run a hart's QEMU thread is nobody's), and they ran on n different CPUs.
static void
check_harts(pid_t *pids, int n, const char *how)
{
  long used[MAX_HOGS], waited[MAX_HOGS], worst = 0;
  unsigned long cpus = 0;
  measure(pids, n, used, waited, 1000, 2);
  for (int i = 0; i < n; i++) {
    long cpu = sched_num(pids[i], "cpu", 10), pct = used[i] > 0 ? waited[i] * 100 / used[i] : 100;
    printf("hog %d: ran %ld ms, waited %ld ms, on cpu %ld\n", i, used[i] / 1000000, waited[i] / 1000000, cpu);
    cpus |= 1UL << cpu;
    worst = pct > worst ? pct : worst;
  }
  kill_all(pids, n);
  snprintf(line, sizeof line, "%s: each of %d hogs waits for a CPU less than 20%% of the time it runs", how, n);
  check(worst < 20, line);
  snprintf(line, sizeof line, "%s: the %d hogs run on %d different CPUs", how, n, n);
  check(__builtin_popcountl(cpus) == n, line);
}

static void
test_spread(int n)
{
  pid_t pids[MAX_HOGS];
  for (int i = 0; i < n; i++)
    pids[i] = spawn_hog(1, 0);
  sleep_ms(300);
  for (int i = 0; i < n; i++)
    set_affinity(pids[i], ~0UL);
  check_harts(pids, n, "spread");
}

static void
test_fork(int n)
{
  pid_t pids[MAX_HOGS];
  for (int i = 0; i < n; i++)
    pids[i] = spawn_hog(0, 0);
  check_harts(pids, n, "fork");
}

static void
test_affinity(void)
{
  int last = online_cpus() - 1;
  pid_t pid = spawn_hog(1UL << last, 0);
  sleep_ms(1000);
  long ran = sched_num(pid, "cpus_ran", 16);
  printf("pinned to cpu %d: ran on mask %lx, now on cpu %ld\n", last, ran, sched_num(pid, "cpu", 10));
  check(ran == 1L << last, "a task pinned at start never ran on another CPU");
  cpu_set_t set;
  check(sched_getaffinity(pid, sizeof set, &set) == 0 && CPU_COUNT(&set) == 1 && CPU_ISSET(last, &set),
        "sched_getaffinity reports the pinned CPU");
  check(set_affinity(pid, 1) == 0, "re-pin a running task to CPU 0");
  sleep_ms(500);
  ran = sched_num(pid, "cpus_ran", 16);
  printf("re-pinned to cpu 0: ran on mask %lx since, now on cpu %ld\n", ran, sched_num(pid, "cpu", 10));
  check(ran == 1 && sched_num(pid, "cpu", 10) == 0, "after re-pinning it runs only on CPU 0");
  check(sched_num(pid, "se.nr_migrations", 10) >= (last > 0), "the move is counted as a migration");
  kill_all(&pid, 1);
  errno = 0;
  check(set_affinity(0, 1UL << 63) == -1 && errno == EINVAL, "an affinity with no online CPU: EINVAL");
}

// Wakeup preemption, checked by order: a hog on CPU k counts in shared
// memory; we, on CPU k too, wake from a short sleep, read the count and
// wake a sleeper on CPU k through a pipe, then block.  All three share one
// CPU, so the count moves before the sleeper reads it only if the hog ran
// first.  A fair scheduler runs the sleeper first (its vruntime is behind
// the hog's); round robin puts it behind the hog.
#define ROUNDS 100
static void
test_wakeup(void)
{
  int k = online_cpus() - 1, to[2], back[2], first = 0, got = 0;
  unsigned long before = free_ram();
  volatile long *count = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  pipe(to);
  pipe(back);
  set_affinity(0, 1UL << k);
  pid_t pids[2];
  if ((pids[0] = fork()) == 0)
    for (;;)
      (*count)++;
  if ((pids[1] = fork()) == 0) {
    long c0;
    while (read(to[0], &c0, sizeof c0) == sizeof c0) {
      long moved = *count != c0;
      write(back[1], &moved, sizeof moved);
    }
    _exit(0);
  }
  for (int i = 0; i < ROUNDS; i++) {
    long c0, moved;
    sleep_ms(2);
    c0 = *count;
    write(to[1], &c0, sizeof c0);
    if (read(back[0], &moved, sizeof moved) != sizeof moved)
      break;
    got++;
    first += !moved;
  }
  kill_all(pids, 2);
  set_affinity(0, ~0UL);
  close(to[0]);
  close(to[1]);
  close(back[0]);
  close(back[1]);
  munmap((void *)count, 4096);
  printf("wakeup: the sleeper ran before the hog %d times of %d\n", first, got);
  check(got == ROUNDS, "every wakeup of the sleeper happened");
  check(first >= ROUNDS * 9 / 10, "a woken task runs before the hog on its CPU (90% of the wakeups)");
  check_no_leak(before, "no memory lost");
}

// Waiting vruntimes of CPU k in timeline order (leftmost first) from
// /proc/timeline, into v; how many there are, -1 if the line is missing.
static int
timeline_of(int k, unsigned long *v, int max)
{
  char buf[4096], key[24];
  int n = 0;
  snprintf(key, sizeof key, "cpu%d curr ", k);
  if (read_proc(-1, "/proc/timeline", buf, sizeof buf) < 0)
    return -1;
  char *p = strstr(buf, key), *q = p ? strstr(p, " timeline") : 0;
  if (!q)
    return -1;
  for (q += 9; *q == ' ' && n < max; n++) {
    strtol(q + 1, &q, 10);             // the tid, then ':'
    v[n] = strtoul(q + 1, &q, 10);
  }
  return n;
}

// The timeline's order: the tasks waiting for CPU k, leftmost first, have
// non-decreasing vruntimes.  Three hogs of different weights share the CPU
// with a fourth that slept half a second first, so its vruntime was far
// behind theirs when it woke.
static void
test_timeline(void)
{
  int k = online_cpus() - 1, samples = 0, full = 0, unordered = 0;
  pid_t pids[4];
  for (int i = 0; i < 3; i++)
    pids[i] = spawn_hog(1UL << k, 2 * i);
  if ((pids[3] = fork()) == 0) {
    set_affinity(0, 1UL << k);
    sleep_ms(500);
    burn();
  }
  sleep_ms(800);
  for (int i = 0; i < 50; i++, sleep_ms(10)) {
    unsigned long v[MAX_HOGS];
    int n = timeline_of(k, v, MAX_HOGS), bad = 0;
    if (n < 0)
      break;
    for (int j = 1; j < n; j++)
      bad |= (long)(v[j] - v[j - 1]) < 0;
    samples++;
    full += n >= 3;
    unordered += bad;
  }
  kill_all(pids, 4);
  printf("timeline of cpu %d: %d samples, %d with 3 or more waiting, %d out of order\n", k, samples, full,
         unordered);
  check(samples == 50, "/proc/timeline has a line for the CPU");
  check(full >= 25, "the hogs wait in the timeline");
  check(unordered == 0, "the timeline is in vruntime order, smallest first");
}

// Placement of a waking task: a task that slept while a hog ran on its CPU
// comes back with little credit (vruntime near the queue's minimum), not with
// all the time it slept: the hog keeps a fair part of the CPU meanwhile.
static void
test_sleeper(void)
{
  int k = online_cpus() - 1;
  pid_t pids[2];
  pids[0] = spawn_hog(1UL << k, 0);
  if ((pids[1] = fork()) == 0) {
    set_affinity(0, 1UL << k);
    sleep_ms(1000);
    burn();
  }
  long used[2];
  measure(pids, 2, used, 0, 1200, 1);
  kill_all(pids, 2);
  long total = used[0] + used[1];
  printf("after the sleeper woke: hog %ld ms, sleeper %ld ms\n", used[0] / 1000000, used[1] / 1000000);
  check(total > 0 && used[1] * 4 >= total, "the woken sleeper gets its share of the CPU");
  check(total > 0 && used[0] * 4 >= total, "the hog keeps its share: the sleeper's sleep is no credit");
}

// Wakeup placement across CPUs: a sleeper that last ran on CPU k, where a
// hog runs, wakes on an idle CPU instead of waiting behind the hog.  Before
// each wakeup it goes back to CPU k (pinned there a moment, then allowed
// everywhere again).  We, the waker, are on CPU 0; with 3 CPUs or more one
// is idle.
static void
test_wakeidle(void)
{
  int n = online_cpus(), k = n - 1, to[2], back[2], away = 0, got = 0;
  if (n < 3) {
    printf("wakeidle: needs 3 CPUs, have %d\n", n);
    return;
  }
  unsigned long before = free_ram();
  pipe(to);
  pipe(back);
  set_affinity(0, 1);
  pid_t pids[2];
  pids[0] = spawn_hog(1UL << k, 0);
  if ((pids[1] = fork()) == 0) {
    long cpu = -1;
    for (;;) {
      set_affinity(0, 1UL << k);
      set_affinity(0, ~0UL);
      write(back[1], &cpu, sizeof cpu);
      char c;
      if (read(to[0], &c, 1) != 1)
        _exit(0);
      cpu = sched_getcpu();
    }
  }
  long cpu;
  read(back[0], &cpu, sizeof cpu);
  for (int i = 0; i < ROUNDS; i++) {
    sleep_ms(2);
    write(to[1], "x", 1);
    if (read(back[0], &cpu, sizeof cpu) != sizeof cpu)
      break;
    got++;
    away += cpu != k;
  }
  kill_all(pids, 2);
  set_affinity(0, ~0UL);
  close(to[0]);
  close(to[1]);
  close(back[0]);
  close(back[1]);
  printf("wakeidle: woke on an idle CPU (not cpu %d with the hog) %d times of %d\n", k, away, got);
  check(got == ROUNDS, "every wakeup of the sleeper happened");
  check(away >= ROUNDS * 9 / 10, "a woken task goes to an idle CPU, not behind the hog (90% of the wakeups)");
  check_no_leak(before, "no memory lost");
}

// More hogs than harts, forked at once: the queues even out.  Every CPU
// ends up with its share of the hogs (within one), and no hog waits for a
// CPU n/ncpu times as long as it runs (with n/ncpu hogs a CPU, each waits
// n/ncpu - 1 times as long; with all of them on one CPU, n - 1 times).
static void
test_balance(int n)
{
  pid_t pids[MAX_HOGS];
  long used[MAX_HOGS], waited[MAX_HOGS], sum = 0, min = -1;
  int ncpu = online_cpus(), on[64] = { 0 }, least = n, most = 0;
  for (int i = 0; i < n; i++)
    pids[i] = spawn_hog(0, 0);
  measure(pids, n, used, waited, 1000, 2);
  for (int i = 0; i < n; i++) {
    long cpu = sched_num(pids[i], "cpu", 10);
    on[cpu >= 0 && cpu < 64 ? cpu : 0]++;
    printf("hog %d: ran %ld ms, waited %ld ms, on cpu %ld\n", i, used[i] / 1000000, waited[i] / 1000000, cpu);
    sum += used[i];
    min = min < 0 || used[i] < min ? used[i] : min;
  }
  kill_all(pids, n);
  for (int c = 0; c < ncpu; c++) {
    printf("cpu %d: %d hogs\n", c, on[c]);
    least = on[c] < least ? on[c] : least;
    most = on[c] > most ? on[c] : most;
  }
  check(least >= n / ncpu - 1 && most <= (n + ncpu - 1) / ncpu + 1,
        "every CPU runs its share of the hogs (within one)");
  // Shares, not waiting times: a busy host that does not run a hart's QEMU
  // thread makes every hog wait longer, but takes from all of them alike.
  check(min > 0 && min * 4 >= sum / n, "every hog runs: the least served got at least a quarter of the mean");
}

static void
test_starve(int n)
{
  pid_t pids[MAX_HOGS];
  long used[MAX_HOGS], min = -1, sum = 0;
  for (int i = 0; i < n; i++)
    pids[i] = spawn_hog(0, 0);
  measure(pids, n, used, 0, 500, 3);
  for (int i = 0; i < n; i++) {
    sum += used[i];
    min = min < 0 || used[i] < min ? used[i] : min;
  }
  for (int i = 0; i < n && min * 4 < sum / n; i++)
    printf("hog %d: %ld ms, state %c, on cpu %ld, %ld migrations\n", i, used[i] / 1000000, proc_state(pids[i]),
           sched_num(pids[i], "cpu", 10), sched_num(pids[i], "se.nr_migrations", 10));
  kill_all(pids, n);
  printf("%d hogs over 3 s: least %ld ms, mean %ld ms\n", n, min / 1000000, sum / n / 1000000);
  snprintf(line, sizeof line, "all %d hogs ran", n);
  check(min > 0, line);
  // A quarter, not more: up to two ticks of each stretch in which the host
  // held up a hart's QEMU thread still count for the task on it (see
  // MAX_CHARGE_NS), which skews shares on a busy host.
  check(min * 4 >= sum / n, "the least served hog got at least a quarter of the mean");
}

// Two threads on one CPU take turns writing their id; yield must alternate them.
#define TURNS 2000
static char seq[2 * TURNS];
static int seq_pos, ready;
static int cpu_for_yield;

static void *
yielder(void *arg)
{
  set_affinity(0, 1UL << cpu_for_yield);
  __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
  while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < 2)
    sched_yield();                     // both on the CPU before the turns start
  for (int i = 0; i < TURNS; i++) {
    int p = __atomic_fetch_add(&seq_pos, 1, __ATOMIC_RELAXED);
    seq[p] = (char)(long)arg;
    sched_yield();
  }
  return 0;
}

static void
test_yield(void)
{
  pthread_t t[2];
  int switches = 0;
  cpu_for_yield = online_cpus() - 1;
  for (long i = 0; i < 2; i++)
    pthread_create(&t[i], 0, yielder, (void *)(i + 1));
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  for (int i = 1; i < 2 * TURNS; i++)
    switches += seq[i] != seq[i - 1];
  printf("yield: %d of %d turns alternate\n", switches, 2 * TURNS - 1);
  check(switches >= (2 * TURNS - 1) * 9 / 10, "sched_yield hands the CPU to the peer (90% of turns alternate)");
}

static void
test_prio(void)
{
  errno = 0;
  check(getpriority(PRIO_PROCESS, 0) == 0 && errno == 0, "getpriority: nice 0 to start with");
  check(nice(3) == 3, "nice(3) gives 3");
  check_errno(nice(-1), EPERM, "nice(-1): lowering the nice value is not allowed");
  check_errno(setpriority(PRIO_PROCESS, 0, 0), EACCES, "setpriority to a lower nice value: EACCES");
  check(setpriority(PRIO_PROCESS, 0, 3) == 0, "setpriority to the same value");
  check(setpriority(PRIO_PROCESS, 0, 100) == 0 && getpriority(PRIO_PROCESS, 0) == 19,
        "nice values are clamped to 19");
  pid_t pid = fork();
  if (pid == 0)
    for (;;)
      sleep(100);
  check(getpriority(PRIO_PROCESS, pid) == 19, "a child inherits the nice value");
  check_errno(getpriority(PRIO_PROCESS, 32000), ESRCH, "getpriority of no such process: ESRCH");
  check_errno(setpriority(7, 0, 19), EINVAL, "an unknown 'which': EINVAL");
  kill_all(&pid, 1);
}

static void
test_times(void)
{
  struct tms before, after;
  struct rusage ru;
  int status;
  times(&before);
  pid_t pid = fork();
  if (pid == 0) {
    struct tms t;
    do
      for (volatile int i = 0; i < 100000; i++)
        ;
    while (times(&t) >= 0 && t.tms_utime + t.tms_stime < 50);   // half a second of CPU
    _exit(0);
  }
  check(wait4(pid, &status, 0, &ru) == pid, "wait4 with rusage");
  times(&after);
  long ru_ms = ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
               ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000;
  long cut = (after.tms_cutime + after.tms_cstime) - (before.tms_cutime + before.tms_cstime);
  printf("child CPU: rusage %ld ms (user %ld ms), times() children %ld ticks\n", ru_ms,
         ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000, cut);
  check(ru_ms >= 490 && ru_ms < 1000, "wait4's rusage: the child's half second of CPU");
  check(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 >= ru_ms / 2, "most of it is user time");
  check(cut >= 49 && cut < 100, "times(): the reaped child's CPU in cutime + cstime");
  struct rusage self;
  check(getrusage(RUSAGE_SELF, &self) == 0 && self.ru_nvcsw > 0, "getrusage(RUSAGE_SELF) counts our sleeps");
}

// idle_ns of each CPU from /proc/schedstat.
static int
idle_times(long *idle)
{
  char buf[2048];
  int n = 0;
  if (read_proc(-1, "/proc/schedstat", buf, sizeof buf) < 0)
    return 0;
  for (char *p = strstr(buf, "idle_ns "); p; p = strstr(p + 1, "idle_ns "))
    idle[n++] = strtol(p + 8, 0, 10);
  return n;
}

static void
test_idle(void)
{
  long a[64], b[64];
  int n = idle_times(a), idle_cpus = 0;
  long t0 = now_ns();
  sleep_ms(1000);
  long elapsed = now_ns() - t0;
  idle_times(b);
  for (int i = 0; i < n; i++) {
    printf("cpu%d idle %ld%%\n", i, (b[i] - a[i]) * 100 / elapsed);
    idle_cpus += (b[i] - a[i]) * 10 >= elapsed * 9;
  }
  check(n == online_cpus(), "/proc/schedstat has a line per CPU");
  check(idle_cpus >= n - 1, "while we sleep, every CPU (but the one reading) is idle 90% of the time");
}

// Field n (from 3) of a /proc/<pid>/stat line: counted after the ")" that ends the name.
static const char *
stat_field(const char *stat, int n)
{
  const char *p = strrchr(stat, ')');
  for (int f = 2; p && f < n; f++)
    p = strchr(p + 1, ' ');
  return p ? p + 1 : "";
}

#define PROGRESS_MS 60000   // how long a hog may take to use 300 ms of CPU on a loaded host

static void
test_procfs(void)
{
  char buf[2048];
  int last = online_cpus() - 1;
  pid_t pid = spawn_hog(1UL << last, 3);
  sleep_ms(500);
  read_proc(pid, "stat", buf, sizeof buf);
  // Fields 1, 3, 4, 18, 19, 20 and 39 of proc(5).
  int spid = atoi(buf), ppid = atoi(stat_field(buf, 4)), prio = atoi(stat_field(buf, 18));
  int nicev = atoi(stat_field(buf, 19)), threads = atoi(stat_field(buf, 20)), cpu = atoi(stat_field(buf, 39));
  char state = *stat_field(buf, 3);
  printf("stat: pid %d state %c ppid %d priority %d nice %d threads %d cpu %d\n", spid, state, ppid, prio, nicev,
         threads, cpu);
  check(spid == pid && state == 'R' && ppid == getpid(), "stat: pid, state R, ppid");
  check(prio == 23 && nicev == 3 && threads == 1, "stat: priority 23, nice 3, one thread");
  check(cpu == last, "stat: processor is the pinned CPU");
  read_proc(pid, "status", buf, sizeof buf);
  snprintf(line, sizeof line, "Cpus_allowed_list:\t%d\n", last);
  check(strstr(buf, line) != 0, "status: Cpus_allowed_list is the pinned CPU");
  check(sched_num(pid, "se.load.weight", 10) == 526, "sched: weight 526 at nice 3");
  // Progress, not speed: a busy host may run this hart's QEMU thread little.
  for (int ms = 0; ms < PROGRESS_MS && sched_ns(pid, "se.sum_exec_runtime") <= 300000000; ms += 100)
    sleep_ms(100);
  check(sched_ns(pid, "se.sum_exec_runtime") > 300000000, "sched: its run time grows (past 300 ms)");
  check(read_proc(pid, "task/1/stat", buf, sizeof buf) < 0, "task/: another process's tid is not there");
  snprintf(line, sizeof line, "task/%d/sched", pid);
  check(read_proc(pid, line, buf, sizeof buf) > 0, "task/<tid>/sched of its only thread");
  kill_all(&pid, 1);
  check(read_proc(pid, "stat", buf, sizeof buf) < 0, "a reaped process is gone from /proc");
  check(read_proc(-1, "/proc/self/stat", buf, sizeof buf) > 0 && atoi(buf) == getpid(), "/proc/self is us");
}

int
main(int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "";
  int arg = argc > 2 ? atoi(argv[2]) : 0, ncpu = online_cpus();
  test_start(argc > 1 ? what : "schedtest");
  alarm(60);                           // a lost wakeup ends the test instead of hanging it
  if (!strcmp(what, "nice"))
    test_nice(arg ? arg : 3);
  else if (!strcmp(what, "spread"))
    test_spread(arg ? arg : ncpu);
  else if (!strcmp(what, "fork"))
    test_fork(arg ? arg : ncpu);
  else if (!strcmp(what, "affinity"))
    test_affinity();
  else if (!strcmp(what, "wakeup"))
    test_wakeup();
  else if (!strcmp(what, "timeline"))
    test_timeline();
  else if (!strcmp(what, "sleeper"))
    test_sleeper();
  else if (!strcmp(what, "wakeidle"))
    test_wakeidle();
  else if (!strcmp(what, "balance"))
    test_balance(arg > 0 && arg <= MAX_HOGS ? arg : 2 * ncpu);
  else if (!strcmp(what, "starve"))
    test_starve(arg > 0 && arg <= MAX_HOGS ? arg : 50);
  else if (!strcmp(what, "yield"))
    test_yield();
  else if (!strcmp(what, "prio"))
    test_prio();
  else if (!strcmp(what, "times"))
    test_times();
  else if (!strcmp(what, "idle"))
    test_idle();
  else if (!strcmp(what, "procfs"))
    test_procfs();
  else {
    fprintf(stderr, "usage: schedtest nice|spread|fork|affinity|wakeup|timeline|sleeper|wakeidle|balance|starve|yield|prio|times|idle|procfs [n]\n");
    return 2;
  }
  return test_done();
}
