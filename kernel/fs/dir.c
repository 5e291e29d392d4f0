// The disk's directories: lookup, and the operations that change the name
// space (create, unlink, link, symlink, rename), as the VFS's inode
// operations.  The path walk is the VFS's (vfs.c); here every directory
// passed in is locked by the caller.
//
// A directory is a file of struct dirent.  Every directory holds "." (itself)
// and ".." (its parent; "/" is its own parent).  Link counts follow Unix: a
// directory has 2 + one per subdirectory (its name, its ".", their "..").
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "proc/task.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

#define LINK_MAX INT16_MAX     // nlink is 16 bits on disk
#define SYMLINK_MODE 0777      // as on Linux: a link's own bits are never used

static int namecmp(const char *a, const char *b)
{
  return strncmp(a, b, DIRSIZ);
}

static int is_dot_or_dotdot(const char *name)
{
  return !namecmp(name, ".") || !namecmp(name, "..");
}

int dir_next(struct inode *dp, uint32_t *off, struct dirent *de)
{
  while (*off + sizeof(*de) <= dp->size) {
    if (readi(dp, 0, (uint64_t)de, *off, sizeof(*de)) != sizeof(*de))
      panic("dir_next: cannot read directory %u", dp->inum);
    *off += sizeof(*de);
    if (de->inum)
      return 1;
  }
  return 0;
}

// Look name up in the locked directory dp: 0 and the referenced inode in
// *ipp (and the entry's offset in *poff if poff), or -ENOENT or -ENFILE.
static int dirlookup(struct inode *dp, const char *name, uint32_t *poff, struct inode **ipp)
{
  struct dirent de;
  uint32_t off = 0;
  while (dir_next(dp, &off, &de)) {
    if (namecmp(name, de.name) == 0) {
      if (poff)
        *poff = off - sizeof(de);
      *ipp = iget(de.inum);
      return *ipp ? 0 : -ENFILE;
    }
  }
  return -ENOENT;
}

// Write name -> inum into the first free slot of dp (or a new one at the end).
static int dirlink(struct inode *dp, const char *name, uint32_t inum)
{
  struct dirent de;
  uint32_t off;
  for (off = 0; off < dp->size; off += sizeof(de))
    if (readi(dp, 0, (uint64_t)&de, off, sizeof(de)) != sizeof(de) || de.inum == 0)
      break;
  memset(&de, 0, sizeof(de));
  memcpy(de.name, name, strnlen(name, DIRSIZ));
  de.inum = inum;
  int n = writei(dp, 0, (uint64_t)&de, off, sizeof(de));
  return n == sizeof(de) ? 0 : n < 0 ? n : -ENOSPC;
}

static int dir_is_empty(struct inode *dp)
{
  struct dirent de;
  uint32_t off = 0;
  while (dir_next(dp, &off, &de))
    if (!is_dot_or_dotdot(de.name))
      return 0;
  return 1;
}

// ---- name-space operations ----

int disk_lookup(struct inode *dp, const char *name, struct inode **ipp)
{
  return dirlookup(dp, name, 0, ipp);
}

// Link the new locked inode ip into the locked directory dp as name.
static int link_new(struct inode *dp, struct inode *ip, const char *name)
{
  int err = 0;
  if (ip->type == T_DIR && ((err = dirlink(ip, ".", ip->inum)) || (err = dirlink(ip, "..", dp->inum))))
    return err;
  if ((err = dirlink(dp, name, ip->inum)))
    return err;
  if (ip->type == T_DIR) {
    dp->nlink++;             // the new ".."
    iupdate(dp);
  }
  return 0;
}

// A new inode named name in dp with permission bits mode, locked in *ipp.
static int create_locked(struct inode *dp, const char *name, int type, uint16_t mode, struct inode **ipp)
{
  struct inode *ip;
  int err = dirlookup(dp, name, 0, &ip);
  if (err == 0) {
    iput(ip);
    return -EEXIST;
  }
  if (err == -ENOENT)
    err = dp->nlink == 0 ? -ENOENT       // dp was removed: nothing may be created in it
        : type == T_DIR && dp->nlink >= LINK_MAX ? -EMLINK
        : ialloc(type, mode, &ip);
  if (err)
    return err;
  ilock(ip);
  ip->nlink = type == T_DIR ? 2 : 1;
  iupdate(ip);
  if ((err = link_new(dp, ip, name))) {
    ip->nlink = 0;           // so iput frees it again
    iupdate(ip);
    iunlockput(ip);
    return err;
  }
  *ipp = ip;
  return 0;
}

int disk_create(struct inode *dp, const char *name, int type, uint16_t mode, int major, int minor,
                struct inode **ipp)
{
  int err = create_locked(dp, name, type, mode, ipp);
  if (err)
    return err;
  (*ipp)->major = major;
  (*ipp)->minor = minor;
  iupdate(*ipp);
  iunlock(*ipp);
  return 0;
}

static int check_unlink(struct inode *ip, int rmdir)
{
  if (!rmdir)
    return ip->type == T_DIR ? -EISDIR : 0;
  if (ip->type != T_DIR)
    return -ENOTDIR;
  return dir_is_empty(ip) ? 0 : -ENOTEMPTY;
}

// Write the entry name -> inum at off in the locked directory dp.
static void set_entry(struct inode *dp, uint32_t off, const char *name, uint32_t inum)
{
  struct dirent de;
  memset(&de, 0, sizeof(de));
  memcpy(de.name, name, strnlen(name, DIRSIZ));
  de.inum = inum;
  if (writei(dp, 0, (uint64_t)&de, off, sizeof(de)) != sizeof(de))
    panic("dir: cannot write a directory entry");
}

// Offset of the entry naming inum in the locked directory dp.
static uint32_t dirent_offset(struct inode *dp, uint32_t inum)
{
  struct dirent de;
  uint32_t off = 0;
  while (dir_next(dp, &off, &de))
    if (de.inum == inum)
      return off - sizeof(de);
  panic("dir: inode %u has no entry in %u", inum, dp->inum);
}

// Clear the entry at off in dp naming ip.  Both locked.
static void remove_entry(struct inode *dp, struct inode *ip, uint32_t off)
{
  set_entry(dp, off, "", 0);
  if (ip->type == T_DIR) {
    dp->nlink--;             // ip's ".."
    iupdate(dp);
    ip->nlink = 0;           // its name and its "."
  } else {
    ip->nlink--;
  }
  itouch(ip, ITIME_C);       // the directory's times moved in writei
  iupdate(ip);
}

// The symbolic link's target is its contents, as a file's would be.
int disk_symlink(struct inode *dp, const char *name, const char *target)
{
  struct inode *ip;
  int len = strlen(target);
  int err = create_locked(dp, name, T_SYMLINK, SYMLINK_MODE, &ip);
  if (err)
    return err;
  if (writei(ip, 0, (uint64_t)target, 0, len) != len) {
    err = -ENOSPC;
    remove_entry(dp, ip, dirent_offset(dp, ip->inum));
    ip->nlink = 0;           // so iput frees it again
    iupdate(ip);
  }
  iunlockput(ip);
  return err;
}

int disk_unlink(struct inode *dp, const char *name, int rmdir)
{
  struct inode *ip;
  uint32_t off;
  int err;
  if (is_dot_or_dotdot(name))
    return !rmdir ? -EISDIR : name[1] ? -ENOTEMPTY : -EINVAL;
  if ((err = dirlookup(dp, name, &off, &ip)))
    return err;
  ilock(ip);
  if (!(err = check_unlink(ip, rmdir)))
    remove_entry(dp, ip, off);
  iunlockput(ip);
  return err;
}

int disk_link(struct inode *dp, const char *name, struct inode *ip)
{
  struct inode *old;
  int err = dirlookup(dp, name, 0, &old);
  if (err == 0) {
    iput(old);
    return -EEXIST;
  }
  if (err != -ENOENT)
    return err;
  if (dp->nlink == 0)
    return -ENOENT;
  ilock(ip);
  err = ip->type == T_DIR ? -EPERM : ip->nlink >= LINK_MAX ? -EMLINK : 0;
  if (!err && !(err = dirlink(dp, name, ip->inum))) {
    ip->nlink++;             // the whole operation is one transaction: the order does not matter
    itouch(ip, ITIME_C);
    iupdate(ip);
  }
  iunlock(ip);
  return err;
}

int disk_readdir(struct inode *dp, uint64_t *pos, char *name, uint64_t *ino, uint8_t *dtype)
{
  struct dirent de;
  uint32_t off = (*pos + sizeof(de) - 1) / sizeof(de) * sizeof(de);   // lseek may point inside an entry
  if (*pos > dp->size || !dir_next(dp, &off, &de))
    return 0;
  *pos = off;
  memcpy(name, de.name, DIRSIZ);
  name[DIRSIZ] = 0;
  *ino = de.inum;
  int type = inode_type(de.inum);
  *dtype = type == T_DIR ? DT_DIR : type == T_DEV ? DT_CHR : type == T_SYMLINK ? DT_LNK : DT_REG;
  return 1;
}

// ---- rename ----

// Point the ".." of the locked directory ip at parent.
static void set_dotdot(struct inode *ip, uint32_t parent)
{
  struct dirent de;
  uint32_t off = 0;
  while (dir_next(ip, &off, &de)) {
    if (namecmp(de.name, "..") == 0) {
      set_entry(ip, off - sizeof(de), "..", parent);
      return;
    }
  }
  panic("rename: directory %u has no ..", ip->inum);
}

// The directory ip (locked) now lives in ndp instead of odp.
static void move_dir(struct inode *ip, struct inode *odp, struct inode *ndp)
{
  if (ip->type != T_DIR || odp == ndp)
    return;
  set_dotdot(ip, ndp->inum);
  odp->nlink--;
  ndp->nlink++;
  iupdate(odp);
  iupdate(ndp);
}

// Why ip (locked) may not replace np (locked), or 0.
static int check_replace(struct inode *ip, struct inode *np)
{
  if (ip->type == T_DIR && np->type != T_DIR)
    return -ENOTDIR;
  if (ip->type != T_DIR && np->type == T_DIR)
    return -EISDIR;
  return np->type == T_DIR && !dir_is_empty(np) ? -ENOTEMPTY : 0;
}

// Both names exist (ip at ooff in odp, np at noff in ndp): swap them.
static int exchange(struct inode *odp, uint32_t ooff, struct inode *ip, const char *oname,
                    struct inode *ndp, uint32_t noff, struct inode *np, const char *nname)
{
  set_entry(ndp, noff, nname, ip->inum);
  set_entry(odp, ooff, oname, np->inum);
  move_dir(ip, odp, ndp);
  move_dir(np, ndp, odp);
  return 0;
}

// ip (at ooff in odp) takes the name nname in ndp, replacing np (at noff) if np.
static int move(struct inode *odp, uint32_t ooff, struct inode *ip,
                struct inode *ndp, uint32_t noff, struct inode *np, const char *nname)
{
  int err = np ? check_replace(ip, np) : 0;
  if (err)
    return err;
  if (np) {
    set_entry(ndp, noff, nname, ip->inum);
    if (np->type == T_DIR) {
      ndp->nlink--;          // np's ".."
      np->nlink = 0;
    } else {
      np->nlink--;
    }
    itouch(np, ITIME_C);
    iupdate(np);
  } else if ((err = dirlink(ndp, nname, ip->inum))) {
    return err;
  }
  set_entry(odp, ooff, "", 0);
  move_dir(ip, odp, ndp);
  iupdate(ndp);
  return 0;
}

// One transaction (the caller's), so a crash leaves the old names or the
// new ones.  The VFS has refused "." and "..", and moves of a directory
// into itself.
int disk_rename(struct inode *odp, const char *oname, struct inode *ndp, const char *nname, int flags)
{
  struct inode *ip, *np = 0;
  uint32_t ooff, noff = 0;
  int err = dirlookup(odp, oname, &ooff, &ip);
  if (err)
    return err;
  err = dirlookup(ndp, nname, &noff, &np);
  if (err == -ENOENT) {
    np = 0;
    err = (flags & RENAME_EXCHANGE) ? -ENOENT : ndp->nlink == 0 ? -ENOENT : 0;
  } else if (!err && (flags & RENAME_NOREPLACE)) {
    err = -EEXIST;
  }
  if (!err && np == odp)     // ndp/nname is oname's own directory: not empty
    err = ip->type == T_DIR ? -ENOTEMPTY : -EISDIR;
  if (err || np == ip) {     // two names of one inode: nothing to do
    if (np)
      iput(np);
    iput(ip);
    return err;
  }
  ilock(ip);
  if (np)
    ilock(np);
  if (flags & RENAME_EXCHANGE)
    err = exchange(odp, ooff, ip, oname, ndp, noff, np, nname);
  else
    err = move(odp, ooff, ip, ndp, noff, np, nname);
  if (np)
    iunlockput(np);
  iunlockput(ip);
  return err;
}
