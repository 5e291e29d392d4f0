// ln [-s] old new: make a hard link, or with -s a symbolic link whose
// target is the text old.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
  int sym = argc == 4 && strcmp(argv[1], "-s") == 0;
  if (argc != 3 + sym) {
    fprintf(stderr, "usage: ln [-s] old new\n");
    return 1;
  }
  const char *old = argv[1 + sym], *new = argv[2 + sym];
  if ((sym ? symlink(old, new) : link(old, new)) < 0) {
    fprintf(stderr, "ln: %s -> %s: %s\n", new, old, strerror(errno));
    return 1;
  }
  return 0;
}
