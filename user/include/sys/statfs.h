// File-system statistics (Linux's struct statfs on 64-bit).
#pragma once
#include <sys/types.h>

struct statfs {
  long f_type;                     // the file system's magic number
  long f_bsize;
  unsigned long f_blocks, f_bfree, f_bavail;
  unsigned long f_files, f_ffree;
  struct { int __val[2]; } f_fsid;
  long f_namelen;
  long f_frsize;
  long f_flags;
  long f_spare[4];
};

int statfs(const char *path, struct statfs *st);
int fstatfs(int fd, struct statfs *st);
