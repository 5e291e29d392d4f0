// The RAM disk: on boards the boot loader loads fs.img as the initrd, and the
// file system lives there, reached through the direct map.  Changes last
// until power-off, like a disk that forgets at reboot.
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "drivers/fdt.h"
#include "fs/fs_format.h"
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

int ramdisk_rw_batch(struct blk_req *r, int n)
{
  int err = 0;
  for (int i = 0; i < n; i++) {
    r[i].error = r[i].blockno < nblocks ? 0 : -EIO;
    if (r[i].error) {
      err = -EIO;
      continue;
    }
    uint8_t *blk = ram + (uint64_t)r[i].blockno * BSIZE;
    if (r[i].write)
      memcpy(blk, r[i].data, BSIZE);
    else
      memcpy(r[i].data, blk, BSIZE);
  }
  return err;
}
