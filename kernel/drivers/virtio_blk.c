// virtio-blk over virtio-mmio (modern interface only): the disk on QEMU.
//
// One split virtqueue.  Each request uses a fixed triple of descriptors
// (header, data, status), so request slot s owns descriptors 3s..3s+2 and
// the device's used-ring id tells the slot directly.  Several requests from
// several harts may be in flight; a batch's requests go out together, with
// one notification, and the requester sleeps until the interrupt handler
// marks each slot done.
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

// The queue size we ask for: room for 85 requests, so that a commit of the
// file-system log or a read-ahead goes out in one round, which QEMU can
// merge into few host writes.
#define QMAX  256
#define NSLOT (QMAX / 3)

// Where the device reads a request's header and writes its status byte.
struct req_dma {
  struct virtio_blk_req_hdr hdr;
  uint8_t status;
};

struct slot {
  int busy;                    // a request owns the slot
  int done;                    // the device finished it
  struct wait_queue wq;        // its requester sleeps here
};

// Three pages shared with the device: the descriptors (QMAX * 16 bytes),
// the available and used rings, and the requests' headers and status bytes.
#define RING_AVAIL_OFF 0       // 6 + QMAX * 2 bytes
#define RING_USED_OFF  1024    // 6 + QMAX * 8 bytes
_Static_assert(QMAX * 16 <= PGSIZE && RING_USED_OFF + 6 + QMAX * 8 <= PGSIZE &&
               NSLOT * sizeof(struct req_dma) <= PGSIZE, "virtio-blk rings do not fit their pages");

static struct disk {
  struct spinlock lock;        // protects every field below, the rings and the slots
  volatile uint32_t *regs;
  uint32_t qsize;              // descriptors in the queue
  int nslot;                   // requests that fit: qsize / 3
  struct virtq_desc *desc;
  volatile struct virtq_avail *avail;
  volatile struct virtq_used *used;
  uint16_t used_seen;          // used->idx up to which completions are handled
  struct req_dma *req;
  struct slot slot[NSLOT];
  struct wait_queue slot_free; // requesters waiting for a free slot
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

// Accept VIRTIO_F_VERSION_1 and nothing else.  Returns 0 if the device agrees.
static int negotiate(void)
{
  reg_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
  if (!(reg_read(VIRTIO_MMIO_DEVICE_FEATURES) & (1u << (VIRTIO_F_VERSION_1 - 32))))
    return -1;
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 0);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
  reg_write(VIRTIO_MMIO_DRIVER_FEATURES, 1u << (VIRTIO_F_VERSION_1 - 32));
  reg_write(VIRTIO_MMIO_STATUS, reg_read(VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FEATURES_OK);
  return (reg_read(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK) ? 0 : -1;
}

static void set_addr(uint32_t low, void *kva)
{
  uint64_t pa = KVA2PA(kva);
  reg_write(low, (uint32_t)pa);
  reg_write(low + 4, (uint32_t)(pa >> 32));
}

// Set up virtqueue 0 in one fresh page.  Returns 0 or -1.
static int queue_init(void)
{
  reg_write(VIRTIO_MMIO_QUEUE_SEL, 0);
  uint32_t max = reg_read(VIRTIO_MMIO_QUEUE_NUM_MAX);
  if (reg_read(VIRTIO_MMIO_QUEUE_READY) || max < 3)
    return -1;
  disk.qsize = max < QMAX ? max : QMAX;  // both powers of two, as split queues need
  disk.nslot = disk.qsize / 3;
  char *desc = page_alloc(), *rings = page_alloc(), *req = page_alloc();
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

// Interrupt: hand every finished request back to its sleeping requester.
static void virtio_blk_intr(void *arg)
{
  spin_lock(&disk.lock);
  reg_write(VIRTIO_MMIO_INTERRUPT_ACK, reg_read(VIRTIO_MMIO_INTERRUPT_STATUS) & 3);
  while (disk.used_seen != disk.used->idx) {
    __sync_synchronize();                  // read the entry only after seeing idx move
    int s = disk.used->ring[disk.used_seen % disk.qsize].id / 3;
    disk.slot[s].done = 1;
    wq_wake_all(&disk.slot[s].wq);
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
    for (int s = 0; s < NSLOT; s++)
      wq_init(&disk.slot[s].wq, "virtio_blk req");
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
  for (int s = 0; s < disk.nslot; s++) {
    if (!disk.slot[s].busy) {
      disk.slot[s].busy = 1;
      disk.slot[s].done = 0;
      return s;
    }
  }
  return -1;
}

static void fill_desc(int d, void *kva, uint32_t len, uint16_t flags)
{
  disk.desc[d].addr = KVA2PA(kva);
  disk.desc[d].len = len;
  disk.desc[d].flags = flags;
  disk.desc[d].next = d + 1;
}

// Build slot s's chain for r and make it available to the device; the
// device hears of it at the next notify().  Caller holds disk.lock.
static void submit(int s, struct blk_req *r)
{
  struct req_dma *d = &disk.req[s];
  d->hdr.type = r->write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
  d->hdr.reserved = 0;
  d->hdr.sector = (uint64_t)r->blockno * (BSIZE / VIRTIO_BLK_SECTOR);
  d->status = 0xff;                        // anything but OK until the device writes it
  fill_desc(3 * s, &d->hdr, sizeof(d->hdr), VIRTQ_DESC_F_NEXT);
  fill_desc(3 * s + 1, r->data, BSIZE, VIRTQ_DESC_F_NEXT | (r->write ? 0 : VIRTQ_DESC_F_WRITE));
  fill_desc(3 * s + 2, &d->status, 1, VIRTQ_DESC_F_WRITE);
  disk.avail->ring[disk.avail->idx % disk.qsize] = 3 * s;
  __sync_synchronize();                    // the device must see the chain before the index
  disk.avail->idx++;
}

static void notify(void)
{
  __sync_synchronize();                    // the device must see the index before the notification
  reg_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

// Wait for slot s to finish, free it and return its result.  Caller holds disk.lock.
static int reap(int s)
{
  while (!disk.slot[s].done)
    wq_sleep(&disk.slot[s].wq, &disk.lock, TASK_UNINTERRUPTIBLE);
  int ok = disk.req[s].status == VIRTIO_BLK_S_OK;
  disk.slot[s].busy = 0;
  wq_wake_all(&disk.slot_free);
  return ok ? 0 : -EIO;
}

// Requests go out as long as slots are free, with one notification per
// round, and are reaped in order; when no slot is free the batch reaps its
// own first, so it never waits for slots it holds itself.
int virtio_blk_rw_batch(struct blk_req *r, int n)
{
  int slot_of[NSLOT];                      // slot of request i (-1: none), at i % NSLOT while in flight
  int done = 0, next = 0, err = 0;
  spin_lock(&disk.lock);
  while (done < n) {
    int started = next;
    while (next < n && next - done < disk.nslot) {
      int s = -1;                          // a block beyond the disk fails without a slot
      if (r[next].blockno < disk.nblocks && (s = slot_alloc()) < 0)
        break;                             // every slot busy
      slot_of[next % NSLOT] = s;
      if (s >= 0)
        submit(s, &r[next]);
      next++;
    }
    if (next > started)
      notify();
    if (next == done) {                    // none of ours in flight, and no slot free
      wq_sleep(&disk.slot_free, &disk.lock, TASK_UNINTERRUPTIBLE);
      continue;
    }
    int s = slot_of[done % NSLOT];
    r[done].error = s < 0 ? -EIO : reap(s);
    if (r[done].error)
      err = -EIO;
    done++;
  }
  spin_unlock(&disk.lock);
  return err;
}
