// Choosing the block device the root file system lives on.
#include "errno.h"
#include "fs/blockdev.h"

// Set once by blk_init, before any other hart does file I/O.
static int (*disk_rw)(struct buf *b, int write);

int blk_init(struct machine *m)
{
  if (virtio_blk_init(m) == 0)
    disk_rw = virtio_blk_rw;
  else if (ramdisk_init(m) == 0)
    disk_rw = ramdisk_rw;
  else
    return -ENODEV;
  return 0;
}

int blk_rw(struct buf *b, int write)
{
  return disk_rw(b, write);
}
