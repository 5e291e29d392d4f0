// The disk file system behind the VFS: its type, its inode and file
// operations.  The mechanisms are in inode.c (inodes, blocks, contents) and
// dir.c (directories); this file joins them to the VFS's tables.
#include "errno.h"
#include "lib/string.h"
#include "proc/task.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

#define DISK_MAGIC 0x58465336      // statfs f_type: the superblock's FSMAGIC

// Static, so that the inodes read before the mount table exists (orphan
// reclaim at boot) already belong to it.
struct super disk_super = { .type = &diskfs_type, .dev = MKDEV(254, 0) };

static int disk_mount(struct super *sb)
{
  sb->root = iget(ROOTINO);
  return sb->root ? 0 : -ENFILE;
}

static void disk_statfs(struct super *sb, struct statfs *st)
{
  struct fs_usage u;
  fs_usage(&u);
  st->f_bsize = st->f_frsize = BSIZE;
  st->f_blocks = u.blocks;
  st->f_bfree = st->f_bavail = u.bfree;
  st->f_files = u.inodes;
  st->f_ffree = u.ifree;
}

const struct fs_type diskfs_type = {
  .name = "xv6fs", .magic = DISK_MAGIC, .mount = disk_mount, .statfs = disk_statfs,
};

static void disk_getattr(struct inode *ip, struct stat *st)
{
  generic_getattr(ip, st);
  st->st_blksize = BSIZE;
  st->st_blocks = (uint64_t)ip->blocks * (BSIZE / 512);
}

// A shrink frees blocks in as many transactions as their bitmap blocks need.
static void disk_resize(struct inode *ip, uint64_t size)
{
  for (int done = 0; !done; ) {
    begin_op();
    ilock(ip);
    done = iresize(ip, size);
    iunlock(ip);
    end_op();
  }
}

static int disk_setattr(struct inode *ip, const struct iattr *ia)
{
  if (ia->valid & ATTR_SIZE) {
    if (ia->size > MAXFILE_BYTES)
      return -EFBIG;
    disk_resize(ip, ia->size);
    return 0;
  }
  begin_op();
  ilock(ip);
  setattr_copy(ip, ia);
  iupdate(ip);
  iunlock(ip);
  end_op();
  return 0;
}

static int disk_readlink(struct inode *ip, char *buf, int size)
{
  if (ip->type != T_SYMLINK)
    return -EINVAL;
  return readi(ip, 0, (uint64_t)buf, 0, ip->size < (uint32_t)size ? ip->size : (uint32_t)size);
}

// A character device on the disk opens as its driver (by major number).
static int disk_open(struct inode *ip, struct file *f, int flags)
{
  if (ip->type == T_DEV) {
    if (ip->major < 0 || ip->major >= NDEV || !devsw[ip->major])
      return -ENXIO;
    f->op = devsw[ip->major];
  }
  if ((flags & O_TRUNC) && ip->type == T_FILE && f->writable)
    itrunc(ip);
  return 0;
}

const struct inode_ops disk_iops = {
  .lookup = disk_lookup, .create = disk_create, .link = disk_link, .unlink = disk_unlink,
  .symlink = disk_symlink, .rename = disk_rename, .readlink = disk_readlink,
  .getattr = disk_getattr, .setattr = disk_setattr, .readdir = disk_readdir, .open = disk_open,
  .evict = inode_evict,
};

// ---- files ----

// *off is f->off (read and written under ip->lock), or pread's own offset.
static long disk_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  struct inode *ip = f->ip;
  ilock(ip);
  long r = ip->type == T_DIR ? -EISDIR
         : *off >= ip->size ? 0
         : readi(ip, 1, udst, *off, n > INT32_MAX ? INT32_MAX : n);
  if (r > 0)
    *off += r;
  iunlock(ip);
  return r;
}

// One transaction per WRITE_CHUNK, so a large write never overflows the log.
static long disk_write(struct file *f, uint64_t usrc, size_t n, uint64_t *off)
{
  struct inode *ip = f->ip;
  size_t done = 0;
  while (done < n) {
    if (fatal_signal_pending(current))
      return done ? done : -EINTR;
    uint32_t m = n - done < WRITE_CHUNK ? n - done : WRITE_CHUNK;
    begin_op();
    ilock(ip);
    if (__atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_APPEND)
      *off = ip->size;
    int r = *off + m > MAXFILE_BYTES ? -EFBIG : writei(ip, 1, usrc + done, *off, m);
    if (r > 0)
      *off += r;
    iunlock(ip);
    end_op();
    if (r < 0)
      return done ? done : r;
    done += r;
    if (r < m)
      break;                 // the disk is full
  }
  return done;
}

static long disk_lseek(struct file *f, long off, int whence)
{
  ilock(f->ip);
  long r = seek_to(f, off, whence, f->ip->size);
  iunlock(f->ip);
  return r;
}

// The log commits every file's changes together (fs/log.c): commit them all.
static int disk_fsync(struct file *f)
{
  log_force();
  return 0;
}

static int disk_mmap(struct file *f)
{
  return f->ip->type == T_FILE ? 0 : -ENODEV;
}

const struct file_ops disk_fops = {
  .read = disk_read, .write = disk_write, .getdents = generic_getdents, .lseek = disk_lseek,
  .fsync = disk_fsync, .mmap = disk_mmap,
};
