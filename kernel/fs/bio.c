// The buffer cache: a fixed set of block-sized buffers holding recently used
// disk blocks.  It makes sure a block has at most one copy in memory, so tasks
// on different harts that use the same block see each other's changes, and it
// lets only one task at a time use a block (the buffer's sleep lock).
//
// A buffer with refcnt 0 may be recycled for another block, least recently
// released first.  The log pins the buffers of a transaction (refcnt > 0) so
// their changes stay in memory until they are installed on disk.
//
// Read-ahead: when a miss comes right after the blocks the previous miss
// read, reads are going forward (a file read in order, mostly laid out in
// order), and the next READAHEAD blocks not cached are read in the same
// batch of disk requests.
#include "lib/printf.h"
#include "lib/list.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "fs/fs_format.h"
#include "lib/string.h"
#include "fs/buf.h"
#include "fs/blockdev.h"

// The log can pin LOGSIZE buffers; the rest keep operations going meanwhile.
#define NBUF (LOGSIZE + 128)
#define NOBLOCK 0xffffffffu    // blockno of a buffer that never held a block
#define READAHEAD 32           // blocks one forward miss reads, itself included
#define NBUCKET 64             // hash buckets: a lookup need not walk every buffer

static struct {
  struct spinlock lock;        // protects the list and each buf's blockno, refcnt, lru
  struct buf buf[NBUF];
  struct list_head lru;        // every buffer; most recently released first
  struct list_head bucket[NBUCKET];  // every buffer, by blockno % NBUCKET
  struct wait_queue freed;     // tasks waiting for a buffer to reach refcnt 0
  uint32_t ra_next;            // the block after the last miss's batch: a hint, unlocked
} bcache;

void binit(void)
{
  spin_init(&bcache.lock, "bcache");
  list_init(&bcache.lru);
  for (int i = 0; i < NBUCKET; i++)
    list_init(&bcache.bucket[i]);
  wq_init(&bcache.freed, "bcache");
  for (struct buf *b = bcache.buf; b < bcache.buf + NBUF; b++) {
    b->data = page_alloc();
    if (!b->data)
      panic("binit: no memory for the buffer cache");
    b->blockno = NOBLOCK;
    sleeplock_init(&b->lock, "buffer");
    list_add(&b->lru, &bcache.lru);
    list_add(&b->hash, &bcache.bucket[NOBLOCK % NBUCKET]);
  }
}

// The cached copy of blockno, with a reference taken, or NULL.  Caller holds bcache.lock.
static struct buf *lookup(uint32_t blockno)
{
  struct list_head *p;
  list_for_each(p, &bcache.bucket[blockno % NBUCKET]) {
    struct buf *b = list_entry(p, struct buf, hash);
    if (b->blockno == blockno) {
      b->refcnt++;
      return b;
    }
  }
  return 0;
}

// The least recently used free buffer, taken over for blockno, or NULL.
// Caller holds bcache.lock.
static struct buf *recycle(uint32_t blockno)
{
  for (struct list_head *p = bcache.lru.prev; p != &bcache.lru; p = p->prev) {
    struct buf *b = list_entry(p, struct buf, lru);
    if (b->refcnt == 0) {
      list_del(&b->hash);
      list_add(&b->hash, &bcache.bucket[blockno % NBUCKET]);
      b->blockno = blockno;
      b->valid = 0;
      b->refcnt = 1;
      return b;
    }
  }
  return 0;
}

// The buffer for blockno, locked.  Sleeps while every buffer is in use.
static struct buf *bget(uint32_t blockno)
{
  struct buf *b;
  spin_lock(&bcache.lock);
  while (!(b = lookup(blockno)) && !(b = recycle(blockno)))
    wq_sleep(&bcache.freed, &bcache.lock, TASK_UNINTERRUPTIBLE);
  spin_unlock(&bcache.lock);
  sleeplock_acquire(&b->lock);
  return b;
}

// The buffer for blockno if it is not cached and a buffer is free at once:
// locked, not valid.  For read-ahead, which must not wait.
static struct buf *bget_uncached(uint32_t blockno)
{
  spin_lock(&bcache.lock);
  struct buf *b = lookup(blockno);
  if (b)
    b->refcnt--;               // cached already (or being read): leave it
  struct buf *fresh = b ? 0 : recycle(blockno);
  spin_unlock(&bcache.lock);
  if (fresh)
    sleeplock_acquire(&fresh->lock);   // free a moment ago, so nobody holds it
  return fresh;
}

// Read b (locked, not valid) from disk, with the blocks after it when reads
// go forward.  A block read ahead that fails stays not valid: its own bread
// tries again and reports the error.
static void fill(struct buf *b)
{
  struct buf *batch[READAHEAD] = { b };
  struct blk_req r[READAHEAD];
  int n = 1;
  if (__atomic_load_n(&bcache.ra_next, __ATOMIC_RELAXED) == b->blockno)
    while (n < READAHEAD && (batch[n] = bget_uncached(b->blockno + n)))
      n++;
  __atomic_store_n(&bcache.ra_next, b->blockno + n, __ATOMIC_RELAXED);
  for (int i = 0; i < n; i++)
    r[i] = (struct blk_req){ .blockno = batch[i]->blockno, .write = 0, .data = batch[i]->data };
  blk_rw_batch(r, n);
  if (r[0].error)
    panic("bread: disk error reading block %u", b->blockno);
  b->valid = 1;
  for (int i = 1; i < n; i++) {
    batch[i]->valid = r[i].error == 0;
    brelse(batch[i]);
  }
}

struct buf *bread(uint32_t blockno)
{
  struct buf *b = bget(blockno);
  if (!b->valid)
    fill(b);
  return b;
}

int bcopy_cached(uint32_t blockno, void *dst)
{
  spin_lock(&bcache.lock);
  struct buf *b = lookup(blockno);
  spin_unlock(&bcache.lock);
  if (!b)
    return 0;
  sleeplock_acquire(&b->lock);         // a read of it may be under way
  int valid = b->valid;
  if (valid)
    memcpy(dst, b->data, BSIZE);
  brelse(b);
  return valid;
}

struct buf *bread_none(uint32_t blockno)
{
  struct buf *b = bget(blockno);
  b->valid = 1;
  return b;
}

void bwrite(struct buf *b)
{
  assert(sleeplock_holding(&b->lock));
  if (blk_rw(b, 1) < 0)
    panic("bwrite: disk error writing block %u", b->blockno);
}

static void put_ref(struct buf *b)
{
  spin_lock(&bcache.lock);
  if (--b->refcnt == 0) {
    list_del(&b->lru);
    list_add(&b->lru, &bcache.lru);
    wq_wake_all(&bcache.freed);
  }
  spin_unlock(&bcache.lock);
}

void brelse(struct buf *b)
{
  assert(sleeplock_holding(&b->lock));
  sleeplock_release(&b->lock);
  put_ref(b);
}

void bpin(struct buf *b)
{
  spin_lock(&bcache.lock);
  b->refcnt++;
  spin_unlock(&bcache.lock);
}

void bunpin(struct buf *b)
{
  put_ref(b);
}
