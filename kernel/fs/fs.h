// The disk file system: log, inodes and directories, and the inode table
// every file system's inodes live in (the VFS is in vfs.h).
//
// Lock order (outermost first):
//   rename_lock (vfs.h) -- taken before begin_op
//   begin_op (log admission) -- never called while holding an inode lock
//   inode sleep locks: a directory before the inodes in it; two unrelated
//     inodes are held at once only by rename, under rename_lock
//   buffer sleep locks (a commit takes none: it writes the pinned buffers
//     while no operation is open)
//   spinlocks, innermost: fs_info, then the mount table, then the page
//     cache's dirty list, then itable; fd table, pipe, log, bcache and disk
//     are never held together
// The page cache's write-back (pcache_writeback, pcache_flush, log_force)
// opens its own operations: never call it inside one.
// Every call that may drop the last reference to an inode (iput, and so
// path lookup, which walks directories) must be inside begin_op/end_op,
// because the last reference to an unlinked inode frees it on disk.
#pragma once
#include <stdint.h>
#include "sched/sleeplock.h"
#include "lib/list.h"
#include "lib/rbtree.h"
#include "fs/fs_format.h"
#include "fs/vfs.h"
#include "clock.h"

#define T_FIFO 5               // in memory only: a pipe's inode

// An inode in memory, of any file system (the VFS's one inode type): the
// disk's inodes are cached copies of dinodes, the other file systems' are
// made by their lookups.  The table in inode.c holds them all.
struct inode {
  struct super *sb;            // its file system: set with ref from 0, constant while referenced
  const struct inode_ops *op;
  const struct file_ops *fop;  // what open(2) starts a file with
  void *priv;                  // the file system's own (procfs: the node; pipes: the pipe)
  uint32_t inum;               // under itable.lock
  int ref;                     // references (open files, cwds, lookups): under itable.lock
  struct sleeplock lock;       // protects everything below
  int valid;                   // the fields below were read from disk (always, for other file systems)
  int16_t type;                // T_DIR, T_FILE, T_DEV, T_SYMLINK, T_FIFO (0: being freed)
  uint16_t mode;               // permission bits (MODE_PERM)
  int16_t major, minor;
  int16_t nlink;
  uint32_t uid, gid;
  uint32_t blocks;             // allocated, indirect blocks included
  uint64_t size;
  struct timespec atime, mtime, ctime;
  // A read moved atime, which is not on disk yet: reads run outside
  // transactions, so the next iupdate, or the last iput, writes it.
  int atime_dirty;
  uint32_t addrs[NDIRECT + 2];
  // The page cache (fs/pcache.c), for the disk's regular files: the cached
  // pages by index, how many there are and how many are dirty, and the
  // first write-back error (fsync reports it once), under lock.
  struct rb_root pages;
  uint32_t npages, ndirty;
  int wb_err;
  int shared_maps;             // MAP_SHARED regions mapping the file (atomic)
  // Read-ahead, under lock: the window being read (ra: NULL when none; its
  // pages are in pages but not to be touched before pcache waits for it),
  // and the last window started, [ra_start, ra_start + ra_size): a read of
  // its first page starts the next (ra_size 0: reads are not going forward).
  struct readahead *ra;
  uint32_t ra_start, ra_size;
  // On the page cache's dirty list since dirty_since (time_ns; 0: not on
  // it): changed under lock and the list's spinlock both.
  uint64_t dirty_since;
  struct list_head dirty_link;
};

// Largest file: readi and writei take 32-bit offsets (the block tree
// reaches a little further).
#define MAXFILE_BYTES 0xffffffffu

// A write-back transaction writes at most this many data and indirect
// blocks (fs/pcache.c counts both), so it fits MAXOPBLOCKS with the inode,
// two bitmap blocks and the double-indirect block.
#define WB_BATCH (MAXOPBLOCKS - 8)
#define WRITE_STEP (64 * BSIZE)        // a write() locks the file this much at a time

// ---- fs/inode.c ----
// Mount the root file system: read the superblock and recover the log.
// Called once, from the first user task (it sleeps on disk I/O).
void fs_init(void);
// A new on-disk inode of type with permission bits mode, owned by the
// caller, all times now; referenced and unlocked in *ipp: 0, -ENOSPC or -ENFILE.
int ialloc(int16_t type, uint16_t mode, struct inode **ipp);
struct inode *iget(uint32_t inum);     // NULL when the inode table is full
// An inode of sb that no lookup will find by number (other file systems):
// referenced, valid, of type, owned by root, all times now; the caller sets
// inum, mode, op, fop, priv.  NULL: table full.
struct inode *inode_new(struct super *sb, int16_t type);
int inode_refs(struct super *sb);      // references to sb's inodes (umount's busy test)
void inode_evict(struct inode *ip);    // the disk's evict: free an unlinked inode
struct fs_usage {
  uint64_t blocks, bfree, inodes, ifree;
};
void fs_usage(struct fs_usage *u);     // counted from the bitmap and the inode blocks
extern struct super disk_super;        // the disk file system (fs/diskfs.c)
extern const struct inode_ops disk_iops;
extern const struct file_ops disk_fops;
// Type (T_*) of inode inum as the buffer cache has it, without locking the
// inode (iupdate keeps the cached block current): for getdents.
int inode_type(uint32_t inum);
struct inode *idup(struct inode *ip);
void ilock(struct inode *ip);          // lock, reading the inode from disk if needed
void iunlock(struct inode *ip);
void iput(struct inode *ip);           // drop a reference; in a transaction
void iunlockput(struct inode *ip);
void iupdate(struct inode *ip);        // copy to disk (through the log); ip locked
void itrunc(struct inode *ip);         // free the contents; ip locked, in a transaction
// Make the locked inode size bytes long (a grown file reads zeros, a shrunk
// one frees its blocks beyond size); in a transaction.  Only as many blocks
// go as their bitmap blocks fit in the log: 0 means call again, in another
// transaction, to finish; 1 done.
int iresize(struct inode *ip, uint64_t size);
// Set the time stamps named by which (ITIME_*) to now; the caller iupdates.
#define ITIME_A 1
#define ITIME_M 2
#define ITIME_C 4
void itouch(struct inode *ip, int which);
struct timespec fs_now(void);        // the wall clock, as inode times hold it
// Copy n bytes at off out of (into) the locked inode.  user_dst/user_src:
// the address is in the current task's user space, else a kernel address.
// readi returns bytes read (short at end of file) or -EFAULT; writei bytes
// written or -ENOSPC, -EFBIG, -EFAULT.  writei must run in a transaction.
// Regular files are read through the page cache; writei is for directories
// and symbolic links (regular files are written by pcache_write).
int readi(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n);
int writei(struct inode *ip, int user_src, uint64_t src, uint32_t off, uint32_t n);
// Copy out of (into) the kernel, to (from) user space if user: 0 or -EFAULT.
int either_copyout(int user, uint64_t dst, const void *src, uint32_t n);
int either_copyin(int user, void *dst, uint64_t src, uint32_t n);
// readi through the buffer cache (directories, symbolic links, and the
// kernel's reads of a file's pages that are not cached).
int iread_blocks(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n);
uint32_t iblock_addr(struct inode *ip, uint32_t bn);   // disk block of the locked file's block bn, 0: a hole
void iblock_addrs(struct inode *ip, uint32_t bn, uint32_t n, uint32_t *addrs);   // the same for n blocks
uint32_t fs_free_blocks(void);         // free blocks now (balloc and bfree keep the count)
// The first n bytes of src as block bn of the locked file, the rest of the
// block zeroed, allocating it if needed: 0 or -ENOSPC.  In a transaction.
int iblock_write(struct inode *ip, uint32_t bn, const void *src, uint32_t n);

// ---- fs/log.c ----
void log_init(const struct superblock *sb);
void begin_op(void);                   // start a file-system operation (may sleep)
void end_op(void);                     // end it (its changes join the group to commit)
struct buf;
void log_write(struct buf *b);         // record that b changed in this transaction
// Commit every operation ended so far and wait until it is on disk.  Call
// outside any operation.
void log_commit(void);
// Get everything written so far onto the disk, the page cache's dirty pages
// included (sync, power-off).  Call outside any operation.
void log_force(void);

// ---- fs/pcache.c: the page cache of regular disk files ----
// Lock order: an inode's sleep lock, then the dirty list's spinlock, then
// itable.lock.  Functions taking ip locked say so; the others take it.
void pcache_init(void);                // start the flusher task
// Copy n bytes at off out of the locked file (off + n within its size):
// bytes copied, -EFAULT, -ENOMEM or -EIO.  The kernel's own reads (exec) do not
// add pages: a page not cached is read through the buffer cache.
int pcache_read(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n);
// Copy n bytes from user address src into the locked file at off, growing
// it: bytes copied, or -EFAULT, -ENOMEM, -ENOSPC (a page with no block yet
// reserves one, so a full disk shows here).  No transaction: the pages are dirty.
int pcache_write(struct inode *ip, uint64_t src, uint32_t off, uint32_t n);
// A writer should write back its file first (too many dirty pages, memory low)?
int pcache_should_flush(struct inode *ip);
// Write ip's dirty pages through the log (mapped: and the pages MAP_SHARED
// mappings may have changed).  ip referenced and unlocked, no transaction open.
void pcache_writeback(struct inode *ip, int mapped);
// fsync: pcache_writeback(ip, 1), commit, and report a write-back error once.
int pcache_fsync(struct inode *ip);
// Write back every file that joined the dirty list before time t (time_ns).
void pcache_flush(uint64_t t);
// Drop the pages wholly beyond size and zero the rest of the page holding
// it; ip locked.
void pcache_truncate(struct inode *ip, uint64_t size);
// Free every page, dirty ones too (the last reference, or an unlinked
// file's last user): 1 if the file left the dirty list, whose reference the
// caller drops.  ip locked.
int pcache_drop(struct inode *ip);
// Page index of the file, referenced, in *page: 0, -EIO beyond the end of
// the file (a mapping's SIGBUS), -ENOMEM.
int pcache_get_page(struct inode *ip, uint32_t index, void **page);
uint64_t pcache_reserved(void);        // blocks promised to dirty pages (statfs counts them used)
// Mark the cached pages of [first, first+count) dirty (a shared mapping goes).
void pcache_dirty(struct inode *ip, uint64_t first, uint64_t count);

// ---- fs/dir.c: the disk's directories, behind the VFS's inode operations ----
// The next used entry at or after *off in the locked directory dp: 1 and the
// entry in *de (and *off moved past it), or 0 at the end.
int dir_next(struct inode *dp, uint32_t *off, struct dirent *de);
int disk_lookup(struct inode *dp, const char *name, struct inode **ipp);
int disk_create(struct inode *dp, const char *name, int type, uint16_t mode, int major, int minor,
                struct inode **ipp);
int disk_link(struct inode *dp, const char *name, struct inode *ip);
int disk_unlink(struct inode *dp, const char *name, int rmdir);
int disk_symlink(struct inode *dp, const char *name, const char *target);
int disk_rename(struct inode *odp, const char *oname, struct inode *ndp, const char *nname, int flags);
int disk_readdir(struct inode *dp, uint64_t *pos, char *name, uint64_t *ino, uint8_t *dtype);
