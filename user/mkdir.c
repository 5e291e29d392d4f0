// mkdir [-p] dir...: make directories (-p: with their parents, and no
// complaint when they exist).
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int
make_parents(const char *path)
{
  char buf[PATH_MAX];
  size_t len = strlen(path);

  if (len >= sizeof(buf)) {
    errno = ENAMETOOLONG;
    return -1;
  }
  strcpy(buf, path);
  // Make each prefix that ends just before a '/', then the whole path.
  for (char *p = buf + 1; ; p++) {
    if (*p == '/' || *p == 0) {
      char saved = *p;
      *p = 0;
      if (mkdir(buf, 0777) < 0 && errno != EEXIST)
        return -1;
      if (saved == 0)
        return 0;
      *p = saved;
    }
  }
}

int
main(int argc, char **argv)
{
  int parents = argc > 1 && strcmp(argv[1], "-p") == 0, status = 0;

  if (argc < 2 + parents) {
    fprintf(stderr, "usage: mkdir [-p] dir...\n");
    return 1;
  }
  for (int i = 1 + parents; i < argc; i++) {
    if ((parents ? make_parents(argv[i]) : mkdir(argv[i], 0777)) < 0) {
      fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    }
  }
  return status;
}
