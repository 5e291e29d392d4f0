// touch file...: create each file that does not exist, and set the times of
// each to now.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
  int status = 0, fd;

  if (argc < 2) {
    fprintf(stderr, "usage: touch file...\n");
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    // A null times array means now for both.
    if (utimensat(AT_FDCWD, argv[i], 0, 0) == 0)
      continue;
    if (errno == ENOENT) {
      fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
      if (fd >= 0) {
        close(fd);
        continue;
      }
    }
    fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
    status = 1;
  }
  return status;
}
