// kill [-SIG] pid...: send a signal (TERM unless given, by number or by
// name with or without "SIG") to processes.
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *name;
  int sig;
} signals[] = {
  { "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ABRT", SIGABRT },
  { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
  { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
  { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
};

// Returns the signal number for "9", "KILL" or "SIGKILL", or -1.
static int
parse_signal(const char *s)
{
  if (isdigit((unsigned char)*s))
    return atoi(s);
  if (strncmp(s, "SIG", 3) == 0)
    s += 3;
  for (size_t i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
    if (strcmp(s, signals[i].name) == 0)
      return signals[i].sig;
  return -1;
}

int
main(int argc, char **argv)
{
  int sig = SIGTERM, i = 1, status = 0;

  if (argc > 1 && argv[1][0] == '-') {
    sig = parse_signal(argv[1] + 1);
    if (sig < 0) {
      fprintf(stderr, "kill: %s: unknown signal\n", argv[1] + 1);
      return 1;
    }
    i++;
  }
  if (i >= argc) {
    fprintf(stderr, "usage: kill [-SIG] pid...\n");
    return 1;
  }
  for (; i < argc; i++) {
    char *end;
    long pid = strtol(argv[i], &end, 10);
    if (*end || end == argv[i]) {
      fprintf(stderr, "kill: %s: not a pid\n", argv[i]);
      status = 1;
    } else if (kill(pid, sig) < 0) {
      fprintf(stderr, "kill: %ld: %s\n", pid, strerror(errno));
      status = 1;
    }
  }
  return status;
}
