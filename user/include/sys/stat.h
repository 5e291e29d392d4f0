// struct stat in the Linux asm-generic layout (riscv64), and file modes.
#pragma once
#include <sys/types.h>
#include <time.h>

#include <linux/stat.h>

#define st_atime st_atim.tv_sec
#define st_mtime st_mtim.tv_sec
#define st_ctime st_ctim.tv_sec

int stat(const char *path, struct stat *st);
int lstat(const char *path, struct stat *st);
int fstat(int fd, struct stat *st);
int fstatat(int dirfd, const char *path, struct stat *st, int flags);
int mkdir(const char *path, mode_t mode);
int mkdirat(int dirfd, const char *path, mode_t mode);
int mknod(const char *path, mode_t mode, dev_t dev);
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev);

int chmod(const char *path, mode_t mode);
int fchmod(int fd, mode_t mode);
int fchmodat(int dirfd, const char *path, mode_t mode, int flags);
mode_t umask(mode_t mask);

// utimensat/futimens: UTIME_NOW, UTIME_OMIT (<linux/stat.h>); times NULL
// sets both to now.
int utimensat(int dirfd, const char *path, const struct timespec times[2], int flags);
int futimens(int fd, const struct timespec times[2]);

// statx(): Linux's extended stat (<linux/stat.h>).
int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *sx);
