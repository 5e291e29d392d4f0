// ln [-sf] target name, ln [-sf] target... dir: make a hard link (-s: a
// symbolic link holding target; -f: replace an existing name).
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int symbolic, force;

static int
make_link(const char *target, const char *name)
{
  if (force && unlink(name) < 0 && errno != ENOENT) {
    fprintf(stderr, "ln: %s: %s\n", name, strerror(errno));
    return -1;
  }
  if ((symbolic ? symlink(target, name) : link(target, name)) < 0) {
    fprintf(stderr, "ln: %s -> %s: %s\n", name, target, strerror(errno));
    return -1;
  }
  return 0;
}

int
main(int argc, char **argv)
{
  char name[PATH_MAX], copy[PATH_MAX];
  struct stat st;
  int c, into, status = 0;
  const char *last;

  while ((c = getopt(argc, argv, "sf")) != -1) {
    if (c == 's')
      symbolic = 1;
    else if (c == 'f')
      force = 1;
    else
      goto usage;
  }
  if (argc - optind < 2)
    goto usage;
  last = argv[argc - 1];
  // A link to a directory named as the last word is followed: ln puts the link inside.
  into = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
  if (argc - optind > 2 && !into) {
    fprintf(stderr, "ln: %s: %s\n", last, strerror(ENOTDIR));
    return 1;
  }
  for (int i = optind; i < argc - 1; i++) {
    snprintf(copy, sizeof(copy), "%s", argv[i]);
    if (into)
      snprintf(name, sizeof(name), "%s/%s", last, basename(copy));
    else
      snprintf(name, sizeof(name), "%s", last);
    if (make_link(argv[i], name) < 0)
      status = 1;
  }
  return status;

usage:
  fprintf(stderr, "usage: ln [-sf] target name\n       ln [-sf] target... dir\n");
  return 1;
}
