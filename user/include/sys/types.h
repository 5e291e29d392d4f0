// Basic system data types, with Linux riscv64 (lp64) sizes.
#pragma once
#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned int nlink_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef int clockid_t;

// Linux's encoding of device numbers (major up to 12 bits in the low word).
#define makedev(ma, mi) \
  ((((dev_t)(ma) & 0xfff) << 8) | ((dev_t)(mi) & 0xff) | \
   (((dev_t)(mi) & ~0xffUL) << 12) | (((dev_t)(ma) & ~0xfffUL) << 32))
#define major(d) ((unsigned)((((d) >> 8) & 0xfff) | (((d) >> 32) & ~0xfffU)))
#define minor(d) ((unsigned)(((d) & 0xff) | (((d) >> 12) & ~0xffU)))
