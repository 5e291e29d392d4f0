// What getdents64 fills: records of Linux's struct linux_dirent64.
#pragma once
#include <stdint.h>

struct linux_dirent64 {             // followed by the NUL-terminated name, padded to 8 bytes
  uint64_t d_ino;
  int64_t d_off;                    // offset of the next entry
  uint16_t d_reclen;
  uint8_t d_type;
  char d_name[];
};

// d_type.
#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12
