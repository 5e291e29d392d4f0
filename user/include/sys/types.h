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
#include <linux/kdev_t.h>
#define makedev(ma, mi) ((dev_t)MKDEV(ma, mi))
#define major(d) DEV_MAJOR(d)
#define minor(d) DEV_MINOR(d)
