// time command [args...]: run a command, then print to stderr the time
// it took (real), and the CPU it and its waited-for children used in user
// and system mode (from wait4's rusage), with its context switches.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long
now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void
show(const char *what, long sec, long usec)
{
  fprintf(stderr, "%s %ld.%02lds\n", what, sec, usec / 10000);
}

int
main(int argc, char **argv)
{
  struct rusage ru;
  int status;

  if (argc < 2) {
    fprintf(stderr, "usage: time command [args...]\n");
    return 1;
  }
  long start = now_ns();
  pid_t pid = fork();
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    fprintf(stderr, "time: %s: %s\n", argv[1], strerror(errno));
    _exit(127);
  }
  if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
    fprintf(stderr, "time: %s\n", strerror(errno));
    return 1;
  }
  long real = now_ns() - start;
  show("real", real / 1000000000, real % 1000000000 / 1000);
  show("user", ru.ru_utime.tv_sec, ru.ru_utime.tv_usec);
  show("sys ", ru.ru_stime.tv_sec, ru.ru_stime.tv_usec);
  fprintf(stderr, "switches %ld voluntary, %ld involuntary\n", ru.ru_nvcsw, ru.ru_nivcsw);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
