// The RAM disk: on boards the boot loader loads fs.img as the initrd, and the
// file system lives there, reached through the direct map.  Changes last
// until power-off, like a disk that forgets at reboot.
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "drivers/fdt.h"
#include "fs/fs_format.h"
#include "fs/buf.h"
#include "fs/blockdev.h"

// Set once by ramdisk_init; blocks never overlap, and the buffer cache hands
// each block to one task at a time, so copies need no lock.
static uint8_t *ram;
static uint64_t nblocks;

int ramdisk_init(struct machine *m)
{
  if (m->initrd_end <= m->initrd_start)
    return -ENODEV;
  ram = PA2KVA(m->initrd_start);
  nblocks = (m->initrd_end - m->initrd_start) / BSIZE;
  printf("ramdisk: %lu blocks of %d bytes at %p\n", (unsigned long)nblocks, BSIZE, (void *)m->initrd_start);
  return 0;
}

int ramdisk_rw(struct buf *b, int write)
{
  if (b->blockno >= nblocks)
    return -EIO;
  uint8_t *blk = ram + (uint64_t)b->blockno * BSIZE;
  if (write)
    memcpy(blk, b->data, BSIZE);
  else
    memcpy(b->data, blk, BSIZE);
  return 0;
}
