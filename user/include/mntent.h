// Reading a table of mounts such as /proc/mounts, one file system a line:
// "source target type options freq passno".
#pragma once
#include <stdio.h>

struct mntent {
  char *mnt_fsname;       // the source: a device, or a name such as "proc"
  char *mnt_dir;          // where it is mounted
  char *mnt_type;
  char *mnt_opts;         // "rw,nosuid"
  int mnt_freq;
  int mnt_passno;
};

FILE *setmntent(const char *path, const char *mode);
// The next entry, in memory that the next call reuses; null at the end.
struct mntent *getmntent(FILE *f);
int endmntent(FILE *f);
