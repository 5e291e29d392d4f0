// Choosing the block device the root file system lives on.
#include "errno.h"
#include "fs/blockdev.h"
#include "fs/buf.h"
#include "drivers/fdt.h"
#include "lib/string.h"

// Set once by blk_init, before any other hart does file I/O.
static int (*disk_rw_batch)(struct blk_req *r, int n);

// Is word one of the space-separated words of the kernel command line?
static int bootarg(const char *args, const char *word)
{
  size_t n = strlen(word);
  for (const char *p = args; *p; p++)
    if ((p == args || p[-1] == ' ') && strncmp(p, word, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
      return 1;
  return 0;
}

// `root=ram` in bootargs picks the initrd even when there is a virtio disk
// (U-Boot on QEMU boots from a virtio disk that holds the SD-card image).
int blk_init(struct machine *m)
{
  if (bootarg(m->bootargs, "root=ram") && ramdisk_init(m) == 0)
    disk_rw_batch = ramdisk_rw_batch;
  else if (virtio_blk_init(m) == 0)
    disk_rw_batch = virtio_blk_rw_batch;
  else if (ramdisk_init(m) == 0)
    disk_rw_batch = ramdisk_rw_batch;
  else
    return -ENODEV;
  return 0;
}

int blk_rw_batch(struct blk_req *r, int n)
{
  return disk_rw_batch(r, n);
}

int blk_rw(struct buf *b, int write)
{
  struct blk_req r = { .blockno = b->blockno, .write = write, .data = b->data };
  return disk_rw_batch(&r, 1);
}
