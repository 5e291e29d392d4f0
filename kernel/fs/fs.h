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
//   spinlocks, innermost: fs_info, then the mount table, then itable; fd
//     table, pipe, log, bcache and disk are never held together
// Every call that may drop the last reference to an inode (iput, and so
// path lookup, which walks directories) must be inside begin_op/end_op,
// because the last reference to an unlinked inode frees it on disk.
#pragma once
#include <stdint.h>
#include "lib/sleeplock.h"
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
};

// Largest file: readi and writei take 32-bit offsets (the block tree
// reaches a little further).
#define MAXFILE_BYTES 0xffffffffu

// One file write transaction covers at most this many bytes, so it fits
// MAXOPBLOCKS: the data blocks plus inode, two bitmap blocks and three
// indirect blocks.
#define WRITE_CHUNK ((MAXOPBLOCKS - 8) * BSIZE)

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
int readi(struct inode *ip, int user_dst, uint64_t dst, uint32_t off, uint32_t n);
int writei(struct inode *ip, int user_src, uint64_t src, uint32_t off, uint32_t n);

// ---- fs/log.c ----
void log_init(const struct superblock *sb);
void begin_op(void);                   // start a file-system operation (may sleep)
void end_op(void);                     // end it (its changes join the group to commit)
struct buf;
void log_write(struct buf *b);         // record that b changed in this transaction
// Commit every operation ended so far and wait until it is on disk (fsync,
// sync, power-off).  Call outside any operation.
void log_force(void);

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
