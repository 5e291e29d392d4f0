// stat path...: everything stat(2) knows about each file, in the layout of
// coreutils' stat (numeric ids only: this system has no user database).
// A link is described itself, not its target.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *
type_name(mode_t mode)
{
  switch (mode & S_IFMT) {
  case S_IFREG: return "regular file";
  case S_IFDIR: return "directory";
  case S_IFLNK: return "symbolic link";
  case S_IFCHR: return "character special file";
  case S_IFBLK: return "block special file";
  case S_IFIFO: return "fifo";
  case S_IFSOCK: return "socket";
  default: return "weird file";
  }
}

static void
show_time(const char *label, const struct timespec *ts)
{
  char when[32];
  struct tm tm;

  gmtime_r(&ts->tv_sec, &tm);
  strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
  printf("%s: %s.%09ld +0000\n", label, when, ts->tv_nsec);
}

static void
show_name(const char *path, const struct stat *st)
{
  char target[PATH_MAX];
  ssize_t n;

  printf("  File: %s", path);
  if (S_ISLNK(st->st_mode)) {
    n = readlink(path, target, sizeof(target) - 1);
    if (n >= 0) {
      target[n] = 0;
      printf(" -> %s", target);
    }
  }
  printf("\n");
}

static int
show(const char *path)
{
  char mode[12];
  struct stat st;

  if (lstat(path, &st) < 0) {
    fprintf(stderr, "stat: %s: %s\n", path, strerror(errno));
    return 1;
  }
  strmode(st.st_mode, mode);
  mode[10] = 0;
  show_name(path, &st);
  printf("  Size: %-10ld\tBlocks: %-10ld IO Block: %-6d %s\n", (long)st.st_size, (long)st.st_blocks,
         (int)st.st_blksize, type_name(st.st_mode));
  printf("Device: %u,%u\tInode: %-11lu Links: %-5u", major(st.st_dev), minor(st.st_dev),
         (unsigned long)st.st_ino, (unsigned)st.st_nlink);
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
    printf(" Device type: %u,%u", major(st.st_rdev), minor(st.st_rdev));
  printf("\nAccess: (%04o/%s)  Uid: (%5u)   Gid: (%5u)\n", (unsigned)(st.st_mode & 07777), mode,
         (unsigned)st.st_uid, (unsigned)st.st_gid);
  show_time("Access", &st.st_atim);
  show_time("Modify", &st.st_mtim);
  show_time("Change", &st.st_ctim);
  printf(" Birth: -\n");
  return 0;
}

int
main(int argc, char **argv)
{
  int status = 0;

  if (argc < 2) {
    fprintf(stderr, "usage: stat path...\n");
    return 1;
  }
  for (int i = 1; i < argc; i++)
    status |= show(argv[i]);
  return status;
}
