// nice [-n N | -N] command [args...]: run a command with its nice value
// raised by N (default 10).  Without a command, print the current value.
// Lowering a nice value (a negative N) is refused: see <sys/resource.h>.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
  int inc = 10, i = 1;

  if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
    inc = atoi(argv[i + 1]);
    i += 2;
  } else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
    inc = atoi(argv[i] + 1);
    i++;
  }
  if (i == argc) {
    printf("%d\n", getpriority(PRIO_PROCESS, 0));
    return 0;
  }
  if (nice(inc) == -1 && errno) {
    fprintf(stderr, "nice: cannot set niceness: %s\n", strerror(errno));
    return 1;
  }
  execvp(argv[i], argv + i);
  fprintf(stderr, "nice: %s: %s\n", argv[i], strerror(errno));
  return 127;
}
