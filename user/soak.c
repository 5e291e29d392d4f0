// soak [-m minutes] [-j jobs] [-S seed]: run a mixed workload for a long
// time and check that nothing fails and nothing is lost.
//
// Phases alternate.  For 30 seconds `jobs` programs (4 by default) run at
// once, drawn at random from test programs of the grader that share the
// machine well (threads, futexes, wait, descriptors, pipes) and a file churn
// of soak's own.  Then the programs that check the whole machine (signals
// and timers, fork, vfork, threads, user threads, mmap, the lazy heap) run
// one at a time.  Each must exit with status 0; a failure shows the end of
// the program's output.  A line every 30 seconds shows progress.  At the end
// the free memory and the number of tasks must be back where they started.
// `make soak` runs it on the checking kernel (make DEBUG=1), whose
// lock-order reports and panics also count as failures there.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOBS 8
#define MAX_ARGS 12
#define SCRATCH "soak.d"
#define FILES_JOB "files"             // not a program: soak's own file churn
#define CHURN_FILES 8
#define CHURN_BYTES 6000              // more than a block, so files get a second one
#define PROGRESS_SECONDS 30
// Memory the kernel keeps for reuse after a busy run, not leaked: up to 16
// freed kernel stacks of 16 KiB (mm/kstack.c) and partly used kmalloc slabs.
#define LEAK_SLACK_KIB 512
#define LINE_BYTES 200
#define MAX_FAIL_LINES 20             // of a failed program's output, shown on the console

// Programs that share the machine well: they run `jobs` at a time.
static const char *const mixed[] = {
  "threadsync",
  "threadgroup",
  "threadclone",
  "futextest",
  "waittest",
  "fdtest",
  "pipeline cat /README -- grep the -- wc -l",
  "pipeline echo a b c -- cat -- wc -w",
  FILES_JOB,
};
#define NMIXED (int)(sizeof mixed / sizeof mixed[0])

// Programs that check the whole machine (free memory back, every page they
// touch counted, as many processes as they can fork) or time (itimers):
// each runs alone,
// between two mixed phases.
static const char *const alone[] = {
  "sigtest",
  "forktest",
  "vforktest",
  "threadtest",
  "uthreadtest",
  "mmaptest",
  "sbrktest lazy",
};
#define NALONE (int)(sizeof alone / sizeof alone[0])
#define MIXED_SECONDS 30

struct job {
  int pid;
  const char *what;
};

static unsigned long long rng_state;

static unsigned rng(void)
{
  rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)(rng_state >> 33);
}

static long free_kib(void)
{
  struct sysinfo si;
  if (sysinfo(&si) < 0)
    return -1;
  return (long)(si.freeram * si.mem_unit / 1024);
}

static int nr_tasks(void)
{
  struct sysinfo si;
  if (sysinfo(&si) < 0)
    return -1;
  return si.procs;
}

// The file churn: write files, read them back, rename, remove.  Exits 0 when
// every byte came back as written.
static void churn(int id)
{
  char name[64], other[64], buf[CHURN_BYTES], back[CHURN_BYTES];
  for (int i = 0; i < CHURN_FILES; i++) {
    snprintf(name, sizeof name, "f%d", i);
    snprintf(other, sizeof other, "g%d", i);
    memset(buf, 'a' + (id + i) % 26, sizeof buf);
    int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    if (fd < 0 || write(fd, buf, sizeof buf) != (ssize_t)sizeof buf || close(fd) < 0)
      _exit(2);
    if (link(name, other) < 0 || unlink(name) < 0)
      _exit(3);
    fd = open(other, O_RDONLY);
    if (fd < 0 || read(fd, back, sizeof back) != (ssize_t)sizeof back || close(fd) < 0)
      _exit(4);
    if (memcmp(buf, back, sizeof buf) != 0 || unlink(other) < 0)
      _exit(5);
  }
  _exit(0);
}

// Each job slot has a directory of its own, where its programs run (two
// copies of a program would otherwise use the same file names).
static void slot_dir(char *buf, size_t size, int id)
{
  snprintf(buf, size, SCRATCH "/%d", id);
}

static void out_name(char *buf, size_t size, int id)
{
  snprintf(buf, size, SCRATCH "/out.%d", id);
}

// What a failed program said about its failure: its FAIL lines and the line
// after each (the test programs print the values there), and its last line.
static void show_failures(int id)
{
  char name[32], line[LINE_BYTES], last[LINE_BYTES] = "";
  out_name(name, sizeof name, id);
  FILE *f = fopen(name, "r");
  if (!f)
    return;
  int shown = 0, after = 0;
  while (fgets(line, sizeof line, f)) {
    if ((strncmp(line, "FAIL", 4) == 0 || after) && shown < MAX_FAIL_LINES) {
      printf("  | %s", line);
      shown++;
    }
    after = strncmp(line, "FAIL", 4) == 0;
    strcpy(last, line);
  }
  fclose(f);
  if (last[0])
    printf("  | ... %s", last);
}

// Start one workload in job slot id.  Its output goes to a scratch file of
// the slot, so the console shows only soak's own lines.
static int start(const char *what, int id)
{
  int pid = fork();
  if (pid != 0)
    return pid;
  char name[32];
  out_name(name, sizeof name, id);
  int out = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
  if (out >= 0) {
    dup2(out, 1);
    dup2(out, 2);
    close(out);
  }
  slot_dir(name, sizeof name, id);
  if ((mkdir(name, 0755) < 0 && errno != EEXIST) || chdir(name) < 0)
    _exit(126);
  if (strcmp(what, FILES_JOB) == 0)
    churn(id);
  char line[128], *argv[MAX_ARGS + 1];
  int argc = 0;
  strncpy(line, what, sizeof line - 1);
  line[sizeof line - 1] = 0;
  for (char *tok = strtok(line, " "); tok && argc < MAX_ARGS; tok = strtok(0, " "))
    argv[argc++] = tok;
  argv[argc] = 0;
  char path[64];
  snprintf(path, sizeof path, "/bin/%s", argv[0]);
  execv(path, argv);
  _exit(127);
}

struct run {
  time_t start, next_report;
  long runs, failures;
};

static void finished(struct run *r, struct job *j, int slot, int status)
{
  r->runs++;
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return;
  r->failures++;
  if (WIFEXITED(status))
    printf("soak: FAIL %s: exit status %d\n", j->what, WEXITSTATUS(status));
  else
    printf("soak: FAIL %s: killed by signal %d\n", j->what, WTERMSIG(status));
  show_failures(slot);
}

// Keep njobs programs drawn from list[0..n) running until time `until` (0:
// start each of them once), then wait for them all.
static void run_jobs(struct run *r, int njobs, time_t until, const char *const *list, int n)
{
  struct job jobs[MAX_JOBS] = { { 0, 0 } };
  int running = 0, started = 0;
  for (;;) {
    for (int i = 0; i < njobs; i++) {
      int more = until ? time(0) < until : started < n;
      if (jobs[i].pid || !more)
        continue;
      jobs[i].what = until ? list[rng() % n] : list[started];
      started++;
      jobs[i].pid = start(jobs[i].what, i);
      if (jobs[i].pid < 0) {
        printf("soak: FAIL fork: %s\n", strerror(errno));
        jobs[i].pid = 0;
        r->failures++;
      } else {
        running++;
      }
    }
    if (running == 0)
      return;
    int status, pid = wait(&status);
    if (pid < 0)
      return;
    for (int i = 0; i < njobs; i++)
      if (jobs[i].pid == pid) {
        jobs[i].pid = 0;
        running--;
        finished(r, &jobs[i], i, status);
      }
    if (time(0) >= r->next_report) {
      printf("soak: %ld s, %ld programs run, %ld failures\n", (long)(time(0) - r->start), r->runs, r->failures);
      r->next_report += PROGRESS_SECONDS;
    }
  }
}

static void usage(void)
{
  fprintf(stderr, "usage: soak [-m minutes] [-j jobs (1..%d)] [-S seed]\n", MAX_JOBS);
  exit(2);
}

int main(int argc, char **argv)
{
  int minutes = 1, njobs = 4, c;
  rng_state = (unsigned long long)time(0);
  while ((c = getopt(argc, argv, "m:j:S:")) != -1) {
    if (c == 'm')
      minutes = atoi(optarg);
    else if (c == 'j')
      njobs = atoi(optarg);
    else if (c == 'S')
      rng_state = strtoull(optarg, 0, 0);
    else
      usage();
  }
  if (minutes < 1 || njobs < 1 || njobs > MAX_JOBS)
    usage();
  printf("soak: %d minute(s), %d jobs at once, seed %llu\n", minutes, njobs, rng_state);
  if (mkdir(SCRATCH, 0755) < 0 && errno != EEXIST) {
    perror("soak: " SCRATCH);
    return 1;
  }
  sync();                              // the page cache keeps dirty files until written back
  long free_before = free_kib();
  int tasks_before = nr_tasks();
  struct run r = { time(0), time(0) + PROGRESS_SECONDS, 0, 0 };
  time_t end = r.start + minutes * 60;
  while (time(0) < end) {
    time_t phase_end = time(0) + MIXED_SECONDS;
    run_jobs(&r, njobs, phase_end < end ? phase_end : end, mixed, NMIXED);
    for (int i = 0; i < NALONE && time(0) < end; i++)
      run_jobs(&r, 1, 0, &alone[i], 1);
  }
  long runs = r.runs, failures = r.failures;
  for (int i = 0; i < njobs; i++) {
    char name[32];
    out_name(name, sizeof name, i);
    unlink(name);
    slot_dir(name, sizeof name, i);
    rmdir(name);
  }
  rmdir(SCRATCH);
  sync();
  sleep(1);                            // exited tasks are reaped and freed
  long free_after = free_kib();
  int tasks_after = nr_tasks();
  printf("soak: %ld programs run in %ld s, %ld failures\n", runs, (long)(time(0) - r.start), failures);
  printf("soak: free memory %ld KiB before, %ld KiB after; tasks %d before, %d after\n", free_before, free_after,
         tasks_before, tasks_after);
  int leak = free_before - free_after > LEAK_SLACK_KIB || tasks_after != tasks_before;
  printf("soak: %s\n", failures ? "FAIL" : leak ? "LEAK: memory or tasks did not come back" : "ok");
  return failures || leak;
}
