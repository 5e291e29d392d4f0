// Linux riscv64 (asm-generic) values and layouts of the file system calls.
#pragma once
#include <stdint.h>

#define O_ACCMODE   03
#define O_RDONLY    00
#define O_WRONLY    01
#define O_RDWR      02
#define O_CREAT     0100
#define O_EXCL      0200
#define O_NOCTTY    0400
#define O_TRUNC     01000
#define O_APPEND    02000
#define O_NONBLOCK  04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW  0400000
#define O_CLOEXEC   02000000

// fcntl() commands (asm-generic/fcntl.h) and the one descriptor flag.
#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC      1

#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200
#define AT_SYMLINK_FOLLOW   0x400
#define AT_EMPTY_PATH       0x1000

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE  2

// umount2 flags
#define MNT_FORCE  1
#define MNT_DETACH 2

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define S_IFMT  0170000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFREG 0100000
#define S_IFIFO 0010000
#define S_IFLNK 0120000

#define DT_FIFO 1
#define DT_CHR  2
#define DT_DIR  4
#define DT_REG  8
#define DT_LNK  10

#define PATH_MAX 4096

// Device numbers: Linux's 32-bit-compatible encoding.
#define MKDEV(ma, mi) ((((uint64_t)(ma) & 0xfff) << 8) | ((uint64_t)(mi) & 0xff) | \
                       (((uint64_t)(mi) & ~0xffUL) << 12) | (((uint64_t)(ma) & ~0xfffUL) << 32))
#define DEV_MAJOR(d) ((uint32_t)((((d) >> 8) & 0xfff) | (((d) >> 32) & ~0xfffU)))
#define DEV_MINOR(d) ((uint32_t)(((d) & 0xff) | (((d) >> 12) & ~0xffU)))

struct linux_timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};

struct linux_stat {                 // 128 bytes
  uint64_t st_dev;
  uint64_t st_ino;
  uint32_t st_mode;
  uint32_t st_nlink;
  uint32_t st_uid;
  uint32_t st_gid;
  uint64_t st_rdev;
  uint64_t __pad1;
  int64_t st_size;
  int32_t st_blksize;
  int32_t __pad2;
  int64_t st_blocks;
  struct linux_timespec st_atim, st_mtim, st_ctim;
  uint32_t __unused4, __unused5;
};

struct linux_dirent64 {             // followed by the NUL-terminated name, padded to 8 bytes
  uint64_t d_ino;
  int64_t d_off;                    // offset of the next entry
  uint16_t d_reclen;
  uint8_t d_type;
  char d_name[];
};

// Terminal ioctls: isatty() and the foreground process group.  The
// kernel's struct termios (asm-generic/termbits.h), not the C library's
// larger one.
#define TCGETS     0x5401
#define TCSETS     0x5402
#define TCSETSW    0x5403
#define TCSETSF    0x5404
#define TIOCGPGRP  0x540f
#define TIOCSPGRP  0x5410
#define TIOCGWINSZ 0x5413
struct linux_winsize {
  uint16_t ws_row, ws_col, ws_xpixel, ws_ypixel;
};
#define NCCS 19
struct linux_termios {              // 36 bytes
  uint32_t c_iflag, c_oflag, c_cflag, c_lflag;
  uint8_t c_line;
  uint8_t c_cc[NCCS];
};

struct linux_statfs {               // 120 bytes (asm-generic statfs64 on 64-bit)
  int64_t f_type;
  int64_t f_bsize;
  uint64_t f_blocks, f_bfree, f_bavail;
  uint64_t f_files, f_ffree;
  int32_t f_fsid[2];
  int64_t f_namelen;
  int64_t f_frsize;
  int64_t f_flags;
  int64_t f_spare[4];
};

// poll(2) events.
#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020
struct linux_pollfd {
  int32_t fd;
  int16_t events, revents;
};

// File attributes: access(), utimensat() and statx().
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#define AT_EACCESS          0x200         // faccessat2: the effective ids (all the same here)
#define AT_NO_AUTOMOUNT     0x800
#define AT_STATX_SYNC_TYPE  0x6000        // FORCE_SYNC 0x2000, DONT_SYNC 0x4000; both is invalid
#define UTIME_NOW  ((1L << 30) - 1)
#define UTIME_OMIT ((1L << 30) - 2)

#define STATX_BASIC_STATS 0x7ffU          // type, mode, nlink, uid, gid, times, ino, size, blocks
#define STATX__RESERVED   0x80000000U

struct statx_timestamp {
  int64_t tv_sec;
  uint32_t tv_nsec;
  int32_t __reserved;
};

struct linux_statx {                // 256 bytes
  uint32_t stx_mask;                // what is filled in
  uint32_t stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink, stx_uid, stx_gid;
  uint16_t stx_mode, __spare0;
  uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
  struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
  uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
  uint64_t stx_mnt_id;
  uint32_t stx_dio_mem_align, stx_dio_offset_align;
  uint64_t __spare3[12];
};
