// Memory mappings (Linux riscv64 values).  See docs/memory.md for what this
// kernel supports: anonymous private and shared mappings, and private
// mappings of files (their bytes are copied in at mmap time).
#pragma once
#include <sys/types.h>

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED    0x01
#define MAP_PRIVATE   0x02
#define MAP_SHARED_VALIDATE 0x03       // MAP_SHARED; unknown flags: EOPNOTSUPP
#define MAP_FIXED     0x10
#define MAP_ANONYMOUS 0x20
#define MAP_ANON      MAP_ANONYMOUS
#define MAP_NORESERVE 0x4000           // accepted; every private mapping is lazy anyway
#define MAP_POPULATE  0x8000           // allocate every page now
#define MAP_STACK     0x20000          // accepted, no effect (as on Linux)
#define MAP_FIXED_NOREPLACE 0x100000   // MAP_FIXED, but EEXIST instead of replacing

#define MAP_FAILED ((void *)-1)

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off);
int munmap(void *addr, size_t len);
int mprotect(void *addr, size_t len, int prot);

// mremap: shrink or grow a mapping in place, or move it (MREMAP_MAYMOVE; to
// the fifth argument with MREMAP_FIXED).  Returns the new address.
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2
void *mremap(void *old, size_t oldsize, size_t newsize, int flags, ... /* void *newaddr */);

// madvise: advice is accepted; MADV_DONTNEED and MADV_FREE drop the pages of
// private anonymous memory (they come back zeroed).
#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_FREE       8
int madvise(void *addr, size_t len, int advice);

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4
int msync(void *addr, size_t len, int flags);
int mincore(void *addr, size_t len, unsigned char *vec);   // vec[i] & 1: page i is in memory
