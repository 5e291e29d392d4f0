// Mounting, the block allocator, and inodes: the on-disk dinode, its
// in-memory copy (struct inode, cached while referenced), and file contents
// through the block tree (direct, single- and double-indirect blocks).
//
// An inode's life: iget finds or sets up the in-memory copy and takes a
// reference (ref); ilock reads it from disk on first use and locks it; iput
// drops the reference, and the last one of an inode with no links left frees
// it on disk.  Holding a reference keeps the inode in the table and stops
// it from being freed; the sleep lock guards its contents.
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/buf.h"
#include "proc/task.h"
#include "clock.h"

static struct superblock sb;   // read once at mount

#define NINODE 512
static struct {
  struct spinlock lock;        // protects every inode's inum and ref
  struct inode inode[NINODE];
} itable;

static void reclaim_orphans(void);

// Free blocks, counted at mount and kept by balloc and bfree (atomic): what
// the page cache may promise to writers (pcache_write reserves blocks).
static uint32_t nfree;

uint32_t fs_free_blocks(void)
{
  return __atomic_load_n(&nfree, __ATOMIC_RELAXED);
}

void fs_init(void)
{
  binit();
  spin_init(&itable.lock, "itable");
  for (int i = 0; i < NINODE; i++)
    sleeplock_init(&itable.inode[i].lock, "inode");
  struct buf *b = bread(SUPERBLOCK_NO);
  memcpy(&sb, b->data, sizeof(sb));
  brelse(b);
  if (sb.magic != FSMAGIC)
    panic("fs_init: no file system on the disk (magic %x)", sb.magic);
  // Another layout would be misread: stop once, saying why.
  if (sb.version != FS_VERSION)
    panic("fs_init: the disk's file system is format version %u, this kernel reads version %u "
          "(rebuild fs.img with this tree's mkfs)", sb.version, FS_VERSION);
  log_init(&sb);
  struct fs_usage u;
  fs_usage(&u);
  nfree = u.bfree;
  pcache_init();
  printf("fs: %u blocks, %u inodes, %u log blocks\n", sb.size, sb.ninodes, sb.nlog);
  reclaim_orphans();
}

// ---- blocks ----

// A newly allocated block: whatever the disk holds there is overwritten.
static void bzero(uint32_t blockno)
{
  struct buf *b = bread_none(blockno);
  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

// A zeroed free block, marked used; 0 if the disk is full.
static uint32_t balloc(void)
{
  for (uint32_t base = 0; base < sb.size; base += BPB) {
    struct buf *b = bread(BBLOCK(base, sb));
    for (uint32_t bi = 0; bi < BPB && base + bi < sb.size; bi++) {
      uint8_t mask = 1 << (bi % 8);
      if (!(b->data[bi / 8] & mask)) {
        b->data[bi / 8] |= mask;
        __atomic_fetch_sub(&nfree, 1, __ATOMIC_RELAXED);
        log_write(b);
        brelse(b);
        bzero(base + bi);
        return base + bi;
      }
    }
    brelse(b);
  }
  return 0;
}

static void bfree(uint32_t blockno)
{
  struct buf *b = bread(BBLOCK(blockno, sb));
  uint8_t mask = 1 << (blockno % 8);
  uint32_t byte = (blockno % BPB) / 8;
  if (!(b->data[byte] & mask))
    panic("bfree: block %u is already free", blockno);
  b->data[byte] &= ~mask;
  __atomic_fetch_add(&nfree, 1, __ATOMIC_RELAXED);
  log_write(b);
  brelse(b);
}

// ---- inodes ----

static struct dinode *dinode_of(struct buf *b, uint32_t inum)
{
  return (struct dinode *)b->data + inum % IPB;
}

struct inode *iget(uint32_t inum)
{
  struct inode *empty = 0;
  spin_lock(&itable.lock);
  for (struct inode *ip = itable.inode; ip < itable.inode + NINODE; ip++) {
    if (ip->ref > 0 && ip->sb == &disk_super && ip->inum == inum) {
      ip->ref++;
      spin_unlock(&itable.lock);
      return ip;
    }
    if (!empty && ip->ref == 0)
      empty = ip;
  }
  if (empty) {
    empty->sb = &disk_super;
    empty->op = &disk_iops;
    empty->fop = &disk_fops;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
  }
  spin_unlock(&itable.lock);
  return empty;
}

struct timespec fs_now(void)
{
  uint64_t ns = realtime_ns();
  return (struct timespec){ ns / NSEC_PER_SEC, ns % NSEC_PER_SEC };
}

struct inode *inode_new(struct super *sb, int16_t type)
{
  struct timespec t = fs_now();
  spin_lock(&itable.lock);
  for (struct inode *ip = itable.inode; ip < itable.inode + NINODE; ip++) {
    if (ip->ref == 0) {
      ip->sb = sb;
      ip->ref = 1;
      ip->valid = 1;
      ip->type = type;
      ip->nlink = 1;
      ip->mode = 0;
      ip->uid = ip->gid = 0;
      ip->blocks = 0;
      ip->size = 0;
      ip->atime = ip->mtime = ip->ctime = t;
      ip->atime_dirty = 0;
      ip->op = 0;
      ip->fop = 0;
      ip->priv = 0;
      spin_unlock(&itable.lock);
      return ip;
    }
  }
  spin_unlock(&itable.lock);
  return 0;
}

int inode_refs(struct super *sb)
{
  int n = 0;
  spin_lock(&itable.lock);
  for (struct inode *ip = itable.inode; ip < itable.inode + NINODE; ip++)
    if (ip->ref > 0 && ip->sb == sb)
      n += ip->ref;
  spin_unlock(&itable.lock);
  return n;
}

// Claim the free dinode inum in the locked inode block b.
static int claim(struct buf *b, uint32_t inum, int16_t type, uint16_t mode, struct inode **ipp)
{
  // Take a table slot first, so a full table leaves the disk untouched.
  struct inode *ip = iget(inum);
  if (!ip)
    return -ENFILE;
  struct dinode *dip = dinode_of(b, inum);
  struct timespec t = fs_now();
  memset(dip, 0, sizeof(*dip));
  dip->type = type;
  dip->mode = mode & MODE_PERM;
  dip->uid = current->cred.fsuid;
  dip->gid = current->cred.fsgid;
  dip->atime = dip->mtime = dip->ctime = t.tv_sec;
  dip->atime_nsec = dip->mtime_nsec = dip->ctime_nsec = t.tv_nsec;
  log_write(b);
  *ipp = ip;
  return 0;
}

int ialloc(int16_t type, uint16_t mode, struct inode **ipp)
{
  // Inode 0 is never used, so 0 can mark a free directory entry.
  for (uint32_t first = 0; first < sb.ninodes; first += IPB) {
    struct buf *b = bread(IBLOCK(first, sb));
    for (uint32_t inum = first ? first : 1; inum < first + IPB && inum < sb.ninodes; inum++) {
      if (dinode_of(b, inum)->type == 0) {
        int err = claim(b, inum, type, mode, ipp);
        brelse(b);
        return err;
      }
    }
    brelse(b);
  }
  return -ENOSPC;
}

int inode_type(uint32_t inum)
{
  struct buf *b = bread(IBLOCK(inum, sb));
  int type = dinode_of(b, inum)->type;
  brelse(b);
  return type;
}

void iupdate(struct inode *ip)
{
  struct buf *b = bread(IBLOCK(ip->inum, sb));
  struct dinode *dip = dinode_of(b, ip->inum);
  dip->type = ip->type;
  dip->mode = ip->mode;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->uid = ip->uid;
  dip->gid = ip->gid;
  dip->blocks = ip->blocks;
  dip->size = ip->size;
  dip->atime = ip->atime.tv_sec;
  dip->atime_nsec = ip->atime.tv_nsec;
  dip->mtime = ip->mtime.tv_sec;
  dip->mtime_nsec = ip->mtime.tv_nsec;
  dip->ctime = ip->ctime.tv_sec;
  dip->ctime_nsec = ip->ctime.tv_nsec;
  memcpy(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(b);
  brelse(b);
  ip->atime_dirty = 0;
}

void itouch(struct inode *ip, int which)
{
  struct timespec t = fs_now();
  if (which & ITIME_A)
    ip->atime = t;
  if (which & ITIME_M)
    ip->mtime = t;
  if (which & ITIME_C)
    ip->ctime = t;
}

static int time_le(struct timespec a, struct timespec b)
{
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

#define RELATIME_SEC (24 * 60 * 60)

// A read moves atime only when it would otherwise look older than the last
// change, or is a day old ("relatime", Linux's default): so a file read over
// and over costs no disk writes.
static void read_touch(struct inode *ip)
{
  struct timespec t = fs_now();
  if (time_le(ip->atime, ip->mtime) || time_le(ip->atime, ip->ctime) ||
      t.tv_sec - ip->atime.tv_sec >= RELATIME_SEC) {
    ip->atime = t;
    ip->atime_dirty = 1;
  }
}

struct inode *idup(struct inode *ip)
{
  spin_lock(&itable.lock);
  ip->ref++;
  spin_unlock(&itable.lock);
  return ip;
}

void ilock(struct inode *ip)
{
  assert(ip && ip->ref > 0);
  sleeplock_acquire(&ip->lock);
  if (ip->valid)
    return;
  struct buf *b = bread(IBLOCK(ip->inum, sb));
  struct dinode *dip = dinode_of(b, ip->inum);
  ip->type = dip->type;
  ip->mode = dip->mode;
  ip->major = dip->major;
  ip->minor = dip->minor;
  ip->nlink = dip->nlink;
  ip->uid = dip->uid;
  ip->gid = dip->gid;
  ip->blocks = dip->blocks;
  ip->size = dip->size;
  ip->atime = (struct timespec){ dip->atime, dip->atime_nsec };
  ip->mtime = (struct timespec){ dip->mtime, dip->mtime_nsec };
  ip->ctime = (struct timespec){ dip->ctime, dip->ctime_nsec };
  ip->atime_dirty = 0;
  memcpy(ip->addrs, dip->addrs, sizeof(ip->addrs));
  brelse(b);
  ip->valid = 1;
  if (ip->type == 0)
    panic("ilock: inode %u is free on disk", ip->inum);
}

void iunlock(struct inode *ip)
{
  assert(sleeplock_holding(&ip->lock) && ip->ref > 0);
  sleeplock_release(&ip->lock);
}

// The last reference to an unlinked inode: nobody else can reach it, so
// the lock below is free and nobody can iget it meanwhile.
void inode_evict(struct inode *ip)
{
  sleeplock_acquire(&ip->lock);
  itrunc(ip);
  ip->type = 0;
  iupdate(ip);
  ip->valid = 0;
  sleeplock_release(&ip->lock);
}

// pcache_drop from iput, which holds itable.lock.
static int drop_pages(struct inode *ip)
{
  spin_unlock(&itable.lock);
  sleeplock_acquire(&ip->lock);
  int left = pcache_drop(ip);
  sleeplock_release(&ip->lock);
  spin_lock(&itable.lock);
  return left;
}

void iput(struct inode *ip)
{
  spin_lock(&itable.lock);
  if (ip->ref == 1 && ip->valid && ip->nlink > 0 && ip->atime_dirty) {
    // The last reference (this one) keeps the slot: a concurrent iget
    // only waits for the lock.  iput runs in a transaction.
    spin_unlock(&itable.lock);
    sleeplock_acquire(&ip->lock);
    if (ip->atime_dirty)
      iupdate(ip);
    sleeplock_release(&ip->lock);
    spin_lock(&itable.lock);
  }
  // The last user of an unlinked file whose pages are dirty (the page
  // cache's dirty list holds the other reference): they will never be
  // read, so they go now, and the inode is freed below.
  if (ip->ref == 2 && ip->valid && ip->nlink == 0 && ip->dirty_since)
    ip->ref -= drop_pages(ip);
  // The last reference: the cached pages go (none is dirty: the dirty list
  // holds a reference).  Checked again after sleeping, as someone may have
  // found the inode and read it meanwhile.
  while (ip->ref == 1 && ip->npages > 0)
    drop_pages(ip);
  if (ip->ref == 1 && ip->valid && ip->nlink == 0 && ip->op && ip->op->evict) {
    spin_unlock(&itable.lock);
    ip->op->evict(ip);
    spin_lock(&itable.lock);
  }
  ip->ref--;
  spin_unlock(&itable.lock);
}

void iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// An allocated inode without a name (nlink 0) at mount was unlinked while
// still open when the machine stopped (a crash, a power cut): nobody can
// reach it, so free it now, as its last iput would have.  One pass over the
// inode blocks; an inode block's orphans are freed after its buffer is
// released (iput writes that block).
static void reclaim_orphans(void)
{
  int freed = 0;
  for (uint32_t first = 0; first < sb.ninodes; first += IPB) {
    uint32_t orphans[IPB], n = 0;
    struct buf *b = bread(IBLOCK(first, sb));
    for (uint32_t inum = first ? first : 1; inum < first + IPB && inum < sb.ninodes; inum++)
      if (dinode_of(b, inum)->type != 0 && dinode_of(b, inum)->nlink == 0)
        orphans[n++] = inum;
    brelse(b);
    for (uint32_t i = 0; i < n; i++, freed++) {
      begin_op();
      struct inode *ip = iget(orphans[i]);
      ilock(ip);                 // reads it in: iput frees only a valid inode
      iunlockput(ip);
      end_op();
    }
  }
  if (freed)
    printf("fs: freed %d orphaned inodes (unlinked while open at the last shutdown)\n", freed);
}

// statfs: free blocks from the bitmap, free inodes from the inode blocks.
void fs_usage(struct fs_usage *u)
{
  u->blocks = sb.size;
  u->bfree = 0;
  for (uint32_t base = 0; base < sb.size; base += BPB) {
    struct buf *b = bread(BBLOCK(base, sb));
    for (uint32_t bi = 0; bi < BPB && base + bi < sb.size; bi++)
      u->bfree += !(b->data[bi / 8] & (1 << (bi % 8)));
    brelse(b);
  }
  u->inodes = sb.ninodes;
  u->ifree = 0;
  for (uint32_t first = 0; first < sb.ninodes; first += IPB) {
    struct buf *b = bread(IBLOCK(first, sb));
    for (uint32_t inum = first ? first : 1; inum < first + IPB && inum < sb.ninodes; inum++)
      u->ifree += dinode_of(b, inum)->type == 0;
    brelse(b);
  }
}

// ---- the block tree ----

// A new zeroed block for ip, counted in ip->blocks (the caller writes the
// inode back); 0 if the disk is full.
static uint32_t balloc_for(struct inode *ip)
{
  uint32_t blk = balloc();
  if (blk)
    ip->blocks++;
  return blk;
}

// The block in slot k of ip->addrs, allocated if missing and alloc.  0 if
// there is none.
static uint32_t inode_slot(struct inode *ip, int k, int alloc)
{
  if (!ip->addrs[k] && alloc)
    ip->addrs[k] = balloc_for(ip);
  return ip->addrs[k];
}

// Entry i of ip's indirect block blk, allocated if missing and alloc.  0 if none.
static uint32_t indirect_slot(struct inode *ip, uint32_t blk, uint32_t i, int alloc)
{
  struct buf *b = bread(blk);
  uint32_t *a = (uint32_t *)b->data;
  if (!a[i] && alloc && (a[i] = balloc_for(ip)) != 0)
    log_write(b);
  uint32_t addr = a[i];
  brelse(b);
  return addr;
}

// Disk block holding block bn of the file: 0 for a hole (or, when
// allocating, a full disk).
static uint32_t bmap(struct inode *ip, uint32_t bn, int alloc)
{
  if (bn < NDIRECT)
    return inode_slot(ip, bn, alloc);
  bn -= NDIRECT;
  if (bn < NINDIRECT) {
    uint32_t ind = inode_slot(ip, NDIRECT, alloc);
    return ind ? indirect_slot(ip, ind, bn, alloc) : 0;
  }
  bn -= NINDIRECT;
  uint32_t top = inode_slot(ip, NDIRECT + 1, alloc);
  uint32_t mid = top ? indirect_slot(ip, top, bn / NINDIRECT, alloc) : 0;
  return mid ? indirect_slot(ip, mid, bn % NINDIRECT, alloc) : 0;
}

// In the tree of depth levels of indirection under *slot (which covers
// NINDIRECT^depth file blocks), free the data blocks from index from on,
// last first, and the indirect blocks that cover only those; *slot becomes
// 0 when its block goes.  At most *budget blocks go (the count goes down).
// 1 when everything from `from` on is free, 0 when the budget ran out.  A
// freed block is not written back: balloc zeroes it when it is used again.
static int free_tree(struct inode *ip, uint32_t *slot, int depth, uint64_t from, uint32_t *budget)
{
  if (!*slot)
    return 1;
  if (depth > 0) {
    uint64_t span = 1;       // file blocks under one entry
    for (int d = 1; d < depth; d++)
      span *= NINDIRECT;
    struct buf *b = bread(*slot);
    uint32_t *a = (uint32_t *)b->data;
    int all = 1;
    for (uint64_t i = NINDIRECT; all && i-- > from / span; )
      all = free_tree(ip, &a[i], depth - 1, i == from / span ? from % span : 0, budget);
    int stays = from > 0 || !all || *budget == 0;
    if (stays)
      log_write(b);          // holding fewer blocks
    brelse(b);
    if (stays)
      return all && from > 0;
  }
  if (from > 0)
    return 1;
  if (*budget == 0)
    return 0;
  bfree(*slot);
  *slot = 0;
  ip->blocks--;
  (*budget)--;
  return 1;
}

// Free the file's blocks from file block first on, the last first, at most
// budget of them: 1 when all are free.
static int free_from(struct inode *ip, uint64_t first, uint32_t budget)
{
  uint64_t start = NDIRECT + NINDIRECT, span = (uint64_t)NINDIRECT * NINDIRECT;
  for (int depth = 2; depth >= 1; depth--, span /= NINDIRECT, start -= span) {
    uint32_t *slot = &ip->addrs[NDIRECT + depth - 1];
    if (first < start + span && !free_tree(ip, slot, depth, first > start ? first - start : 0, &budget))
      return 0;
  }
  for (uint64_t k = NDIRECT; k-- > first; )
    if (!free_tree(ip, &ip->addrs[k], 0, 0, &budget))
      return 0;
  return 1;
}

// Every byte of the last block past the end of the file is zero (balloc
// zeroes blocks, a shrink zeroes the tail), so growing the size exposes zeros.
static void zero_tail(struct inode *ip, uint64_t size)
{
  uint32_t addr = size % BSIZE ? bmap(ip, size / BSIZE, 0) : 0;
  if (!addr)
    return;
  struct buf *b = bread(addr);
  memset(b->data + size % BSIZE, 0, BSIZE - size % BSIZE);
  log_write(b);
  brelse(b);
}

// Make the locked inode size bytes long, freeing at most budget blocks: 1
// when done.  An unfinished shrink leaves the size as it was, with holes
// (zeros) where blocks went.
static int resize(struct inode *ip, uint64_t size, uint32_t budget)
{
  if (size < ip->size)
    pcache_truncate(ip, size);
  int done = size >= ip->size || free_from(ip, (size + BSIZE - 1) / BSIZE, budget);
  if (done && size < ip->size)
    zero_tail(ip, size);
  if (done)
    ip->size = size;
  itouch(ip, ITIME_M | ITIME_C);
  iupdate(ip);
  return done;
}

// Freeing blocks writes their bitmap blocks.  When the whole bitmap fits in
// one operation's share of the log, any number of blocks may go at once;
// otherwise each freed block may need a bitmap block of its own.  The 8 is
// the inode and the indirect blocks a shrink rewrites, with room to spare.
int iresize(struct inode *ip, uint64_t size)
{
  uint32_t nbitmap = (sb.size + BPB - 1) / BPB;
  return resize(ip, size, nbitmap <= MAXOPBLOCKS - 8 ? UINT32_MAX : MAXOPBLOCKS - 8);
}

// An empty file stays as it is, times included: open(O_CREAT | O_TRUNC)
// leaves a new file's three times equal, as on Linux (which, unlike this,
// also moves an existing empty file's mtime).
void itrunc(struct inode *ip)
{
  if (ip->size > 0 || ip->blocks > 0)
    resize(ip, 0, UINT32_MAX);
}

// ---- contents ----

int either_copyout(int user, uint64_t dst, const void *src, uint32_t n)
{
  if (user)
    return copy_to_user(dst, src, n);
  memcpy((void *)dst, src, n);
  return 0;
}

int either_copyin(int user, void *dst, uint64_t src, uint32_t n)
{
  if (user)
    return copy_from_user(dst, src, n);
  memcpy(dst, (const void *)src, n);
  return 0;
}

static const uint8_t zeros[BSIZE];   // what a hole reads as

int iread_blocks(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n)
{
  for (uint32_t done = 0, m; done < n; done += m, off += m, dst += m) {
    if (user_dst && done && fatal_signal_pending(current))
      return done;             // killed: its reader is going away
    m = BSIZE - off % BSIZE;
    if (m > n - done)
      m = n - done;
    uint32_t addr = bmap(ip, off / BSIZE, 0);
    struct buf *b = addr ? bread(addr) : 0;
    int err = either_copyout(user_dst, dst, b ? b->data + off % BSIZE : zeros, m);
    if (b)
      brelse(b);
    if (err)
      return -EFAULT;
  }
  return n;
}

int readi(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n)
{
  if (off >= ip->size)
    return 0;
  if (n > ip->size - off)
    n = ip->size - off;
  int r = ip->type == T_FILE ? pcache_read(ip, user_dst, dst, off, n) : iread_blocks(ip, user_dst, dst, off, n);
  if (r > 0 && user_dst)
    read_touch(ip);          // a program read it (not a directory lookup)
  return r;
}

uint32_t iblock_addr(struct inode *ip, uint32_t bn)
{
  return bmap(ip, bn, 0);
}

// The indirect block holding the address of file block bn (past the direct
// ones), and bn's entry in it in *i; 0 if there is none.
static uint32_t leaf_of(struct inode *ip, uint32_t bn, uint32_t *i)
{
  bn -= NDIRECT;
  if (bn < NINDIRECT) {
    *i = bn;
    return ip->addrs[NDIRECT];
  }
  bn -= NINDIRECT;
  *i = bn % NINDIRECT;
  uint32_t top = ip->addrs[NDIRECT + 1];
  return top ? indirect_slot(ip, top, bn / NINDIRECT, 0) : 0;
}

// As iblock_addr for n blocks from bn, reading each indirect block once
// rather than once a block (a read-ahead maps many).
void iblock_addrs(struct inode *ip, uint32_t bn, uint32_t n, uint32_t *addrs)
{
  for (uint32_t k = 0; k < n; ) {
    if (bn + k < NDIRECT) {
      addrs[k] = ip->addrs[bn + k];
      k++;
      continue;
    }
    uint32_t i, leaf = leaf_of(ip, bn + k, &i);
    struct buf *b = leaf ? bread(leaf) : 0;
    for (; k < n && i < NINDIRECT; k++, i++)      // the leaf's entries are in file order
      addrs[k] = b ? ((uint32_t *)b->data)[i] : 0;
    if (b)
      brelse(b);
  }
}

int iblock_write(struct inode *ip, uint32_t bn, const void *src, uint32_t n)
{
  uint32_t addr = bmap(ip, bn, 1);
  if (!addr)
    return -ENOSPC;
  struct buf *b = bread(addr);
  memcpy(b->data, src, n);
  memset(b->data + n, 0, BSIZE - n);   // past the end of the file: zeros (see zero_tail)
  log_write(b);
  brelse(b);
  return 0;
}

int writei(struct inode *ip, int user_src, uint64_t src, uint32_t off, uint32_t n)
{
  if ((uint64_t)off + n > MAXFILE_BYTES)
    return -EFBIG;
  int err = 0;
  uint32_t done, m;
  for (done = 0; done < n; done += m, off += m, src += m) {
    m = BSIZE - off % BSIZE;
    if (m > n - done)
      m = n - done;
    uint32_t addr = bmap(ip, off / BSIZE, 1);
    if (!addr) {
      err = -ENOSPC;
      break;
    }
    struct buf *b = bread(addr);
    err = either_copyin(user_src, b->data + off % BSIZE, src, m);
    log_write(b);            // even after a fault: the cached block may have changed
    brelse(b);
    if (err) {
      err = -EFAULT;
      break;
    }
  }
  if (off > ip->size)
    ip->size = off;
  if (done > 0)
    itouch(ip, ITIME_M | ITIME_C);
  iupdate(ip);               // size, times, and addrs[] if bmap allocated
  return done > 0 ? (int)done : err;
}
