// The anonymous file system: the inodes of eventfd, signalfd and timerfd
// files.  Nothing names them, so the file system is never mounted; an
// inode lives as long as its one file.
#include "errno.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"
#include "fs/anonfd.h"

#define ANON_INODE_MAGIC 0x09041934  // statfs f_type, as Linux's
#define ANON_MODE 0600               // as Linux's: read and write for the owner

static const struct fs_type anonfs_type = { .name = "anon_inodefs", .magic = ANON_INODE_MAGIC };
static struct super anon_super = { .type = &anonfs_type, .dev = MKDEV(0, 13) };

// Linux's anonymous inodes have no file type: stat shows the permission
// bits alone.
static void anon_getattr(struct inode *ip, struct stat *st)
{
  generic_getattr(ip, st);
  st->st_mode &= ~S_IFMT;
}

// They have no attributes to change (fchmod, fchown): Linux's answer.
static int anon_setattr(struct inode *ip, const struct iattr *ia)
{
  return -EOPNOTSUPP;
}

static const struct inode_ops anon_iops = { .getattr = anon_getattr, .setattr = anon_setattr };

struct file *anon_file(const struct file_ops *fop, void *priv, int flags)
{
  // T_FIFO: like a pipe's, an in-memory inode that the generic code treats
  // as neither a file, a directory nor a device.
  struct inode *ip = inode_new(&anon_super, T_FIFO);
  if (!ip)
    return 0;
  ip->mode = ANON_MODE;
  ip->op = &anon_iops;
  ip->fop = fop;
  ip->inum = (uint32_t)(uint64_t)priv;
  struct file *f = file_open_inode(ip, O_RDWR | (flags & O_NONBLOCK));
  if (f)
    f->priv = priv;
  iput(ip);                    // the file holds it now (or nobody: it goes)
  return f;
}

int anon_install(struct file *f, int flags)
{
  int fd = fd_install(f, 0, flags);
  if (fd < 0)
    fileclose(f);
  return fd;
}
