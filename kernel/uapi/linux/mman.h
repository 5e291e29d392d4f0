// Memory mappings: mmap, mprotect, mremap, madvise and msync values (Linux
// riscv64).  docs/memory.md says which of them this kernel implements.
#pragma once

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

#define MAP_SHARED          0x01
#define MAP_PRIVATE         0x02
#define MAP_SHARED_VALIDATE 0x03      // MAP_SHARED; unknown flags: EOPNOTSUPP
#define MAP_TYPE            0x0f      // the bits that hold one of the three above
#define MAP_FIXED           0x10
#define MAP_ANONYMOUS       0x20
#define MAP_NORESERVE       0x4000    // accepted; every private mapping is lazy anyway
#define MAP_POPULATE        0x8000    // allocate every page now
#define MAP_STACK           0x20000   // accepted, no effect (as on Linux)
#define MAP_FIXED_NOREPLACE 0x100000  // MAP_FIXED, but EEXIST instead of replacing

// mremap: shrink or grow in place, or move (MREMAP_MAYMOVE; to the fifth
// argument with MREMAP_FIXED).
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED   2

// madvise: MADV_DONTNEED and MADV_FREE drop the pages of private anonymous
// memory (they come back zeroed).  5..7 are unused.
#define MADV_NORMAL     0
#define MADV_RANDOM     1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED   3
#define MADV_DONTNEED   4
#define MADV_FREE       8
#define MADV_REMOVE     9
#define MADV_POPULATE_WRITE 23        // the highest Linux has

#define MS_ASYNC      1
#define MS_INVALIDATE 2
#define MS_SYNC       4
