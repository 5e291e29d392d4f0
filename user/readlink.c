// readlink [-f] path...: print a symbolic link's target (-f: the path's
// canonical form, every link resolved, as realpath gives it; the last
// component need not exist).
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SYMLINKS 40   // as the kernel: ELOOP beyond

// realpath, but a missing last component is fine: it is appended to the
// canonical form of the directory it would be in (a dangling link's target
// too, as coreutils does).
static int
canonical_form(const char *path, char *out, int depth)
{
  char dir[PATH_MAX], base[PATH_MAX], resolved[PATH_MAX], next[PATH_MAX];
  const char *name;
  struct stat st;
  ssize_t n;

  if (realpath(path, out))
    return 0;
  if (errno != ENOENT || strlen(path) >= PATH_MAX)
    return -1;
  strcpy(dir, path);
  strcpy(base, path);
  name = basename(base);
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || path[strlen(path) - 1] == '/' ||
      !realpath(dirname(dir), resolved)) {
    errno = ENOENT;
    return -1;
  }
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    if (depth >= MAX_SYMLINKS) {
      errno = ELOOP;
      return -1;
    }
    n = readlink(path, base, sizeof(base) - 1);
    if (n < 0)
      return -1;
    base[n] = 0;
    if (base[0] == '/')
      snprintf(next, sizeof(next), "%s", base);
    else
      snprintf(next, sizeof(next), "%s/%s", resolved, base);
    return canonical_form(next, out, depth + 1);
  }
  snprintf(out, PATH_MAX, "%s%s%s", resolved, strcmp(resolved, "/") ? "/" : "", name);
  return 0;
}

static int
show(const char *path, int canonical)
{
  char buf[PATH_MAX];
  ssize_t n;

  if (canonical) {
    if (canonical_form(path, buf, 0) < 0)
      return -1;
    printf("%s\n", buf);
    return 0;
  }
  n = readlink(path, buf, sizeof(buf) - 1);
  if (n < 0)
    return -1;
  buf[n] = 0;
  printf("%s\n", buf);
  return 0;
}

int
main(int argc, char **argv)
{
  int c, canonical = 0, status = 0;

  while ((c = getopt(argc, argv, "f")) != -1) {
    if (c != 'f')
      goto usage;
    canonical = 1;
  }
  if (optind == argc)
    goto usage;
  for (int i = optind; i < argc; i++) {
    if (show(argv[i], canonical) < 0) {
      fprintf(stderr, "readlink: %s: %s\n", argv[i], strerror(errno));
      status = 1;
    }
  }
  return status;

usage:
  fprintf(stderr, "usage: readlink [-f] path...\n");
  return 1;
}
