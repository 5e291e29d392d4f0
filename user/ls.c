// ls [path...]: list directories (every entry, "." and ".." included) or
// files, one per line in the xv6 manner:
//
//   TYPE  INODE  SIZE  NAME
//
// TYPE is d (directory), - (file), c (character device), b (block device),
// p (pipe), l (link) or ?.
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static char
type_char(mode_t mode)
{
  switch (mode & S_IFMT) {
  case S_IFDIR: return 'd';
  case S_IFREG: return '-';
  case S_IFCHR: return 'c';
  case S_IFBLK: return 'b';
  case S_IFIFO: return 'p';
  case S_IFLNK: return 'l';
  default: return '?';
  }
}

static void
show(const char *name, struct stat *st)
{
  printf("%c %6lu %9ld %s\n", type_char(st->st_mode), (unsigned long)st->st_ino,
         (long)st->st_size, name);
}

static int
list_dir(const char *path)
{
  char full[PATH_MAX];
  struct dirent *e;
  struct stat st;
  int status = 0;
  DIR *d = opendir(path);

  if (!d) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return 1;
  }
  while ((e = readdir(d)) != 0) {
    snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
    if (stat(full, &st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", full, strerror(errno));
      status = 1;
      continue;
    }
    show(e->d_name, &st);
  }
  closedir(d);
  return status;
}

static int
list(const char *path, int banner)
{
  struct stat st;

  if (stat(path, &st) < 0) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    show(path, &st);
    return 0;
  }
  if (banner)
    printf("%s:\n", path);
  return list_dir(path);
}

int
main(int argc, char **argv)
{
  int status = 0;

  if (argc < 2)
    return list(".", 0);
  for (int i = 1; i < argc; i++)
    status |= list(argv[i], argc > 2);
  return status;
}
