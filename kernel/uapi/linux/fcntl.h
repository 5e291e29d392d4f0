// open(), fcntl() and the *at() calls: Linux asm-generic values (riscv64).
#pragma once

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

// fcntl() commands.  F_GETFL reports the access mode, O_APPEND and
// O_NONBLOCK; F_SETFL changes only O_APPEND and O_NONBLOCK.
#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC      1         // the descriptor flag of F_GETFD/F_SETFD

// dirfd and flags of the *at() calls.  Some flags share a value: each call
// knows only the ones that make sense for it.
#define AT_FDCWD              (-100)
#define AT_SYMLINK_NOFOLLOW   0x100
#define AT_REMOVEDIR          0x200    // unlinkat
#define AT_EACCESS            0x200    // faccessat2: the effective ids (all the same here)
#define AT_SYMLINK_FOLLOW     0x400
#define AT_NO_AUTOMOUNT       0x800
#define AT_EMPTY_PATH         0x1000
#define AT_STATX_SYNC_AS_STAT 0x0000
#define AT_STATX_FORCE_SYNC   0x2000
#define AT_STATX_DONT_SYNC    0x4000
#define AT_STATX_SYNC_TYPE    0x6000   // both sync bits at once is invalid
