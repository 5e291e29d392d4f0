// pipeline cmd1 [args] -- cmd2 [args] [-- cmd3 ...]: run the commands with
// the standard output of each connected to the standard input of the next
// by a pipe, as the shell's `cmd1 | cmd2 | cmd3` does.  It waits for all of
// them and exits with the status of the last one (128 + the signal number
// when it was killed), or 127 when that one could not be started.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_CMDS 16

// LAB unix BEGIN
// In the child that runs cmds[i]: read from in, write to out (-1 for
// "leave it as it is"), close everything else the pipeline opened, exec.
static void
run_child(char **argv, int in, int out, int spare)
{
  if (in >= 0) {
    dup2(in, 0);
    close(in);
  }
  if (out >= 0) {
    dup2(out, 1);
    close(out);
  }
  // The read end of the next pipe belongs to the next command: holding it
  // here would keep the pipe open after that command exits.
  if (spare >= 0)
    close(spare);
  execvp(argv[0], argv);
  fprintf(stderr, "pipeline: cannot run %s\n", argv[0]);
  exit(127);
}

static int
exit_status(int status)
{
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
// LAB unix END

// Runs the n commands of cmds (argv arrays) as a pipeline; returns the exit
// status of the last one.
static int
pipeline(char **cmds[], int n)
{
  // LAB unix BEGIN
  pid_t pids[MAX_CMDS];
  int in = -1;                       // read end of the previous pipe

  for (int i = 0; i < n; i++) {
    int p[2] = { -1, -1 };
    if (i + 1 < n && pipe(p) < 0) {
      perror("pipeline: pipe");
      n = i;                         // wait for those already started
      break;
    }
    pids[i] = fork();
    if (pids[i] == 0)
      run_child(cmds[i], in, p[1], p[0]);
    if (pids[i] < 0)
      perror("pipeline: fork");
    // The parent keeps no pipe end: a reader sees end-of-file only when
    // every write end is closed, this process's too.
    if (in >= 0)
      close(in);
    if (p[1] >= 0)
      close(p[1]);
    in = p[0];
  }
  int last = 127;
  for (int i = 0; i < n; i++) {
    int status;
    if (pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i] && i == n - 1)
      last = exit_status(status);
  }
  return last;
  // LAB unix STUB
  // (void)cmds;
  // (void)n;
  // fprintf(stderr, "pipeline: not implemented\n");
  // return 1;
  // LAB unix END
}

int
main(int argc, char **argv)
{
  char **cmds[MAX_CMDS];
  int n = 0, start = 1;

  // Split argv in place at each "--": every command's words end with a NULL
  // (the one ending argv, or a "--" replaced by NULL).
  for (int i = 1; i <= argc; i++) {
    if (i == argc || strcmp(argv[i], "--") == 0) {
      if (i == start || n == MAX_CMDS) {
        fprintf(stderr, "usage: pipeline cmd [args] [-- cmd [args]]... (at most %d commands)\n", MAX_CMDS);
        return 2;
      }
      cmds[n++] = &argv[start];
      argv[i] = NULL;
      start = i + 1;
    }
  }
  return pipeline(cmds, n);
}
