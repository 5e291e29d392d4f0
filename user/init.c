// init: the first process.  Connects descriptors 0, 1 and 2 to the
// console, then keeps a shell running on it and, as pid 1, reaps every
// orphan that the kernel hands over.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CONSOLE_MAJOR 1

// The image should carry /dev/console; make it if it does not.
static int
open_console(void)
{
  int fd = open("/dev/console", O_RDWR);

  if (fd < 0) {
    mkdir("/dev", 0755);
    mknod("/dev/console", S_IFCHR | 0666, makedev(CONSOLE_MAJOR, 0));
    fd = open("/dev/console", O_RDWR);
  }
  return fd;
}

static pid_t
start_shell(void)
{
  static char *argv[] = { "sh", 0 };
  static char *envp[] = { "PATH=/bin", "HOME=/", 0 };
  pid_t pid;

  printf("init: starting sh\n");
  pid = fork();
  if (pid == 0) {
    execve("/bin/sh", argv, envp);
    fprintf(stderr, "init: exec /bin/sh: %s\n", strerror(errno));
    _exit(127);
  }
  if (pid < 0)
    fprintf(stderr, "init: fork: %s\n", strerror(errno));
  return pid;
}

int
main(void)
{
  int fd = open_console(), status;
  pid_t sh, pid;

  if (fd < 0)
    return 1;           // nowhere to say anything
  for (int i = 0; i < 3; i++)
    if (fd != i)
      dup2(fd, i);
  if (fd > 2)
    close(fd);
  for (;;) {
    sh = start_shell();
    // Every exit of a child of init ends up here; only the shell's
    // ends the loop.
    for (;;) {
      pid = wait(&status);
      if (pid == sh || (pid < 0 && errno == ECHILD))
        break;
    }
    // Do not spin when the shell cannot even start.
    if (sh < 0 || (pid == sh && WIFEXITED(status) && WEXITSTATUS(status) == 127))
      sleep(1);
  }
}
