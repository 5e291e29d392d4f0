// renice [-n] N [-p] pid...: set the nice value of running processes
// (each thread id given) to N.  Only raising it is allowed.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

int
main(int argc, char **argv)
{
  int i = 1, status = 0;

  if (i < argc && strcmp(argv[i], "-n") == 0)
    i++;
  if (i + 1 >= argc) {
    fprintf(stderr, "usage: renice [-n] priority [-p] pid...\n");
    return 1;
  }
  int prio = atoi(argv[i++]);
  if (strcmp(argv[i], "-p") == 0)
    i++;
  for (; i < argc; i++) {
    int pid = atoi(argv[i]);
    errno = 0;
    int old = getpriority(PRIO_PROCESS, pid);
    if ((old == -1 && errno) || setpriority(PRIO_PROCESS, pid, prio) < 0) {
      fprintf(stderr, "renice: %d: %s\n", pid, strerror(errno));
      status = 1;
      continue;
    }
    printf("%d (process ID) old priority %d, new priority %d\n", pid, old, getpriority(PRIO_PROCESS, pid));
  }
  return status;
}
