// mv src dst, mv src... dir: rename files and directories.  Across file
// systems (EXDEV) the tree is copied, with its modes and times, and the
// source removed.
#include <errno.h>
#include <filetree.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
move(const char *src, const char *dst)
{
  if (rename(src, dst) == 0)
    return 0;
  if (errno != EXDEV) {
    fprintf(stderr, "mv: %s -> %s: %s\n", src, dst, strerror(errno));
    return -1;
  }
  if (copy_tree("mv", src, dst, TREE_RECURSIVE | TREE_PRESERVE) < 0)
    return -1;
  return remove_tree("mv", src);
}

int
main(int argc, char **argv)
{
  char dst[PATH_MAX], name[PATH_MAX];
  struct stat st;
  const char *last = argv[argc - 1];
  int into, status = 0;

  if (argc < 3) {
    fprintf(stderr, "usage: mv src dst\n       mv src... dir\n");
    return 1;
  }
  into = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc > 3 && !into) {
    fprintf(stderr, "mv: %s: %s\n", last, strerror(ENOTDIR));
    return 1;
  }
  for (int i = 1; i < argc - 1; i++) {
    snprintf(name, sizeof(name), "%s", argv[i]);
    if (into)
      snprintf(dst, sizeof(dst), "%s/%s", last, basename(name));
    else
      snprintf(dst, sizeof(dst), "%s", last);
    if (move(argv[i], dst) < 0)
      status = 1;
  }
  return status;
}
