// Memory mappings (Linux riscv64 values).  See docs/memory.md for what this
// kernel supports: anonymous private and shared mappings, and private
// mappings of files (their bytes are copied in at mmap time).
#pragma once
#include <sys/types.h>

#include <linux/mman.h>
#define MAP_ANON MAP_ANONYMOUS

#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);

// mremap: see <linux/mman.h>.
void *mremap(void *old, size_t oldsize, size_t newsize, int flags, ... /* void *newaddr */);

// madvise: advice is accepted (<linux/mman.h>).
int madvise(void *addr, size_t len, int advice);

int msync(void *addr, size_t len, int flags);
int mincore(void *addr, size_t len, unsigned char *vec);   // vec[i] & 1: page i is in memory
