// virtio-blk over virtio-mmio (modern interface only): the disk on QEMU.
//
// One split virtqueue with indirect descriptors: request slot s owns ring
// descriptor s, which points to the slot's own table of descriptors
// (header, data buffers, status), so the device's used-ring id is the slot.
// Consecutive blocks of a batch going the same way travel as one request
// with several data buffers (up to maxseg): QEMU's cost is mostly per
// request, not per byte.  Several requests from several harts may be in
// flight; a batch's requests go out together, with one notification, and
// the interrupt handler finishes each (result, slot freed), so a batch can
// be started and waited for later (read-ahead).
#include "errno.h"
#include "arch/riscv.h"
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "sched/wait.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "drivers/fdt.h"
#include "drivers/plic.h"
#include "drivers/virtio.h"
#include "drivers/virtio_blk.h"
#include "fs/fs_format.h"
#include "fs/blockdev.h"

// The queue size we ask for, and the requests in flight at most: enough
// that a commit of the file-system log or a read-ahead window goes out in
// one round, which QEMU can merge into few host I/Os.
#define QMAX  64
#define NSLOT QMAX                         // a request is one ring descriptor: qsize slots
#define NTABLE 64                          // descriptors in a slot's table
#define NSEG (NTABLE - 2)                  // data buffers a request may carry at most

// Where the device reads a request's header and writes its status byte.
struct req_dma {
  struct virtio_blk_req_hdr hdr;
  uint8_t status;
};

struct slot {
  int busy;                    // a request owns the slot
  struct blk_batch *batch;     // whose transfers first .. first + len - 1 it carries
  int first, len;
};

// Pages shared with the device: the descriptors (QMAX * 16 bytes), the
// available and used rings, the requests' headers and status bytes, and the
// slots' descriptor tables (PGSIZE / TABLE_BYTES to a page).
#define RING_AVAIL_OFF 0       // 6 + QMAX * 2 bytes
#define RING_USED_OFF  1024    // 6 + QMAX * 8 bytes
#define TABLE_BYTES (NTABLE * sizeof(struct virtq_desc))
_Static_assert(QMAX * 16 <= PGSIZE && RING_USED_OFF + 6 + QMAX * 8 <= PGSIZE &&
               NSLOT * sizeof(struct req_dma) <= PGSIZE && PGSIZE % TABLE_BYTES == 0,
               "virtio-blk rings do not fit their pages");

static struct disk {
  struct spinlock lock;        // protects every field below, the rings and the slots
  volatile uint32_t *regs;
  uint32_t qsize;              // descriptors in the queue, and request slots in use
  int maxseg;                  // data buffers a request may carry
  struct virtq_desc *desc;
  struct virtq_desc *table[NSLOT];   // slot s's descriptors, which desc[s] points to
  volatile struct virtq_avail *avail;
  volatile struct virtq_used *used;
  uint16_t used_seen;          // used->idx up to which completions are handled
  struct req_dma *req;
  struct slot slot[NSLOT];
  struct wait_queue slot_free; // requesters waiting for a free slot
  struct wait_queue done;      // requesters waiting for their batch to finish
  uint64_t nblocks;            // capacity in file-system blocks
} disk;

static uint32_t reg_read(uint32_t off)
{
  return disk.regs[off / 4];
}

static void reg_write(uint32_t off, uint32_t v)
{
  disk.regs[off / 4] = v;
}

static int is_modern_blk(volatile uint32_t *regs)
{
  if (regs[VIRTIO_MMIO_MAGIC_VALUE / 4] != VIRTIO_MAGIC || regs[VIRTIO_MMIO_DEVICE_ID / 4] != VIRTIO_ID_BLOCK)
    return 0;
  if (regs[VIRTIO_MMIO_VERSION / 4] != 2) {
    printf("virtio-blk: legacy device ignored (run QEMU with -global virtio-mmio.force-legacy=false)\n");
    return 0;
  }
  return 1;
}

// Accept VIRTIO_F_VERSION_1 and VIRTIO_F_INDIRECT_DESC, which we need, and
// VIRTIO_BLK_F_SEG_MAX if offered; set disk.maxseg.  Returns 0 if the
// device agrees.
static int negotiate(void)
{
  reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  uint32_t high = reg_read(VIRTIO_MMIO_DEVICE_FEATURES);
  reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
  uint32_t low = reg_read(VIRTIO_MMIO_DEVICE_FEATURES);
  if (!(high & (1u << (VIRTIO_F_VERSION_1 - 32))) || !(low & (1u << VIRTIO_F_INDIRECT_DESC)))
    return -1;
  low &= (1u << VIRTIO_F_INDIRECT_DESC) | (1u << VIRTIO_BLK_F_SEG_MAX);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, low);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
  reg_write(VIRTIO_MMIO_STATUS, reg_read(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
  if (!(reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
    return -1;
  uint32_t seg_max = low & (1u << VIRTIO_BLK_F_SEG_MAX) ? reg_read(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_SEG_MAX) : 1;
  disk.maxseg = seg_max < 1 ? 1 : seg_max < NSEG ? (int)seg_max : NSEG;
  return 0;
}

static void set_addr(uint32_t low, void *kva)
{
  uint64_t pa = KVA2PA(kva);
  reg_write(low, (uint32_t)pa);
  reg_write(low + 4, (uint32_t)(pa >> 32));
}

// Set up virtqueue 0 and the slots' tables in fresh pages.  Returns 0 or -1.
static int queue_init(void)
{
  reg_write(VIRTIO_MMIO_QUEUE_SEL, 0);
  uint32_t max = reg_read(VIRTIO_MMIO_QUEUE_NUM_MAX);
  if (reg_read(VIRTIO_MMIO_QUEUE_READY) || max < 1)
    return -1;
  disk.qsize = max < QMAX ? max : QMAX;  // both powers of two, as split queues need
  char *desc = page_alloc(), *rings = page_alloc(), *req = page_alloc(), *tables = 0;
  for (int s = 0; s < (int)disk.qsize; s++) {
    if (s % (PGSIZE / TABLE_BYTES) == 0 && !(tables = page_alloc()))
      return -1;
    disk.table[s] = (struct virtq_desc *)(tables + s % (PGSIZE / TABLE_BYTES) * TABLE_BYTES);
  }
  if (!desc || !rings || !req)
    return -1;               // at boot: the pages are not worth giving back
  disk.desc = (struct virtq_desc *)desc;
  disk.avail = (struct virtq_avail *)(rings + RING_AVAIL_OFF);
  disk.used = (struct virtq_used *)(rings + RING_USED_OFF);
  disk.req = (struct req_dma *)req;
  reg_write(VIRTIO_MMIO_QUEUE_NUM, disk.qsize);
  set_addr(VIRTIO_MMIO_QUEUE_DESC_LOW, disk.desc);
  set_addr(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (void *)disk.avail);
  set_addr(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (void *)disk.used);
  reg_write(VIRTIO_MMIO_QUEUE_READY, 1);
  return 0;
}

// The initialisation sequence of spec section 3.1.1.
static int device_init(void)
{
  reg_write(VIRTIO_MMIO_STATUS, 0);        // reset
  reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
  reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
  if (negotiate() < 0 || queue_init() < 0) {
    reg_write(VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
    return -1;
  }
  uint64_t sectors = reg_read(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY) |
                     (uint64_t)reg_read(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4) << 32;
  disk.nblocks = sectors / (BSIZE / VIRTIO_BLK_SECTOR);
  reg_write(VIRTIO_MMIO_STATUS, reg_read(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
  return 0;
}

// Request s is done: its result goes to its transfers and its slot is free.
// Caller holds disk.lock.
static void finish(int s)
{
  struct slot *sl = &disk.slot[s];
  struct blk_batch *b = sl->batch;
  int err = disk.req[s].status == VIRTIO_BLK_S_OK ? 0 : -EIO;
  for (int i = sl->first; i < sl->first + sl->len; i++)
    b->r[i].error = err;
  if (err)
    b->err = err;
  sl->busy = 0;
  if (--b->pending == 0)
    wq_wake_all(&disk.done);
  wq_wake_all(&disk.slot_free);
}

// Interrupt: finish every request the device has finished.
static void virtio_blk_intr(void *arg)
{
  spin_lock(&disk.lock);
  reg_write(VIRTIO_MMIO_INTERRUPT_ACK, reg_read(VIRTIO_MMIO_INTERRUPT_STATUS) & 3);
  while (disk.used_seen != disk.used->idx) {
    __sync_synchronize();                  // read the entry only after seeing idx move
    finish(disk.used->ring[disk.used_seen % disk.qsize].id);
    disk.used_seen++;
  }
  spin_unlock(&disk.lock);
}

int virtio_blk_init(struct machine *m)
{
  for (int i = 0; i < m->nvirtio; i++) {
    volatile uint32_t *regs = ioremap(m->virtio[i].base, m->virtio[i].size);
    if (!regs || !is_modern_blk(regs))
      continue;
    spin_init(&disk.lock, "virtio_blk");
    wq_init(&disk.slot_free, "virtio_blk slot");
    wq_init(&disk.done, "virtio_blk batch");
    disk.regs = regs;
    if (device_init() < 0) {
      printf("virtio-blk: slot %d: device refused setup\n", i);
      continue;
    }
    irq_register(m->virtio_irq[i], virtio_blk_intr, 0);
    printf("virtio-blk: %lu blocks of %d bytes, irq %u\n",
           (unsigned long)disk.nblocks, BSIZE, m->virtio_irq[i]);
    return 0;
  }
  return -ENODEV;
}

static int slot_alloc(void)
{
  for (int s = 0; s < (int)disk.qsize; s++) {
    if (!disk.slot[s].busy) {
      disk.slot[s].busy = 1;
      return s;
    }
  }
  return -1;
}

static void fill_desc(struct virtq_desc *t, int d, void *kva, uint32_t len, uint16_t flags)
{
  t[d].addr = KVA2PA(kva);
  t[d].len = len;
  t[d].flags = flags;
  t[d].next = d + 1;
}

// Build slot s's table for the len transfers of r (consecutive blocks, the
// same way) and make it available to the device; the device hears of it at
// the next notify().  Caller holds disk.lock.
static void submit(int s, struct blk_req *r, int len)
{
  struct req_dma *d = &disk.req[s];
  struct virtq_desc *t = disk.table[s];
  d->hdr.type = r->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  d->hdr.reserved = 0;
  d->hdr.sector = (uint64_t)r->blockno * (BSIZE / VIRTIO_BLK_SECTOR);
  d->status = 0xff;                        // anything but OK until the device writes it
  fill_desc(t, 0, &d->hdr, sizeof(d->hdr), VIRTQ_DESC_F_NEXT);
  for (int i = 0; i < len; i++)
    fill_desc(t, 1 + i, r[i].data, BSIZE, VIRTQ_DESC_F_NEXT | (r->write ? 0 : VIRTQ_DESC_F_WRITE));
  fill_desc(t, 1 + len, &d->status, 1, VIRTQ_DESC_F_WRITE);
  disk.desc[s].addr = KVA2PA(t);
  disk.desc[s].len = (2 + len) * sizeof(struct virtq_desc);
  disk.desc[s].flags = VIRTQ_DESC_F_INDIRECT;
  disk.avail->ring[disk.avail->idx % disk.qsize] = s;
  __sync_synchronize();                    // the device must see the chain before the index
  disk.avail->idx++;
}

static void notify(void)
{
  __sync_synchronize();                    // the device must see the index before the notification
  reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

// How many transfers of r from i on one request can carry: those of blocks
// that follow each other on the disk, going the same way.
static int run_length(struct blk_req *r, int i, int n)
{
  int k = 1;
  while (i + k < n && k < disk.maxseg && r[i + k].write == r[i].write &&
         r[i + k].blockno == r[i].blockno + k && r[i + k].blockno < disk.nblocks)
    k++;
  return k;
}

// Requests go out as long as slots are free, with one notification per
// round; with every slot busy the batch waits for one (the interrupt
// handler frees them, its own included).  A block beyond the disk fails
// without a request.
void virtio_blk_start(struct blk_batch *b)
{
  int unseen = 0;                          // requests the device has not been told of
  b->pending = 0;
  b->err = 0;
  spin_lock(&disk.lock);
  for (int i = 0; i < b->n; ) {
    int s, len = run_length(b->r, i, b->n);
    if (b->r[i].blockno >= disk.nblocks) {
      b->r[i++].error = b->err = -EIO;
      continue;
    }
    if ((s = slot_alloc()) < 0) {
      if (unseen)
        notify();
      unseen = 0;
      wq_sleep(&disk.slot_free, &disk.lock, TASK_UNINTERRUPTIBLE);
      continue;
    }
    disk.slot[s].batch = b;
    disk.slot[s].first = i;
    disk.slot[s].len = len;
    b->pending++;
    submit(s, &b->r[i], len);
    unseen = 1;
    i += len;
  }
  if (unseen)
    notify();
  spin_unlock(&disk.lock);
}

int virtio_blk_finish(struct blk_batch *b)
{
  spin_lock(&disk.lock);
  while (b->pending > 0)
    wq_sleep(&disk.done, &disk.lock, TASK_UNINTERRUPTIBLE);
  spin_unlock(&disk.lock);
  return b->err;
}
