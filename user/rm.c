// rm [-d] file...: remove files (-d: empty directories too).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
  int dirs = argc > 1 && strcmp(argv[1], "-d") == 0, status = 0;
  struct stat st;

  if (argc < 2 + dirs) {
    fprintf(stderr, "usage: rm [-d] file...\n");
    return 1;
  }
  for (int i = 1 + dirs; i < argc; i++) {
    int isdir = dirs && stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode);
    if ((isdir ? rmdir(argv[i]) : unlink(argv[i])) < 0) {
      fprintf(stderr, "rm: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    }
  }
  return status;
}
