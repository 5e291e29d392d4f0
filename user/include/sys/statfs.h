// statfs: a mounted file system's size and kind, in Linux's asm-generic
// layout (riscv64).
#pragma once
#include <sys/types.h>

#include <linux/statfs.h>

int statfs(const char *path, struct statfs *st);
int fstatfs(int fd, struct statfs *st);
