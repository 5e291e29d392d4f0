// cp [-rp] src dst, cp [-rp] src... dir: copy files (-r: directories too,
// with what is in them; -p: the exact mode and times).  A new file gets the
// source's mode less the umask.
#include <errno.h>
#include <filetree.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// dir/name, where name is the last component of src.
static void
inside(char *dst, size_t n, const char *dir, const char *src)
{
  char copy[PATH_MAX];

  snprintf(copy, sizeof(copy), "%s", src);
  snprintf(dst, n, "%s/%s", dir, basename(copy));
}

int
main(int argc, char **argv)
{
  char dst[PATH_MAX];
  struct stat st;
  int c, flags = 0, status = 0, into;
  const char *last;

  while ((c = getopt(argc, argv, "rRp")) != -1) {
    if (c == 'r' || c == 'R')
      flags |= TREE_RECURSIVE;
    else if (c == 'p')
      flags |= TREE_PRESERVE;
    else
      goto usage;
  }
  if (argc - optind < 2)
    goto usage;
  last = argv[argc - 1];
  into = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc - optind > 2 && !into) {
    fprintf(stderr, "cp: %s: %s\n", last, strerror(ENOTDIR));
    return 1;
  }
  for (int i = optind; i < argc - 1; i++) {
    if (into)
      inside(dst, sizeof(dst), last, argv[i]);
    else
      snprintf(dst, sizeof(dst), "%s", last);
    if (copy_tree("cp", argv[i], dst, flags) < 0)
      status = 1;
  }
  return status;

usage:
  fprintf(stderr, "usage: cp [-rp] src dst\n       cp [-rp] src... dir\n");
  return 1;
}
