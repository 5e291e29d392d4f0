// top [-b] [-n frames] [-d seconds]: what the CPUs are doing, refreshed.
// Each frame shows, over the last interval, every CPU's busy share with its
// runnable tasks and load (from /proc/schedstat), and every process's share
// of one CPU (from /proc/<pid>/stat), busiest first.  -n stops after that
// many frames (default: forever), -d sets the interval (default 1 s), -b
// (batch) does not clear the screen between frames.
#include <procstat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

#define MAX_PROCS 512
#define MAX_CPUS 64

struct sample {
  long when_ns;
  int ncpu, nproc;
  long busy[MAX_CPUS], idle[MAX_CPUS], running[MAX_CPUS], load[MAX_CPUS];
  struct proc_stat procs[MAX_PROCS];
};

static long
now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static long
value_after(const char *line, const char *key)
{
  const char *p = strstr(line, key);
  return p ? atol(p + strlen(key)) : 0;
}

static void
read_cpus(struct sample *s)
{
  static char buf[4096];
  int fd = open("/proc/schedstat", O_RDONLY), n = fd < 0 ? 0 : read(fd, buf, sizeof buf - 1);
  if (fd >= 0)
    close(fd);
  buf[n > 0 ? n : 0] = 0;
  s->ncpu = 0;
  for (char *line = strstr(buf, "\ncpu"); line && s->ncpu < MAX_CPUS; line = strstr(line + 1, "\ncpu")) {
    int c = s->ncpu++;
    s->running[c] = value_after(line, " running ");
    s->load[c] = value_after(line, " load ");
    s->idle[c] = value_after(line, " idle_ns ");
    s->busy[c] = value_after(line, " busy_ns ");
  }
}

static void
take(struct sample *s)
{
  static int pids[MAX_PROCS];
  char path[48];
  int n = proc_list_ids("/proc", pids, MAX_PROCS);
  s->when_ns = now_ns();
  read_cpus(s);
  s->nproc = 0;
  for (int i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/proc/%d/stat", pids[i]);
    if (proc_read_stat(path, &s->procs[s->nproc]) == 0)
      s->nproc++;
  }
}

static long
ticks_of(struct proc_stat *p)
{
  return p->utime + p->stime;
}

// CPU ticks of pid in the earlier sample (0 if it is new).
static long
before(struct sample *s, int pid)
{
  for (int i = 0; i < s->nproc; i++)
    if (s->procs[i].pid == pid)
      return ticks_of(&s->procs[i]);
  return 0;
}

struct row {
  struct proc_stat *p;
  long permille;          // of one CPU
};

static int
busiest_first(const void *a, const void *b)
{
  const struct row *x = a, *y = b;
  return x->permille != y->permille ? (y->permille > x->permille ? 1 : -1) : x->p->pid - y->p->pid;
}

static void
frame(struct sample *old, struct sample *cur)
{
  static struct row rows[MAX_PROCS];
  long interval = cur->when_ns - old->when_ns, ticks = interval / 10000000;
  int nrun = 0;
  for (int c = 0; c < cur->ncpu; c++)
    nrun += cur->running[c];
  printf("top - %ld.%02lds interval, %d CPUs, %d processes, %d runnable\n", interval / 1000000000,
         interval / 10000000 % 100, cur->ncpu, cur->nproc, nrun);
  for (int c = 0; c < cur->ncpu && c < old->ncpu; c++) {
    long b = cur->busy[c] - old->busy[c], i = cur->idle[c] - old->idle[c], all = b + i > 0 ? b + i : 1;
    printf("cpu%-3d %5.1f%% busy  runnable %ld  load %ld\n", c, b * 100.0 / all, cur->running[c], cur->load[c]);
  }
  for (int i = 0; i < cur->nproc; i++) {
    rows[i].p = &cur->procs[i];
    rows[i].permille = ticks ? (ticks_of(&cur->procs[i]) - before(old, cur->procs[i].pid)) * 1000 / ticks : 0;
  }
  qsort(rows, cur->nproc, sizeof rows[0], busiest_first);
  printf("%5s %s %3s %3s %3s %6s %8s %s\n", "PID", "S", "NI", "THR", "CPU", "%CPU", "TIME", "NAME");
  for (int i = 0; i < cur->nproc; i++) {
    struct proc_stat *p = rows[i].p;
    long secs = ticks_of(p) / 100;
    printf("%5d %c %3d %3d %3d %4ld.%ld %5ld:%02ld %.16s\n", p->pid, p->state, p->nice, p->threads, p->cpu,
           rows[i].permille / 10, rows[i].permille % 10, secs / 60, secs % 60, p->name);
  }
}

// "1", "0.5": seconds as milliseconds.
static long
ms_of(const char *s)
{
  char *end;
  long ms = strtol(s, &end, 10) * 1000;
  if (*end == '.')
    for (long scale = 100; *++end >= '0' && *end <= '9' && scale; scale /= 10)
      ms += (*end - '0') * scale;
  return ms > 0 ? ms : 1000;
}

int
main(int argc, char **argv)
{
  static struct sample samples[2];
  long frames = -1, delay_ms = 1000;
  int batch = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-b"))
      batch = 1;
    else if (!strcmp(argv[i], "-n") && i + 1 < argc)
      frames = atol(argv[++i]);
    else if (!strcmp(argv[i], "-d") && i + 1 < argc)
      delay_ms = ms_of(argv[++i]);
    else {
      fprintf(stderr, "usage: top [-b] [-n frames] [-d seconds]\n");
      return 1;
    }
  }
  take(&samples[0]);
  for (long f = 0; frames < 0 || f < frames; f++) {
    struct timespec ts = { delay_ms / 1000, delay_ms % 1000 * 1000000 };
    nanosleep(&ts, 0);
    struct sample *old = &samples[f % 2], *cur = &samples[(f + 1) % 2];
    take(cur);
    if (!batch)
      printf("\033[H\033[2J");
    frame(old, cur);
    if (batch)
      printf("\n");
    fflush(stdout);
  }
  return 0;
}
