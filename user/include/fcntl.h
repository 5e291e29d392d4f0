// open() flags: Linux asm-generic values (riscv64).
#pragma once
#include <sys/types.h>

#include <linux/fcntl.h>

int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
int fcntl(int fd, int cmd, ...);
