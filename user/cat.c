// cat [file...]: copy the files, or standard input, to standard output.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[4096];

static int
copy(int fd, const char *name)
{
  ssize_t n;

  while ((n = read(fd, buf, sizeof(buf))) > 0) {
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(1, buf + done, n - done);
      if (w <= 0) {
        fprintf(stderr, "cat: write error: %s\n", strerror(errno));
        return -1;
      }
      done += w;
    }
  }
  if (n < 0) {
    fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
    return -1;
  }
  return 0;
}

int
main(int argc, char **argv)
{
  int status = 0;

  if (argc < 2)
    return copy(0, "stdin") < 0;
  for (int i = 1; i < argc; i++) {
    int fd = strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
    if (fd < 0) {
      fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (copy(fd, argv[i]) < 0)
      status = 1;
    if (fd != 0)
      close(fd);
  }
  return status;
}
