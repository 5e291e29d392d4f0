// ls [-alid1] [path...]: list directories or files.
//
// With no option, every entry ("." and ".." too) in the xv6 manner:
//
//   TYPE  INODE  SIZE  NAME
//
// where TYPE is d (directory), - (file), c (character device), b (block
// device), p (pipe), l (link) or ?.  With options, as coreutils' ls does
// when its output is not a terminal: sorted names, one per line, hiding
// those that start with '.' unless -a; -i puts the inode number first; -l
// the long form
//
//   -rwxr-xr-x 1 0 0 1234 Dec  7 02:11 name
//
// (mode, links, uid, gid, size or device major, minor; the modification
// time in UTC, with the year instead of the hour for files over half a
// year old or in the future; "-> target" after a link); -d lists a
// directory itself.
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HALF_YEAR (365L * 24 * 3600 / 2)   // seconds: older times show the year

static int all, inodes, longform, dirself;   // the options
static int fancy;                            // any option: coreutils' form

struct entry {
  char *name;
  struct stat st;
};

static char
type_char(mode_t mode)
{
  char m[12];

  strmode(mode, m);
  return m[0];
}

static void
show_xv6(const char *name, struct stat *st)
{
  printf("%c %6lu %9ld %s\n", type_char(st->st_mode), (unsigned long)st->st_ino,
         (long)st->st_size, name);
}

// Column widths of the long form, so that the numbers line up.
struct widths {
  int ino, nlink, uid, gid, size;
};

static int
digits(unsigned long n)
{
  int d = 1;

  while (n >= 10) {
    n /= 10;
    d++;
  }
  return d;
}

static int
max(int a, int b)
{
  return a > b ? a : b;
}

// The size column: the size, or "major, minor" for a device.
static void
size_field(const struct stat *st, char *buf, size_t n)
{
  if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
    snprintf(buf, n, "%u, %u", major(st->st_rdev), minor(st->st_rdev));
  else
    snprintf(buf, n, "%ld", (long)st->st_size);
}

static void
measure(struct entry *e, int n, struct widths *w)
{
  char size[32];

  memset(w, 0, sizeof(*w));
  for (int i = 0; i < n; i++) {
    size_field(&e[i].st, size, sizeof(size));
    w->ino = max(w->ino, digits(e[i].st.st_ino));
    w->nlink = max(w->nlink, digits(e[i].st.st_nlink));
    w->uid = max(w->uid, digits(e[i].st.st_uid));
    w->gid = max(w->gid, digits(e[i].st.st_gid));
    w->size = max(w->size, strlen(size));
  }
}

static void
time_field(time_t t, char *buf, size_t n)
{
  time_t now = time(0);
  struct tm tm;

  gmtime_r(&t, &tm);
  if (t > now || now - t > HALF_YEAR)
    strftime(buf, n, "%b %e  %Y", &tm);
  else
    strftime(buf, n, "%b %e %H:%M", &tm);
}

// path is where the entry is, for reading a link's target.
static void
show_long(const char *path, const struct entry *e, const struct widths *w)
{
  char mode[12], size[32], when[32], target[PATH_MAX];
  ssize_t len;

  strmode(e->st.st_mode, mode);
  size_field(&e->st, size, sizeof(size));
  time_field(e->st.st_mtime, when, sizeof(when));
  printf("%s%*lu %*u %*u %*s %s %s", mode, w->nlink, (unsigned long)e->st.st_nlink, w->uid,
         e->st.st_uid, w->gid, e->st.st_gid, w->size, size, when, e->name);
  if (S_ISLNK(e->st.st_mode)) {
    len = readlink(path, target, sizeof(target) - 1);
    if (len >= 0) {
      target[len] = 0;
      printf(" -> %s", target);
    }
  }
  printf("\n");
}

// dir is the directory the entries are in ("" for the command line's).
static void
show_entries(const char *dir, struct entry *e, int n)
{
  char path[PATH_MAX];
  struct widths w;

  measure(e, n, &w);
  for (int i = 0; i < n; i++) {
    if (inodes)
      printf("%*lu ", w.ino, (unsigned long)e[i].st.st_ino);
    if (!longform) {
      printf("%s\n", e[i].name);
      continue;
    }
    if (*dir)
      snprintf(path, sizeof(path), "%s/%s", dir, e[i].name);
    else
      snprintf(path, sizeof(path), "%s", e[i].name);
    show_long(path, &e[i], &w);
  }
}

static int
by_name(const void *a, const void *b)
{
  return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

// Reads the directory's entries (with their lstat) into *out; returns how
// many, or -1 after a message.
static int
read_dir(const char *path, struct entry **out, int *status)
{
  char full[PATH_MAX];
  struct entry *e = 0;
  struct dirent *d;
  int n = 0, cap = 0;
  DIR *dir = opendir(path);

  if (!dir) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return -1;
  }
  while ((d = readdir(dir)) != 0) {
    if (d->d_name[0] == '.' && !all)
      continue;
    snprintf(full, sizeof(full), "%s/%s", path, d->d_name);
    if (n == cap) {
      struct entry *bigger = realloc(e, 2 * (cap + 8) * sizeof(*e));
      if (!bigger) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(ENOMEM));
        *status = 1;
        break;
      }
      e = bigger;
      cap = 2 * (cap + 8);
    }
    if (lstat(full, &e[n].st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", full, strerror(errno));
      *status = 1;
      continue;
    }
    e[n++].name = strdup(d->d_name);
  }
  closedir(dir);
  qsort(e, n, sizeof(*e), by_name);
  *out = e;
  return n;
}

static void
free_entries(struct entry *e, int n)
{
  for (int i = 0; i < n; i++)
    free(e[i].name);
  free(e);
}

static int
list_dir_xv6(const char *path)
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
    if (lstat(full, &st) < 0) {
      fprintf(stderr, "ls: %s: %s\n", full, strerror(errno));
      status = 1;
      continue;
    }
    show_xv6(e->d_name, &st);
  }
  closedir(d);
  return status;
}

static int
list_xv6(const char *path, int banner)
{
  struct stat st;

  if (stat(path, &st) < 0) {
    fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
    return 1;
  }
  if (!S_ISDIR(st.st_mode)) {
    show_xv6(path, &st);
    return 0;
  }
  if (banner)
    printf("%s:\n", path);
  return list_dir_xv6(path);
}

// Coreutils' order: the files named on the command line first, together;
// then each directory's entries, under a "dir:" banner when there are
// several paths.
static int
list(char **paths, int n)
{
  struct entry *files = calloc(n, sizeof(*files)), *e;
  char **dirs = calloc(n, sizeof(*dirs));
  int nfiles = 0, ndirs = 0, status = 0, count;

  for (int i = 0; i < n; i++) {
    struct stat st;
    // The long form shows a link named on the command line, not its target.
    int r = longform || dirself ? lstat(paths[i], &st) : stat(paths[i], &st);
    if (r < 0) {
      fprintf(stderr, "ls: %s: %s\n", paths[i], strerror(errno));
      status = 1;
    } else if (S_ISDIR(st.st_mode) && !dirself) {
      dirs[ndirs++] = paths[i];
    } else {
      files[nfiles].name = paths[i];
      files[nfiles++].st = st;
    }
  }
  qsort(files, nfiles, sizeof(*files), by_name);
  show_entries("", files, nfiles);
  for (int i = 0; i < ndirs; i++) {
    if (n > 1)
      printf("%s%s:\n", nfiles || i ? "\n" : "", dirs[i]);
    count = read_dir(dirs[i], &e, &status);
    if (count < 0) {
      status = 1;
      continue;
    }
    if (longform) {
      long blocks = 0;
      for (int j = 0; j < count; j++)
        blocks += e[j].st.st_blocks;
      printf("total %ld\n", blocks / 2);   // st_blocks counts 512-byte units
    }
    show_entries(dirs[i], e, count);
    free_entries(e, count);
  }
  free(files);
  free(dirs);
  return status;
}

int
main(int argc, char **argv)
{
  static char *here[] = { "." };
  int c, status = 0;

  while ((c = getopt(argc, argv, "alid1")) != -1) {
    switch (c) {
    case 'a': all = 1; break;
    case 'l': longform = 1; break;
    case 'i': inodes = 1; break;
    case 'd': dirself = 1; break;
    case '1': break;
    default:
      fprintf(stderr, "usage: ls [-alid1] [path...]\n");
      return 2;
    }
    fancy = 1;
  }
  if (fancy)
    return optind < argc ? list(argv + optind, argc - optind) : list(here, 1);
  if (optind == argc)
    return list_xv6(".", 0);
  for (int i = optind; i < argc; i++)
    status |= list_xv6(argv[i], argc - optind > 1);
  return status;
}
