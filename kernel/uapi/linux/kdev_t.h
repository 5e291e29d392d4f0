// Device numbers (st_dev, st_rdev, mknod): Linux's encoding, compatible
// with the old 16-bit one (major up to 12 bits in the low word).  The C
// library's makedev, major and minor are these.
#pragma once
#include <stdint.h>

#define MKDEV(ma, mi) ((((uint64_t)(ma) & 0xfff) << 8) | ((uint64_t)(mi) & 0xff) | \
                       (((uint64_t)(mi) & ~0xffUL) << 12) | (((uint64_t)(ma) & ~0xfffUL) << 32))
#define DEV_MAJOR(d)  ((uint32_t)((((d) >> 8) & 0xfff) | (((d) >> 32) & ~0xfffU)))
#define DEV_MINOR(d)  ((uint32_t)(((d) & 0xff) | (((d) >> 12) & ~0xffU)))
