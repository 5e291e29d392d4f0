// sync: get what was written onto the disk.
//   sync               everything (sync)
//   sync FILE...       each file (fsync); -d: its data (fdatasync); -f: its file system (syncfs)
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
  int mode = 0, c, status = 0;
  while ((c = getopt(argc, argv, "df")) != -1) {
    if (c != 'd' && c != 'f') {
      fprintf(stderr, "usage: sync [-d | -f] [FILE...]\n");
      return 2;
    }
    mode = c;
  }
  if (optind == argc) {
    sync();
    return 0;
  }
  for (int i = optind; i < argc; i++) {
    int fd = open(argv[i], O_RDONLY);
    int r = fd < 0 ? -1 : mode == 'd' ? fdatasync(fd) : mode == 'f' ? syncfs(fd) : fsync(fd);
    if (r < 0) {
      perror(argv[i]);
      status = 1;
    }
    if (fd >= 0)
      close(fd);
  }
  return status;
}
