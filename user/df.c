// df [path...]: the size, use and free space of file systems, in 1 KiB
// blocks: of every mounted one that has blocks (from /proc/mounts), or of
// the ones holding the paths.
#include <errno.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>

#define MOUNTS "/proc/mounts"
#define KIB 1024

// The mount whose directory holds path: the longest matching prefix.
static void
find_mount(const char *path, char *source, char *dir)
{
  struct mntent *m;
  size_t best = 0;
  FILE *f = setmntent(MOUNTS, "r");

  strcpy(source, "-");
  strcpy(dir, "/");
  if (!f)
    return;
  while ((m = getmntent(f)) != 0) {
    size_t len = strlen(m->mnt_dir);
    int inside = strncmp(path, m->mnt_dir, len) == 0 &&
                 (path[len] == '/' || path[len] == 0 || strcmp(m->mnt_dir, "/") == 0);
    if (inside && len >= best && len < PATH_MAX) {
      best = len;
      snprintf(source, PATH_MAX, "%s", m->mnt_fsname);
      strcpy(dir, m->mnt_dir);
    }
  }
  endmntent(f);
}

static void
show(const char *source, const char *dir, const struct statfs *st)
{
  unsigned long unit = st->f_frsize ? st->f_frsize : st->f_bsize;
  unsigned long total = st->f_blocks * unit / KIB;
  unsigned long used = (st->f_blocks - st->f_bfree) * unit / KIB;
  unsigned long avail = st->f_bavail * unit / KIB;
  char pct[8] = "-";

  // Of the space a user could have, the part used, rounded up as df does.
  if (used + avail > 0)
    snprintf(pct, sizeof(pct), "%lu%%", (used * 100 + used + avail - 1) / (used + avail));
  printf("%-14s %9lu %8lu %9lu %4s %s\n", source, total, used, avail, pct, dir);
}

static int
show_path(const char *path)
{
  char real[PATH_MAX], source[PATH_MAX], dir[PATH_MAX];
  struct statfs st;

  if (statfs(path, &st) < 0 || !realpath(path, real)) {
    fprintf(stderr, "df: %s: %s\n", path, strerror(errno));
    return 1;
  }
  find_mount(real, source, dir);
  show(source, dir, &st);
  return 0;
}

static int
show_all(void)
{
  struct mntent *m;
  struct statfs st;
  FILE *f = setmntent(MOUNTS, "r");

  if (!f)
    return show_path("/");
  while ((m = getmntent(f)) != 0) {
    if (statfs(m->mnt_dir, &st) == 0 && st.f_blocks > 0)
      show(m->mnt_fsname, m->mnt_dir, &st);
  }
  endmntent(f);
  return 0;
}

int
main(int argc, char **argv)
{
  int status = 0;

  printf("%-14s %9s %8s %9s %4s %s\n", "Filesystem", "1K-blocks", "Used", "Available", "Use%",
         "Mounted on");
  if (argc == 1)
    return show_all();
  for (int i = 1; i < argc; i++)
    status |= show_path(argv[i]);
  return status;
}
