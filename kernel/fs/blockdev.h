// The block device under the file system: a virtio disk on QEMU, else the
// RAM disk the boot loader left in memory (boards).  Blocks are BSIZE bytes.
#pragma once
#include <stdint.h>

struct buf;
struct machine;

// At boot, after the PLIC is set up (it does not sleep): pick the virtio disk
// if there is one, else the initrd RAM disk.  Returns 0 or -ENODEV.
int blk_init(struct machine *m);

// One block transfer of a batch: BSIZE bytes at data (in the direct map, so
// a device can DMA to it) from or to block blockno.
struct blk_req {
  uint32_t blockno;
  int write;
  void *data;
  int error;                 // set by the transfer: 0 or -EIO
};

// Do the n transfers of r, started together (the device may take them in
// any order), and sleep until all are done.  Returns 0, or -EIO when any
// failed (each r[i].error tells which).  Nobody may change the memory being
// written until then; the caller keeps others away from what is read.
int blk_rw_batch(struct blk_req *r, int n);

// The same in two steps, so the caller can work meanwhile: blk_start
// starts the n transfers of r (it may sleep for room in the device's
// queue), blk_finish sleeps until they are done and returns as
// blk_rw_batch.  Every started batch must be finished, and b and r must
// stay until then.
struct blk_batch {
  struct blk_req *r;
  int n;
  int pending;               // requests not done: the driver's
  int err;                   // 0, or -EIO when a transfer failed
};
void blk_start(struct blk_batch *b);
int blk_finish(struct blk_batch *b);

// Read b->data from (or write it to) block b->blockno; the caller holds b->lock.
// Sleeps until the transfer is done.  Returns 0 or -EIO.
int blk_rw(struct buf *b, int write);

// The drivers blk_init chooses from.  *_init return 0 or -ENODEV.
int virtio_blk_init(struct machine *m);
void virtio_blk_start(struct blk_batch *b);
int virtio_blk_finish(struct blk_batch *b);
int ramdisk_init(struct machine *m);
int ramdisk_rw_batch(struct blk_req *r, int n);
