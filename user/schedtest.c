// schedtest: checks of the fair scheduler, read back through /proc.
//   schedtest nice [secs]     nice 0 and nice 5 hogs on one CPU share it 1024:335
//   schedtest spread [n]      n hogs started on one CPU, then let go: each gets a hart
//   schedtest fork [n]        n hogs forked at once: each gets a hart
//   schedtest affinity        a pinned task never runs elsewhere; re-pinning moves it
//   schedtest latency         a task woken through a pipe runs at once while hogs run
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

// The child reads timestamps from the pipe and reports how late it woke.
static void
latency_child(int in, int out)
{
  long t, sum = 0, max = 0, n = 0;
  while (read(in, &t, sizeof t) == sizeof t) {
    long d = now_ns() - t;
    sum += d;
    max = d > max ? d : max;
    n++;
  }
  long res[2] = { n ? sum / n : 0, max };
  write(out, res, sizeof res);
  _exit(0);
}

// Mean and max wake-up latency (ns, in res) of a task on the CPUs in
// child_mask woken through a pipe, 100 times, by us on the CPUs in our_mask.
static void
wake_latency(unsigned long our_mask, unsigned long child_mask, long *res)
{
  int to[2], back[2];
  pipe(to);
  pipe(back);
  pid_t child = fork();
  if (child == 0) {
    close(to[1]);
    set_affinity(0, child_mask);
    latency_child(to[0], back[1]);
  }
  close(to[0]);
  set_affinity(0, our_mask);
  sleep_ms(200);
  for (int i = 0; i < 100; i++) {
    sleep_ms(5);
    long t = now_ns();
    write(to[1], &t, sizeof t);
  }
  close(to[1]);
  res[0] = res[1] = -1;
  read(back[0], res, 2 * sizeof(long));
  close(back[0]);
  close(back[1]);
  waitpid(child, 0, 0);
  set_affinity(0, ~0UL);
}

// Three cases: woken from CPU 0 onto an idle CPU k (the baseline: an IPI
// and the wfi it ends), onto CPU k running a hog (the woken task must
// preempt it: an IPI and a switch), and on CPU k from CPU k with a hog on
// every CPU (the woken task must run before the hog).  Across CPUs the
// numbers include the host's scheduling of QEMU's threads; on one CPU they
// hardly do.
static void
test_latency(void)
{
  int n = online_cpus(), k = n - 1;
  unsigned long us = 1, them = 1UL << k;
  long idle[2], busy[2], local[2];
  pid_t pids[MAX_HOGS];
  wake_latency(us, them, idle);
  pids[0] = spawn_hog(them, 0);
  wake_latency(us, them, busy);
  kill_all(pids, 1);
  for (int i = 0; i < n; i++)
    pids[i] = spawn_hog(1UL << i, 0);
  wake_latency(them, them, local);
  kill_all(pids, n);
  printf("wake-up latency (mean/max us): to an idle CPU %ld/%ld, to a CPU with a hog %ld/%ld, "
         "on a CPU with a hog, %d hogs %ld/%ld\n", idle[0] / 1000, idle[1] / 1000, busy[0] / 1000,
         busy[1] / 1000, n, local[0] / 1000, local[1] / 1000);
  check(busy[0] >= 0 && busy[0] < idle[0] + 2000000, "a woken task preempts a hog (mean within 2 ms of an idle CPU)");
  check(local[0] >= 0 && local[0] < 2000000, "a woken task runs before the hog on its CPU (mean below 2 ms)");
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
  check(sched_ns(pid, "se.sum_exec_runtime") > 300000000, "sched: it has run most of the half second");
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
  if (!strcmp(what, "nice"))
    test_nice(arg ? arg : 3);
  else if (!strcmp(what, "spread"))
    test_spread(arg ? arg : ncpu);
  else if (!strcmp(what, "fork"))
    test_fork(arg ? arg : ncpu);
  else if (!strcmp(what, "affinity"))
    test_affinity();
  else if (!strcmp(what, "latency"))
    test_latency();
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
    fprintf(stderr, "usage: schedtest nice|spread|fork|affinity|latency|starve|yield|prio|times|idle|procfs [n]\n");
    return 2;
  }
  return test_done();
}
