// C side of program start-up and exit.
#include <stdlib.h>
#include <unistd.h>
#include "syscall.h"

char **environ;

int main(int argc, char **argv, char **envp);
void __init_tls(long *auxv);

// sp points at argc; argv follows it, envp follows argv's NULL and the
// auxiliary vector follows envp's.
void
__libc_start(long *sp)
{
  int argc = (int)sp[0];
  char **argv = (char **)(sp + 1), **envp;

  environ = argv + argc + 1;
  for (envp = environ; *envp; envp++)
    ;
  __init_tls((long *)(envp + 1));
  exit(main(argc, argv, environ));
}

#define ATEXIT_MAX 32
static void (*atexit_fns[ATEXIT_MAX])(void);
static int natexit;

int
atexit(void (*fn)(void))
{
  if (natexit == ATEXIT_MAX)
    return -1;
  atexit_fns[natexit++] = fn;
  return 0;
}

// Defined by stdio.c only when the program uses stdio; the weak reference
// keeps stdio out of programs that never touch it.
void __stdio_exit(void) __attribute__((weak));

void
exit(int status)
{
  while (natexit > 0)
    atexit_fns[--natexit]();
  if (__stdio_exit)
    __stdio_exit();
  _exit(status);
}

// Ends every thread of the process, as POSIX _exit does.
void
_exit(int status)
{
  for (;;)
    syscall1(SYS_exit_group, status);
}

void
exit_group(int status)
{
  _exit(status);
}

void
_Exit(int status)
{
  _exit(status);
}
