// devfs: the device files of /dev, in memory.  Each instance (mount) makes
// its inodes at mount and keeps them until umount; a lookup hands out one
// more reference.  The data devices are here; the terminal's operations are
// the console driver's.
#include "errno.h"
#include "lib/string.h"
#include "mm/mm.h"
#include "random.h"
#include "proc/task.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

#define DEVFS_MAGIC 0x1373           // statfs f_type, as Linux's devtmpfs (ramfs family)

const struct file_ops *devsw[NDEV];

// Bytes a data device's read produces by the chunk.
#define CHUNK 256

static long zero_fill(uint64_t udst, size_t n)
{
  static const char zeros[CHUNK];
  for (size_t done = 0; done < n; done += CHUNK)
    if (copy_to_user(udst + done, zeros, n - done < CHUNK ? n - done : CHUNK) < 0)
      return done ? (long)done : -EFAULT;
  return n;
}

static long null_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  return 0;
}

static long sink_write(struct file *f, uint64_t usrc, size_t n, uint64_t *off)
{
  return n;
}

static long zero_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  return zero_fill(udst, n);
}

static long full_write(struct file *f, uint64_t usrc, size_t n, uint64_t *off)
{
  return n ? -ENOSPC : 0;
}

// The kernel's generator (random.c), as getrandom() reads it.
static long random_read(struct file *f, uint64_t udst, size_t n, uint64_t *off)
{
  char buf[CHUNK];
  for (size_t done = 0; done < n; done += CHUNK) {
    size_t m = n - done < CHUNK ? n - done : CHUNK;
    random_bytes(buf, m);
    if (copy_to_user(udst + done, buf, m) < 0)
      return done ? (long)done : -EFAULT;
    if (done && fatal_signal_pending(current))
      return done;
  }
  return n;
}

// Seeking a data device does nothing, as on Linux.
static long stay(struct file *f, long off, int whence)
{
  return 0;
}

static const struct file_ops null_fops = { .read = null_read, .write = sink_write, .lseek = stay };
static const struct file_ops zero_fops = { .read = zero_read, .write = sink_write, .lseek = stay };
static const struct file_ops full_fops = { .read = zero_read, .write = full_write, .lseek = stay };
static const struct file_ops random_fops = { .read = random_read, .write = sink_write, .lseek = stay };

// The files, with Linux's device numbers and permission bits.
static const struct devnode {
  const char *name;
  const struct file_ops *fops;
  int major, minor;
  uint16_t mode;
} devnodes[] = {
  { "null", &null_fops, 1, 3, 0666 }, { "zero", &zero_fops, 1, 5, 0666 },
  { "full", &full_fops, 1, 7, 0666 }, { "random", &random_fops, 1, 8, 0666 },
  { "urandom", &random_fops, 1, 9, 0666 }, { "tty", &console_fops, 5, 0, 0666 },
  { "console", &console_fops, 5, 1, 0600 },
};
#define DIR_MODE 0755
#define NDEVNODES (sizeof(devnodes) / sizeof(devnodes[0]))
#define ROOT_INUM 1

// sb->priv: the inodes, in devnodes' order.
struct devfs {
  struct inode *node[NDEVNODES];
};

static int devfs_lookup(struct inode *dir, const char *name, struct inode **ipp)
{
  struct devfs *d = dir->sb->priv;
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
    *ipp = idup(dir);          // "..": the VFS leaves the mount before asking
    return 0;
  }
  for (unsigned i = 0; i < NDEVNODES; i++) {
    if (strcmp(name, devnodes[i].name) == 0) {
      *ipp = idup(d->node[i]);
      return 0;
    }
  }
  return -ENOENT;
}

static int devfs_readdir(struct inode *dir, uint64_t *pos, char *name, uint64_t *ino, uint8_t *dtype)
{
  if (*pos < 2) {
    strlcpy(name, *pos ? ".." : ".", NAME_MAX + 1);
    *ino = ROOT_INUM;
    *dtype = DT_DIR;
  } else if (*pos - 2 < NDEVNODES) {
    strlcpy(name, devnodes[*pos - 2].name, NAME_MAX + 1);
    *ino = ROOT_INUM + 1 + (*pos - 2);
    *dtype = DT_CHR;
  } else {
    return 0;
  }
  (*pos)++;
  return 1;
}

static const struct inode_ops devfs_iops = {
  .lookup = devfs_lookup, .getattr = generic_getattr, .setattr = memory_setattr,
  .readdir = devfs_readdir,
};
// The directory's offset counts entries (rewinddir seeks to 0).
static long dir_lseek(struct file *f, long off, int whence)
{
  return seek_to(f, off, whence, 0);
}

static const struct file_ops devfs_dir_fops = { .getdents = generic_getdents, .lseek = dir_lseek };

// Attributes live in the inodes (chmod and the like change them until umount).
static struct inode *devfs_inode(struct super *sb, int type, uint16_t mode, uint32_t inum,
                                 const struct file_ops *fops)
{
  struct inode *ip = inode_new(sb, type);
  if (ip) {
    ip->inum = inum;
    ip->mode = mode;
    ip->op = &devfs_iops;
    ip->fop = fops;
  }
  return ip;
}

static void devfs_kill(struct super *sb)
{
  struct devfs *d = sb->priv;
  for (unsigned i = 0; d && i < NDEVNODES; i++)
    if (d->node[i])
      iput(d->node[i]);
  if (sb->root)
    iput(sb->root);
  kfree(d);
}

static int devfs_mount(struct super *sb)
{
  struct devfs *d = kmalloc(sizeof *d);
  if (!d)
    return -ENOMEM;
  memset(d, 0, sizeof *d);
  sb->priv = d;
  if (!(sb->root = devfs_inode(sb, T_DIR, DIR_MODE, ROOT_INUM, &devfs_dir_fops)))
    goto full;
  sb->root->nlink = 2;
  for (unsigned i = 0; i < NDEVNODES; i++) {
    const struct devnode *dn = &devnodes[i];
    if (!(d->node[i] = devfs_inode(sb, T_DEV, dn->mode, ROOT_INUM + 1 + i, dn->fops)))
      goto full;
    d->node[i]->major = dn->major;
    d->node[i]->minor = dn->minor;
  }
  return 0;
full:
  devfs_kill(sb);
  return -ENFILE;
}

static void devfs_statfs(struct super *sb, struct statfs *st)
{
  st->f_bsize = st->f_frsize = PGSIZE;
  st->f_files = NDEVNODES + 1;
}

const struct fs_type devfs_type = {
  .name = "devtmpfs", .magic = DEVFS_MAGIC, .mount = devfs_mount, .kill = devfs_kill, .statfs = devfs_statfs,
};
