// ps: one line per task (threads included), read from /proc:
//   PID   task id
//   PPID  parent process id
//   S     state: R running/runnable, S sleeping, D uninterruptible,
//         T stopped, Z zombie
//   NI    nice value
//   CPU   the CPU it runs or last ran on
//   TIME  CPU time used (user + system), minutes:seconds
//   MEM   resident user memory in KiB
//   NAME  program name
#include <procstat.h>
#include <stdio.h>

#define MAX_TASKS 1024

static void
show(const char *path)
{
  struct proc_stat st;
  if (proc_read_stat(path, &st) < 0)
    return;                  // it exited while we looked
  long secs = (st.utime + st.stime) / 100;
  printf("%5d %5d %c %3d %3d %5ld:%02ld %7ldK %.16s\n", st.pid, st.ppid, st.state, st.nice, st.cpu, secs / 60,
         secs % 60, st.rss_pages * 4, st.name);
}

int
main(void)
{
  static int pids[MAX_TASKS], tids[MAX_TASKS];
  char path[64];
  int n = proc_list_ids("/proc", pids, MAX_TASKS);

  if (n < 0) {
    fprintf(stderr, "ps: cannot read /proc\n");
    return 1;
  }
  printf("%5s %5s %s %3s %3s %8s %8s %s\n", "PID", "PPID", "S", "NI", "CPU", "TIME", "MEM", "NAME");
  for (int i = 0; i < n; i++) {
    snprintf(path, sizeof path, "/proc/%d/task", pids[i]);
    int nt = proc_list_ids(path, tids, MAX_TASKS);
    for (int j = 0; j < nt; j++) {
      snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pids[i], tids[j]);
      show(path);
    }
  }
  return 0;
}
