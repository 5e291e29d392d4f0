// statfs: a mounted file system's size and kind, in Linux's asm-generic
// layout (statfs64 on 64-bit; 120 bytes).
#pragma once
#include <stdint.h>

typedef struct {
  int32_t __val[2];
} fsid_t;

struct statfs {
  int64_t f_type;                   // the file system's magic number
  int64_t f_bsize;                  // the block size counts are in
  uint64_t f_blocks;                // blocks in all
  uint64_t f_bfree;                 // free blocks
  uint64_t f_bavail;                // free blocks an unprivileged user may use
  uint64_t f_files;                 // inodes in all
  uint64_t f_ffree;                 // free inodes
  fsid_t f_fsid;
  int64_t f_namelen;                // the longest file name
  int64_t f_frsize;
  int64_t f_flags;                  // mount flags (ST_RDONLY...)
  int64_t f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "Linux 64-bit struct statfs");
