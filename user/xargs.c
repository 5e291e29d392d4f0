// xargs [-n N] [cmd [args]]: read words (separated by blanks and newlines)
// from the standard input and run `cmd args word...` with them, one run
// after another, each with at most N words (default MAX_WORDS) and waited
// for before the next starts.  cmd defaults to echo.  No words: cmd is not
// run.  Exits 0 when every run exited 0, 123 when one failed (exited
// non-zero or was killed), as GNU xargs does.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORDS 32
#define MAX_WORD 256
#define MAX_ARGS 32                // of the command itself

// LAB unix BEGIN
// The next word of the standard input into word; 0 at end of input.
static int
next_word(char *word)
{
  int c, n = 0;

  while ((c = getchar()) != EOF && isspace(c))
    ;
  while (c != EOF && !isspace(c)) {
    if (n == MAX_WORD - 1) {
      fprintf(stderr, "xargs: word longer than %d bytes\n", MAX_WORD - 1);
      exit(1);
    }
    word[n++] = c;
    c = getchar();
  }
  word[n] = 0;
  return n > 0;
}

// Runs argv and waits for it; 0 when it exited 0.
static int
run(char **argv)
{
  int status;
  pid_t pid = fork();

  if (pid < 0) {
    perror("xargs: fork");
    return -1;
  }
  if (pid == 0) {
    execvp(argv[0], argv);
    fprintf(stderr, "xargs: cannot run %s\n", argv[0]);
    exit(127);
  }
  if (waitpid(pid, &status, 0) != pid)
    return -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
// LAB unix END

// Runs cmd (nargs words, room for MAX_WORDS more and a NULL) with at most
// max words of the standard input at a time; returns the exit status.
static int
xargs(char **cmd, int nargs, int max)
{
  // LAB unix BEGIN
  static char words[MAX_WORDS][MAX_WORD];
  int n = 0, failed = 0, more;

  do {
    more = next_word(words[n]);
    if (more) {
      cmd[nargs + n] = words[n];
      n++;
    }
    if (n > 0 && (n == max || !more)) {
      cmd[nargs + n] = NULL;
      if (run(cmd) < 0)
        failed = 1;
      n = 0;
    }
  } while (more);
  return failed ? 123 : 0;
  // LAB unix STUB
  // (void)cmd;
  // (void)nargs;
  // (void)max;
  // fprintf(stderr, "xargs: not implemented\n");
  // return 1;
  // LAB unix END
}

int
main(int argc, char **argv)
{
  static char *cmd[MAX_ARGS + MAX_WORDS + 1] = { "echo" };
  int i = 1, max = MAX_WORDS, nargs = 1;

  if (argc > 2 && strcmp(argv[1], "-n") == 0) {
    max = atoi(argv[2]);
    i = 3;
  }
  if (max < 1 || max > MAX_WORDS || argc - i > MAX_ARGS || (argc > 1 && argv[1][0] == '-' && i == 1)) {
    fprintf(stderr, "usage: xargs [-n N] [cmd [args]] (1 <= N <= %d, at most %d args)\n", MAX_WORDS, MAX_ARGS);
    return 2;
  }
  if (i < argc)
    for (nargs = 0; i < argc; i++)
      cmd[nargs++] = argv[i];
  return xargs(cmd, nargs, max);
}
