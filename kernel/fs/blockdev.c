// Choosing the block device the root file system lives on.
#include "errno.h"
#include "fs/blockdev.h"
#include "fs/buf.h"
#include "drivers/fdt.h"
#include "lib/string.h"

// Set once by blk_init, before any other hart does file I/O.
static void (*disk_start)(struct blk_batch *b);
static int (*disk_finish)(struct blk_batch *b);

// The RAM disk has nothing to wait for: it copies at the start.
static void ram_start(struct blk_batch *b)
{
  b->pending = 0;
  b->err = ramdisk_rw_batch(b->r, b->n);
}

static int ram_finish(struct blk_batch *b)
{
  return b->err;
}

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
  int ram = bootarg(m->bootargs, "root=ram") && ramdisk_init(m) == 0;
  if (!ram && virtio_blk_init(m) == 0) {
    disk_start = virtio_blk_start;
    disk_finish = virtio_blk_finish;
  } else if (ram || ramdisk_init(m) == 0) {
    disk_start = ram_start;
    disk_finish = ram_finish;
  } else {
    return -ENODEV;
  }
  return 0;
}

void blk_start(struct blk_batch *b)
{
  disk_start(b);
}

int blk_finish(struct blk_batch *b)
{
  return disk_finish(b);
}

int blk_rw_batch(struct blk_req *r, int n)
{
  struct blk_batch b = { .r = r, .n = n };
  blk_start(&b);
  return blk_finish(&b);
}

int blk_rw(struct buf *b, int write)
{
  struct blk_req r = { .blockno = b->blockno, .write = write, .data = b->data };
  return blk_rw_batch(&r, 1);
}
