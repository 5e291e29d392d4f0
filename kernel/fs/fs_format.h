// The on-disk format of the file system, shared by the kernel and the host
// tool mkfs (so it may include nothing but <stdint.h>).  All numbers on disk
// are little-endian, as are RISC-V and the hosts mkfs runs on.
//
// Disk layout, in blocks of BSIZE bytes:
//   [ boot (unused) | superblock | log header | log blocks | inodes | free bitmap | data ... ]
#pragma once
#include <stdint.h>

#define BSIZE     4096          // block size: one page, so a buffer is one page
#define FSMAGIC   0x58465336    // "6SFX"
// The layout of the inode (and so of the image): mkfs writes it into the
// superblock, the kernel and grade/host/fsimage.py refuse any other.  Images
// from before versions were kept hold 0 there.  Version 1: 128-byte inodes
// with permission bits, owner, times and a 64-bit size.
#define FS_VERSION 1
#define ROOTINO   1             // inode number of "/" (inode 0 is never used)
#define SUPERBLOCK_NO 1

// The superblock (block 1) describes the layout.
struct superblock {
  uint32_t magic;        // FSMAGIC
  uint32_t size;         // image size in blocks
  uint32_t nblocks;      // data blocks
  uint32_t ninodes;
  uint32_t nlog;         // log blocks, header included
  uint32_t logstart;     // first log block (the header)
  uint32_t inodestart;   // first inode block
  uint32_t bmapstart;    // first free-bitmap block
  uint32_t version;      // FS_VERSION
};

// The log: a header block naming the home blocks that follow it, then up to
// LOGSIZE copies.  A non-zero n in the header means a committed transaction
// that must be (re)installed at mount.
#define MAXOPBLOCKS 32                  // most blocks one operation may write
#define LOGSIZE     (4 * MAXOPBLOCKS)   // blocks of the log after the header
struct logheader {
  uint32_t n;
  uint32_t block[LOGSIZE];
};

// Inodes.  Block addresses: NDIRECT direct, one single-indirect and one
// double-indirect block; 0 means "not allocated" (a hole reads as zeros).
#define T_DIR  1
#define T_FILE 2
#define T_DEV  3
#define T_SYMLINK 4            // the contents are the target path

#define NDIRECT   13
#define NINDIRECT (BSIZE / sizeof(uint32_t))
#define MAXFILE_BLOCKS (NDIRECT + NINDIRECT + NINDIRECT * NINDIRECT)

// The permission part of a Unix mode (rwx for owner, group, others, and
// setuid, setgid, sticky); the file's type is in dinode.type.
#define MODE_PERM 07777

// Times are seconds and nanoseconds since 1970 (UTC), split so the struct
// has no padding.
struct dinode {
  int16_t type;          // T_*, 0 = free
  uint16_t mode;         // permission bits (MODE_PERM)
  int16_t nlink;         // directory entries naming it
  int16_t major;         // T_DEV: device number
  int16_t minor;
  uint16_t spare;        // zero
  uint32_t uid, gid;     // owner
  uint32_t blocks;       // blocks allocated to it, indirect ones included (st_blocks)
  uint64_t size;         // bytes
  int64_t atime, mtime, ctime;                 // last access, change of contents, change of the inode
  uint32_t atime_nsec, mtime_nsec, ctime_nsec;
  uint32_t addrs[NDIRECT + 2];
};
_Static_assert(BSIZE % sizeof(struct dinode) == 0, "a whole number of inodes per block");

#define IPB          (BSIZE / sizeof(struct dinode))   // inodes per block
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)
#define BPB          (BSIZE * 8)                       // bitmap bits per block
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

// A directory is a file of fixed-size entries; inum 0 marks a free slot.
// A name fills name[] NUL-padded; one of exactly DIRSIZ bytes has no NUL.
#define DIRSIZ 60
struct dirent {
  uint32_t inum;
  char name[DIRSIZ];
};

// What mkfs builds unless told otherwise.
// 32 MiB, of which the programs (stripped, glibc builds included) take 9.
// Not much more: U-Boot on QEMU virt loads fs.img at 0x88300000, and at
// 256 MiB of RAM what it reserves for itself begins about 40 MiB above.
#define FS_DEFAULT_BLOCKS  8192
#define FS_DEFAULT_INODES  1024

// Device numbers (dinode.major) the kernel's devsw[] knows; /dev/console is made by mkfs.
#define CONSOLE_MAJOR 1
