// soak [-m minutes] [-j jobs] [-S seed]: run a mixed workload for a long
// time and check that nothing fails and nothing is lost.
//
// Up to `jobs` programs run at once (4 by default), drawn at random from the
// test programs of the grader (processes, threads, signals, pipes, memory,
// the scheduler) and a file churn of soak's own.  Each must exit with status
// 0.  A line every 30 seconds shows progress.  At the end the free memory and
// the number of tasks must be back where they started.  `make soak` runs it
// on the checking kernel (make DEBUG=1), whose lock-order and poison reports
// also count as failures there.
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
#define LEAK_SLACK_KIB 256            // caches that may grow a little (kmalloc slabs)

static const char *const workloads[] = {
  "forktest",
  "threadtest",
  "threadsync",
  "threadgroup",
  "threadclone",
  "futextest",
  "sigtest",
  "waittest",
  "vforktest",
  "uthreadtest",
  "mmaptest",
  "sbrktest lazy",
  "fdtest",
  "pipeline cat /README -- grep the -- wc -l",
  "pipeline echo a b c -- cat -- wc -w",
  FILES_JOB,
};
#define NWORKLOADS (int)(sizeof workloads / sizeof workloads[0])

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
    snprintf(name, sizeof name, SCRATCH "/f%d.%d", id, i);
    snprintf(other, sizeof other, SCRATCH "/g%d.%d", id, i);
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

// Start one workload.  Its output goes to a scratch file, so the console
// shows only soak's own lines.
static int start(const char *what, int id)
{
  int pid = fork();
  if (pid != 0)
    return pid;
  int out = open(SCRATCH "/out", O_CREAT | O_WRONLY | O_APPEND, 0644);
  if (out >= 0) {
    dup2(out, 1);
    dup2(out, 2);
    close(out);
  }
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
  long free_before = free_kib();
  int tasks_before = nr_tasks();
  time_t start_time = time(0), end = start_time + minutes * 60, next_report = start_time + PROGRESS_SECONDS;
  struct job jobs[MAX_JOBS] = { { 0, 0 } };
  long runs = 0, failures = 0;
  int running = 0;
  for (;;) {
    int more = time(0) < end;
    for (int i = 0; more && i < njobs; i++)
      if (!jobs[i].pid) {
        jobs[i].what = workloads[rng() % NWORKLOADS];
        jobs[i].pid = start(jobs[i].what, i);
        if (jobs[i].pid < 0) {
          printf("soak: FAIL fork: %s\n", strerror(errno));
          jobs[i].pid = 0;
          failures++;
        } else {
          running++;
        }
      }
    if (running == 0)
      break;
    int status, pid = wait(&status);
    if (pid < 0)
      break;
    for (int i = 0; i < njobs; i++)
      if (jobs[i].pid == pid) {
        jobs[i].pid = 0;
        running--;
        runs++;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
          failures++;
          if (WIFEXITED(status))
            printf("soak: FAIL %s: exit status %d\n", jobs[i].what, WEXITSTATUS(status));
          else
            printf("soak: FAIL %s: killed by signal %d\n", jobs[i].what, WTERMSIG(status));
        }
      }
    if (time(0) >= next_report) {
      printf("soak: %ld s, %ld programs run, %ld failures\n", (long)(time(0) - start_time), runs, failures);
      next_report += PROGRESS_SECONDS;
    }
  }
  unlink(SCRATCH "/out");
  rmdir(SCRATCH);
  sleep(1);                            // exited tasks are reaped and freed
  long free_after = free_kib();
  int tasks_after = nr_tasks();
  printf("soak: %ld programs run in %ld s, %ld failures\n", runs, (long)(time(0) - start_time), failures);
  printf("soak: free memory %ld KiB before, %ld KiB after; tasks %d before, %d after\n", free_before, free_after,
         tasks_before, tasks_after);
  int leak = free_before - free_after > LEAK_SLACK_KIB || tasks_after != tasks_before;
  printf("soak: %s\n", failures ? "FAIL" : leak ? "LEAK: memory or tasks did not come back" : "ok");
  return failures || leak;
}
