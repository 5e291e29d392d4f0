// statfs: a mounted file system's size and kind, in Linux's asm-generic
// layout (riscv64).
#pragma once
#include <sys/types.h>

typedef struct {
  int __val[2];
} fsid_t;

struct statfs {
  long f_type;                  // the file system's magic number
  long f_bsize;                 // the block size counts are in
  unsigned long f_blocks;       // blocks in all
  unsigned long f_bfree;        // free blocks
  unsigned long f_bavail;       // free blocks an unprivileged user may use
  unsigned long f_files;        // inodes in all
  unsigned long f_ffree;        // free inodes
  fsid_t f_fsid;
  long f_namelen;               // the longest file name
  long f_frsize;
  long f_flags;                 // mount flags (ST_RDONLY...)
  long f_spare[4];
};

int statfs(const char *path, struct statfs *st);
int fstatfs(int fd, struct statfs *st);
