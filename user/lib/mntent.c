// The mount table's lines split into fields (spaces in names are written
// as \040 by the kernel and left so).
#include <mntent.h>
#include <stdlib.h>
#include <string.h>

#define MNT_LINE 1024

FILE *
setmntent(const char *path, const char *mode)
{
  return fopen(path, mode);
}

int
endmntent(FILE *f)
{
  if (f)
    fclose(f);
  return 1;
}

struct mntent *
getmntent(FILE *f)
{
  static char line[MNT_LINE];
  static struct mntent m;
  char *save, *freq, *passno;

  while (fgets(line, sizeof(line), f)) {
    m.mnt_fsname = strtok_r(line, " \t\n", &save);
    if (!m.mnt_fsname || m.mnt_fsname[0] == '#')
      continue;
    m.mnt_dir = strtok_r(0, " \t\n", &save);
    m.mnt_type = strtok_r(0, " \t\n", &save);
    m.mnt_opts = strtok_r(0, " \t\n", &save);
    if (!m.mnt_type)
      continue;
    if (!m.mnt_opts)
      m.mnt_opts = "";
    freq = strtok_r(0, " \t\n", &save);
    passno = strtok_r(0, " \t\n", &save);
    m.mnt_freq = freq ? atoi(freq) : 0;
    m.mnt_passno = passno ? atoi(passno) : 0;
    return &m;
  }
  return 0;
}
