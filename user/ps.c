// ps: one line per task (threads included), from this OS's taskinfo call:
//   PID   task id
//   PPID  parent process id
//   S     state: R running/runnable, S sleeping, D uninterruptible,
//         T stopped, Z zombie
//   CPU   the CPU it last ran on
//   MEM   resident user memory in KiB
//   NAME  program name
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/taskinfo.h>

int
main(void)
{
  struct taskinfo ti;
  int tid;

  printf("%5s %5s %s %3s %8s %s\n", "PID", "PPID", "S", "CPU", "MEM", "NAME");
  for (tid = 0; (tid = taskinfo(tid, &ti)) >= 0; tid++)
    printf("%5d %5d %c %3d %7luK %.16s\n", ti.tid, ti.ppid, ti.state, ti.cpu,
           (unsigned long)(ti.mem_bytes / 1024), ti.name);
  if (errno != ESRCH) {
    fprintf(stderr, "ps: taskinfo: %s\n", strerror(errno));
    return 1;
  }
  return 0;
}
