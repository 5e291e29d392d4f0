// The page cache: a regular file's contents in memory, a page (one block)
// at a time, shared by read(), write() and mmap().
//
// Each disk inode keeps its cached pages in a red-black tree by index
// (ip->pages, under the inode's sleep lock).  read() copies out of them,
// reading a missing page from the disk straight into a new page (with the
// pages after it, when reads go forward, in one batch, which the driver
// sends as few requests of consecutive blocks).  Reads that go on forward
// are read ahead: reaching the first page of the last window read starts
// the next one, twice as large up to RA_MAX_PAGES, whose disk requests go
// out without waiting, so the disk works while the reader copies (see
// struct readahead).  write() copies into them and marks them dirty,
// without a transaction (a page with no block on the disk yet reserves one,
// so a full disk is ENOSPC at write() as before, and a write-back never
// runs out).  Dirty pages reach the disk through the
// log, WB_BATCH blocks a transaction, so a crash leaves each batch all or
// nothing and fsync'd data is always there.  That happens
//   - for one file on fsync/fdatasync/msync, for all on sync, syncfs and
//     power-off (log_force);
//   - when a file has been dirty for WB_INTERVAL_NS (the flusher task, which
//     then commits the log, so unsynced data is as old as metadata at most);
//   - when a writer's file has DIRTY_LIMIT dirty pages or memory runs low.
// A file with dirty pages is on the dirty list, which holds a reference to
// its inode: so the last reference to an inode (iput) never finds a dirty
// page, and drops the clean ones; only an unlinked file's last user drops
// dirty ones (iput), as nobody will read them.  The kernel's own reads
// (exec) add no pages: a page not cached is read through the buffer cache.
//
// A MAP_SHARED mapping maps the cached pages themselves, so a store through
// it is at once what read() sees.  Stores do not mark a page dirty (every
// writable PTE is made with D set), so a page that a shared mapping holds
// (it has a reference besides the cache's) counts as dirty when its file is
// fsync'd or msync'd, and a shared mapping marks its pages dirty when it goes.
//
// Memory pressure is handled simply: a reader that finds free memory low
// drops its own file's clean pages that nothing maps, and a writer writes
// its file back first.  The page allocator does not reclaim from the cache.
//
// Data blocks pass through the buffer cache only on the way out (a
// write-back logs them there until the commit), so a block is cached twice
// only for a while, and that cache is small and recycled.
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "arch/arch.h"
#include "proc/proc.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/buf.h"
#include "fs/blockdev.h"
#include "clock.h"

#define WB_INTERVAL_NS (5 * 1000000000UL)   // as the log's commit interval
#define RESERVE_SLACK 16                    // blocks kept from writers (indirect blocks, a margin)
#define READAHEAD_PAGES 32                  // pages one forward miss reads, itself included
#define RA_MAX_PAGES 128                    // the largest window read ahead (512 KiB)
#define DIRTY_LIMIT 2048                    // dirty pages of one file (8 MiB) before its writer writes back

struct cpage {
  struct rb_node node;       // in ip->pages, by index
  uint32_t index;            // page of the file
  int dirty;
  int reserved;              // dirty, with a block promised (pc.reserved) as it has none
  uint8_t *data;             // the page (its first reference is the cache's)
};

static struct {
  struct spinlock lock;      // protects the list (and each inode's dirty_since, with its lock)
  struct list_head dirty;    // inodes with dirty pages, by dirty_since; each holds a reference
  struct wait_queue idle;    // the flusher waiting for a file to become dirty
  uint64_t reserved;         // blocks promised to dirty pages that have none yet
} pc;

// A window of a file's pages being read ahead.  Its pages are in the file's
// tree from the start, but nobody touches them before ra_finish has waited
// for the window (under the inode's lock): their data is being read.  A
// file has one window at most (ip->ra), which ra_finish frees.
struct readahead {
  uint32_t first, npages;    // the window's pages
  struct blk_batch batch;    // its disk requests, started (blk_start)
  struct blk_req req[RA_MAX_PAGES];
};

uint64_t pcache_reserved(void)
{
  return __atomic_load_n(&pc.reserved, __ATOMIC_RELAXED);
}

// Promise a block to a dirty page that has none, if the disk has it even
// when every promise so far is kept, with room for the indirect blocks
// they may need.  0 when the disk is full.
static int reserve(struct cpage *cp)
{
  spin_lock(&pc.lock);
  uint64_t need = pc.reserved + 1;
  int ok = need + need / (NINDIRECT / 4) + RESERVE_SLACK <= fs_free_blocks();
  if (ok) {
    pc.reserved++;
    cp->reserved = 1;
  }
  spin_unlock(&pc.lock);
  return ok;
}

// A dirty page becomes clean (written back, or dropped): its promise ends.
// ip locked.
static void clean(struct inode *ip, struct cpage *cp)
{
  cp->dirty = 0;
  ip->ndirty--;
  if (cp->reserved) {
    cp->reserved = 0;
    __atomic_fetch_sub(&pc.reserved, 1, __ATOMIC_RELAXED);
  }
}

static int memory_low(void)
{
  return pages_free() < pages_total() / 8;
}

int pcache_should_flush(struct inode *ip)
{
  return __atomic_load_n(&ip->ndirty, __ATOMIC_RELAXED) >= DIRTY_LIMIT ||
         (__atomic_load_n(&ip->ndirty, __ATOMIC_RELAXED) > 0 && memory_low());
}

// The first cached page at or after index, or NULL.  ip locked.
static struct cpage *first_from(struct inode *ip, uint32_t index)
{
  struct cpage *best = 0;
  for (struct rb_node *n = ip->pages.node; n; ) {
    struct cpage *cp = rb_entry(n, struct cpage, node);
    if (cp->index == index)
      return cp;
    if (cp->index > index) {
      best = cp;
      n = n->left;
    } else {
      n = n->right;
    }
  }
  return best;
}

static struct cpage *next_page(struct cpage *cp)
{
  struct rb_node *n = rb_next(&cp->node);
  return n ? rb_entry(n, struct cpage, node) : 0;
}

// Nothing but the cache holds the page, and no shared mapping may come to.
static int unmapped(struct inode *ip, struct cpage *cp)
{
  return page_refcount(cp->data) == 1 && __atomic_load_n(&ip->shared_maps, __ATOMIC_RELAXED) == 0;
}

static void remove_page(struct inode *ip, struct cpage *cp)
{
  if (cp->dirty)
    clean(ip, cp);
  rb_erase(&cp->node, &ip->pages);
  ip->npages--;
  page_free(cp->data);
  kfree(cp);
}

// Free the pages of [first, first + n), which nothing maps.  ip locked.
static void remove_range(struct inode *ip, uint32_t first, uint32_t n)
{
  for (struct cpage *cp = first_from(ip, first), *next; cp && cp->index - first < n; cp = next) {
    next = next_page(cp);
    remove_page(ip, cp);
  }
}

// Wait for the locked file's window being read ahead, if any, and take it
// in: when a request failed its pages leave the cache, so that a read of
// them goes to the disk again and reports the error.  Every use of the
// file's pages comes after this, but pcache_read's, which waits only when
// it needs a page of the window.
static void ra_finish(struct inode *ip)
{
  struct readahead *w = ip->ra;
  if (!w)
    return;
  ip->ra = 0;
  if (blk_finish(&w->batch) < 0)
    remove_range(ip, w->first, w->npages);
  kfree(w);
}

// Memory is low: drop the file's clean pages that nothing maps.  ip locked.
static void shrink(struct inode *ip)
{
  ra_finish(ip);
  for (struct cpage *cp = first_from(ip, 0), *next; cp; cp = next) {
    next = next_page(cp);
    if (!cp->dirty && unmapped(ip, cp))
      remove_page(ip, cp);
  }
}

// A new page index in the locked file's tree, its data not filled in (raw:
// not even zeroed).  NULL when memory is exhausted.
static struct cpage *new_page(struct inode *ip, uint32_t index, int raw)
{
  struct rb_node **link = &ip->pages.node, *parent = 0;
  while (*link) {
    parent = *link;
    link = index < rb_entry(parent, struct cpage, node)->index ? &parent->left : &parent->right;
  }
  struct cpage *cp = kmalloc(sizeof *cp);
  void *data = !cp ? 0 : raw ? page_alloc_raw() : page_alloc();
  if (!data) {
    kfree(cp);
    return 0;
  }
  cp->index = index;
  cp->dirty = 0;
  cp->reserved = 0;
  cp->data = data;
  rb_link_node(&cp->node, parent, link);
  rb_insert_color(&cp->node, &ip->pages);
  ip->npages++;
  return cp;
}

// New pages for the locked file's [first, first + max), up to its end, a
// page already cached, or memory running out: each zeroed (a hole), copied
// from the buffer cache (whose copy may be newer than the disk: written
// back, not yet committed home), or to be read by one of the *nreq
// requests put in req.  The pages made: 0 if none.
static uint32_t new_window(struct inode *ip, uint32_t first, uint32_t max, struct blk_req *req, int *nreq)
{
  uint32_t addrs[RA_MAX_PAGES], end = (ip->size + BSIZE - 1) / BSIZE, n;
  struct cpage *cp = first_from(ip, first);
  if (end > first + max)
    end = first + max;
  if (cp && cp->index < end)
    end = cp->index;
  *nreq = 0;
  if (first >= end)
    return 0;
  iblock_addrs(ip, first, end - first, addrs);
  for (n = 0; first + n < end && (cp = new_page(ip, first + n, 1)); n++) {
    if (!addrs[n])
      memset(cp->data, 0, BSIZE);
    else if (!bcopy_cached(addrs[n], cp->data))
      req[(*nreq)++] = (struct blk_req){ .blockno = addrs[n], .write = 0, .data = cp->data };
  }
  return n;
}

// A read miss at page index (within the file): read it, and when reads go
// forward (the page before is cached) the pages after it that are missing,
// up to READAHEAD_PAGES, in one batch, and make them the window whose first
// page starts read-ahead.  No other task sees the pages before they are
// filled: ip is locked throughout.  NULL and *err (-ENOMEM or -EIO) when
// the page cannot be had.
static struct cpage *read_pages(struct inode *ip, uint32_t index, int *err)
{
  struct blk_req req[READAHEAD_PAGES];
  struct cpage *cp = index > 0 ? first_from(ip, index - 1) : 0;
  int nreq, ahead = index == 0 || (cp && cp->index == index - 1);
  uint32_t n = new_window(ip, index, ahead ? READAHEAD_PAGES : 1, req, &nreq);
  if (n == 0) {
    *err = -ENOMEM;
    return 0;
  }
  if (nreq > 0 && blk_rw_batch(req, nreq) < 0) {
    remove_range(ip, index, n);
    *err = -EIO;
    return 0;
  }
  ip->ra_start = index;
  ip->ra_size = ahead ? n : 0;
  return first_from(ip, index);
}

// A read of the first page of the last window (the locked file's reads go
// forward): start reading the next window, twice as large up to
// RA_MAX_PAGES, and return without waiting for it, so the disk works while
// the reader copies this one.  Not when memory is low: the pages read
// ahead would only be dropped again.
static void readahead(struct inode *ip)
{
  uint32_t first = ip->ra_start + ip->ra_size, max = 2 * ip->ra_size;
  ra_finish(ip);                            // one window at a time
  ip->ra_size = 0;
  struct readahead *w = memory_low() ? 0 : kmalloc(sizeof *w);
  if (!w)
    return;
  w->first = first;
  w->npages = new_window(ip, first, max < RA_MAX_PAGES ? max : RA_MAX_PAGES, w->req, &w->batch.n);
  ip->ra_start = first;
  ip->ra_size = w->npages;
  if (w->batch.n == 0) {                    // nothing to wait for
    kfree(w);
    return;
  }
  w->batch.r = w->req;
  blk_start(&w->batch);
  ip->ra = w;
}

// The cached page index of the locked file, made if missing: read from the
// disk if fill, else zeroed (it will be overwritten, or lies past the end of
// the file).  NULL and *err (-ENOMEM, -EIO) when it cannot be had.  Not a
// page of a window being read (ra_finish first).
static struct cpage *page_of(struct inode *ip, uint32_t index, int fill, int *err)
{
  struct cpage *cp = first_from(ip, index);
  if (cp && cp->index == index)
    return cp;
  if (memory_low())
    shrink(ip);
  if (fill && (uint64_t)index * BSIZE < ip->size)
    return read_pages(ip, index, err);
  if (!(cp = new_page(ip, index, 0)))
    *err = -ENOMEM;
  return cp;
}

// The first dirty page puts the file on the dirty list.  ip locked.
static void set_dirty(struct inode *ip, struct cpage *cp)
{
  if (cp->dirty)
    return;
  cp->dirty = 1;
  ip->ndirty++;
  if (ip->dirty_since)
    return;
  idup(ip);                  // the list's reference
  spin_lock(&pc.lock);
  ip->dirty_since = time_ns();
  list_add_tail(&ip->dirty_link, &pc.dirty);
  wq_wake_all(&pc.idle);
  spin_unlock(&pc.lock);
}

int pcache_read(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n)
{
  uint32_t done, m;
  int err = 0;
  for (done = 0; done < n; done += m, off += m, dst += m) {
    if (user_dst && done && fatal_signal_pending(current))
      return done;             // killed: its reader is going away
    m = BSIZE - off % BSIZE;
    if (m > n - done)
      m = n - done;
    uint32_t index = off / BSIZE;
    if (ip->ra && index - ip->ra->first < ip->ra->npages)
      ra_finish(ip);           // the page is being read
    struct cpage *cp = user_dst ? page_of(ip, index, 1, &err) : first_from(ip, index);
    if (!user_dst && (!cp || cp->index != index)) {
      iread_blocks(ip, 0, dst, off, m);     // no page to keep: exec reads a program once
      continue;
    }
    if (!cp)
      return done ? (int)done : err;
    if (either_copyout(user_dst, dst, cp->data + off % BSIZE, m) < 0)
      return -EFAULT;
    if (user_dst && index == ip->ra_start && ip->ra_size > 0)
      readahead(ip);
  }
  return done;
}

int pcache_write(struct inode *ip, uint64_t src, uint32_t off, uint32_t n)
{
  uint32_t done, m;
  int err = 0;
  ra_finish(ip);
  for (done = 0; done < n; done += m, off += m, src += m) {
    m = BSIZE - off % BSIZE;
    if (m > n - done)
      m = n - done;
    struct cpage *cp = page_of(ip, off / BSIZE, m < BSIZE, &err);
    if (!cp)
      break;
    if (!cp->dirty && !iblock_addr(ip, cp->index) && !reserve(cp)) {
      err = -ENOSPC;
      break;
    }
    err = copy_from_user(cp->data + off % BSIZE, src, m);
    set_dirty(ip, cp);       // even after a fault: part may have been copied
    if (err < 0) {
      err = -EFAULT;
      break;
    }
  }
  if (off > ip->size)
    ip->size = off;
  if (done > 0)
    itouch(ip, ITIME_M | ITIME_C);
  return done > 0 ? (int)done : err;
}

// The indirect block that maps page index (0 for the direct ones): a page
// under another one than the page before it may log that block too.
static uint32_t indirect_of(uint32_t index)
{
  return index < NDIRECT ? 0 : 1 + (index - NDIRECT) / NINDIRECT;
}

// Write pages from page *next on, as many as fit WB_BATCH blocks with the
// indirect blocks they may change, in this transaction; *next moves past
// them.  1 if pages may remain after them.  ip locked.
static int write_batch(struct inode *ip, uint32_t *next, int mapped)
{
  uint32_t used = 0, last = 0;
  struct cpage *cp;
  ra_finish(ip);
  for (cp = first_from(ip, *next); cp; cp = next_page(cp)) {
    if (!cp->dirty && !(mapped && page_refcount(cp->data) > 1))
      continue;
    uint64_t at = (uint64_t)cp->index * BSIZE;
    // An unlinked file's data will never be read; past the end there is none.
    if (ip->nlink > 0 && at < ip->size) {
      uint32_t cost = 1 + (indirect_of(cp->index) != last);
      if (used + cost > WB_BATCH)
        break;
      used += cost;
      last = indirect_of(cp->index);
      uint32_t len = ip->size - at < BSIZE ? ip->size - at : BSIZE;
      int err = iblock_write(ip, cp->index, cp->data, len);
      if (err < 0 && !ip->wb_err)
        ip->wb_err = err;
    }
    if (cp->dirty)
      clean(ip, cp);
  }
  if (used)
    iupdate(ip);             // size, times, and the block map
  if (cp)
    *next = cp->index;
  return cp != 0;
}

// After a write-back: a clean file leaves the dirty list (the caller drops
// the list's reference: 1); one dirtied again meanwhile goes to its end.
// ip locked.
static int requeue(struct inode *ip)
{
  if (!ip->dirty_since)
    return 0;
  spin_lock(&pc.lock);
  list_del(&ip->dirty_link);
  if (ip->ndirty == 0) {
    ip->dirty_since = 0;
  } else {
    ip->dirty_since = time_ns();
    list_add_tail(&ip->dirty_link, &pc.dirty);
  }
  spin_unlock(&pc.lock);
  return ip->dirty_since == 0;
}

void pcache_writeback(struct inode *ip, int mapped)
{
  uint32_t next = 0;
  for (int more = 1; more; ) {
    begin_op();
    ilock(ip);
    more = write_batch(ip, &next, mapped);
    int left = !more && requeue(ip);
    iunlock(ip);
    if (left)
      iput(ip);              // the list's; the caller holds another
    end_op();
  }
}

int pcache_fsync(struct inode *ip)
{
  pcache_writeback(ip, 1);
  log_commit();
  ilock(ip);
  int err = ip->wb_err;
  ip->wb_err = 0;
  iunlock(ip);
  return err;
}

void pcache_flush(uint64_t t)
{
  for (;;) {
    spin_lock(&pc.lock);
    struct inode *ip = list_empty(&pc.dirty) ? 0 : list_first_entry(&pc.dirty, struct inode, dirty_link);
    if (ip && ip->dirty_since < t)
      idup(ip);
    else
      ip = 0;
    spin_unlock(&pc.lock);
    if (!ip)
      return;
    pcache_writeback(ip, 0);
    begin_op();
    iput(ip);
    end_op();
  }
}

// Writes back what has been dirty for WB_INTERVAL_NS, and commits it.
static void flusher(void *arg)
{
  (void)arg;
  intr_on();
  spin_lock(&pc.lock);
  for (;;) {
    if (list_empty(&pc.dirty)) {
      wq_sleep(&pc.idle, &pc.lock, TASK_INTERRUPTIBLE);
      continue;
    }
    uint64_t due = list_first_entry(&pc.dirty, struct inode, dirty_link)->dirty_since + WB_INTERVAL_NS;
    spin_unlock(&pc.lock);
    sleep_until(due);
    pcache_flush(due - WB_INTERVAL_NS + 1);
    log_commit();
    spin_lock(&pc.lock);
  }
}

void pcache_init(void)
{
  spin_init(&pc.lock, "pcache");
  list_init(&pc.dirty);
  wq_init(&pc.idle, "pcache flusher");
  if (!kthread_start("pcache_flush", flusher, 0))
    panic("pcache: cannot start the flusher task");
}

void pcache_truncate(struct inode *ip, uint64_t size)
{
  uint32_t keep = (size + BSIZE - 1) / BSIZE;
  ra_finish(ip);
  for (struct cpage *cp = first_from(ip, keep), *next; cp; cp = next) {
    next = next_page(cp);
    remove_page(ip, cp);
  }
  struct cpage *last = size % BSIZE ? first_from(ip, size / BSIZE) : 0;
  if (last && last->index == size / BSIZE)
    memset(last->data + size % BSIZE, 0, BSIZE - size % BSIZE);
}

int pcache_drop(struct inode *ip)
{
  ra_finish(ip);
  ip->ra_size = 0;
  for (struct cpage *cp = first_from(ip, 0), *next; cp; cp = next) {
    next = next_page(cp);
    remove_page(ip, cp);
  }
  return requeue(ip);
}

int pcache_get_page(struct inode *ip, uint32_t index, void **page)
{
  int err = -EIO;              // beyond the end of the file
  ilock(ip);
  ra_finish(ip);
  struct cpage *cp = (uint64_t)index * BSIZE < ip->size ? page_of(ip, index, 1, &err) : 0;
  if (cp) {
    page_get(cp->data);
    *page = cp->data;
  }
  iunlock(ip);
  return cp ? 0 : err;
}

void pcache_dirty(struct inode *ip, uint64_t first, uint64_t count)
{
  ilock(ip);
  ra_finish(ip);
  for (struct cpage *cp = first_from(ip, first); cp && cp->index < first + count; cp = next_page(cp))
    set_dirty(ip, cp);
  iunlock(ip);
}
