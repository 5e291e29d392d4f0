// The block device under the file system: a virtio disk on QEMU, else the
// RAM disk the boot loader left in memory (boards).  Blocks are BSIZE bytes.
#pragma once
#include <stdint.h>

struct buf;
struct machine;

// At boot, after the PLIC is set up (it does not sleep): pick the virtio disk
// if there is one, else the initrd RAM disk.  Returns 0 or -ENODEV.
int blk_init(struct machine *m);

// Read b->data from (or write it to) block b->blockno; the caller holds b->lock.
// Sleeps until the transfer is done.  Returns 0 or -EIO.
int blk_rw(struct buf *b, int write);

// The drivers blk_init chooses from.  *_init return 0 or -ENODEV.
int virtio_blk_init(struct machine *m);
int virtio_blk_rw(struct buf *b, int write);
int ramdisk_init(struct machine *m);
int ramdisk_rw(struct buf *b, int write);
