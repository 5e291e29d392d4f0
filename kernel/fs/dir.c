// Directories and path names: lookup, and the operations that change the
// name space (create, unlink, link).
//
// A directory is a file of struct dirent.  Every directory holds "." (itself)
// and ".." (its parent; "/" is its own parent).  Link counts follow Unix: a
// directory has 2 + one per subdirectory (its name, its ".", their "..").
//
// Path lookup locks one directory at a time and unlocks it before locking
// the next, so walking ".." cannot deadlock against a walk downwards.
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "proc/task.h"
#include "fs/fs.h"
#include "fs/file.h"

#define LINK_MAX INT16_MAX     // nlink is 16 bits on disk

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

// ---- path names ----

// Copy the next element of *pp into name and move *pp past it and its
// slashes.  1 if there was one, 0 at the end, or -ENAMETOOLONG.
static int next_elem(const char **pp, char *name)
{
  const char *p = *pp;
  while (*p == '/')
    p++;
  if (!*p)
    return 0;
  const char *start = p;
  while (*p && *p != '/')
    p++;
  if (p - start > DIRSIZ)
    return -ENAMETOOLONG;
  memcpy(name, start, p - start);
  name[p - start] = 0;
  while (*p == '/')
    p++;
  *pp = p;
  return 1;
}

static struct inode *start_dir(struct inode *dir, const char *path)
{
  struct fs_info *fsi = current->fs;
  if (*path == '/')
    return idup(fsi->root);
  if (dir)
    return idup(dir);
  spin_lock(&fsi->lock);
  struct inode *ip = idup(fsi->cwd);
  spin_unlock(&fsi->lock);
  return ip;
}

// Walk path; with parent, stop at the directory holding the last element.
static int walk(struct inode *dir, const char *path, int parent, char *name, struct inode **ipp)
{
  if (!*path)
    return -ENOENT;
  struct inode *ip = start_dir(dir, path), *next;
  int err;
  while ((err = next_elem(&path, name)) > 0) {
    ilock(ip);
    if (ip->type != T_DIR) {
      iunlockput(ip);
      return -ENOTDIR;
    }
    if (parent && !*path) {
      iunlock(ip);
      *ipp = ip;
      return 0;
    }
    err = dirlookup(ip, name, 0, &next);
    iunlockput(ip);
    if (err)
      return err;
    ip = next;
  }
  if (err == 0 && !parent) {
    *ipp = ip;
    return 0;
  }
  iput(ip);
  return err ? err : -ENOENT;   // parent of a path with no last element ("/")
}

int path_lookup(struct inode *dir, const char *path, struct inode **ipp)
{
  char name[DIRSIZ + 1];
  return walk(dir, path, 0, name, ipp);
}

// The directory holding the last element of path, whose name is copied to
// name (DIRSIZ + 1 bytes).
static int path_parent(struct inode *dir, const char *path, struct inode **ipp, char *name)
{
  return walk(dir, path, 1, name, ipp);
}

struct inode *namei(const char *path)
{
  struct inode *ip;
  return path_lookup(0, path, &ip) == 0 ? ip : 0;
}

// ---- name-space operations ----

// open(O_CREAT) of a name that exists: fine unless excl or a directory.
static int open_existing(struct inode *ip, int excl, struct inode **ipp)
{
  if (excl) {
    iput(ip);
    return -EEXIST;
  }
  ilock(ip);
  if (ip->type == T_DIR) {
    iunlockput(ip);
    return -EISDIR;
  }
  *ipp = ip;
  return 0;
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

int create(struct inode *dir, const char *path, int16_t type, uint16_t mode, int16_t major,
           int16_t minor, int excl, struct inode **ipp)
{
  char name[DIRSIZ + 1];
  struct inode *dp, *ip;
  int err = path_parent(dir, path, &dp, name);
  if (err)
    return err;
  ilock(dp);
  err = dirlookup(dp, name, 0, &ip);
  if (err == 0) {
    iunlockput(dp);
    return open_existing(ip, excl, ipp);
  }
  if (err == -ENOENT)
    err = dp->nlink == 0 ? -ENOENT       // dp was removed: nothing may be created in it
        : type == T_DIR && dp->nlink >= LINK_MAX ? -EMLINK
        : ialloc(type, mode, &ip);
  if (err) {
    iunlockput(dp);
    return err;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = type == T_DIR ? 2 : 1;
  iupdate(ip);
  if ((err = link_new(dp, ip, name))) {
    ip->nlink = 0;           // so iput frees it again
    iupdate(ip);
    iunlockput(ip);
  }
  iunlockput(dp);
  if (!err)
    *ipp = ip;
  return err;
}

static int check_unlink(struct inode *ip, int rmdir)
{
  if (!rmdir)
    return ip->type == T_DIR ? -EISDIR : 0;
  if (ip->type != T_DIR)
    return -ENOTDIR;
  return dir_is_empty(ip) ? 0 : -ENOTEMPTY;
}

// Clear the entry at off in dp naming ip.  Both locked.
static void remove_entry(struct inode *dp, struct inode *ip, uint32_t off)
{
  struct dirent de;
  memset(&de, 0, sizeof(de));
  if (writei(dp, 0, (uint64_t)&de, off, sizeof(de)) != sizeof(de))
    panic("unlink: cannot clear a directory entry");
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

int unlink(struct inode *dir, const char *path, int rmdir)
{
  char name[DIRSIZ + 1];
  struct inode *dp, *ip;
  uint32_t off;
  int err = path_parent(dir, path, &dp, name);
  if (err)
    return err;
  ilock(dp);
  if (is_dot_or_dotdot(name)) {
    err = !rmdir ? -EISDIR : name[1] ? -ENOTEMPTY : -EINVAL;
  } else if ((err = dirlookup(dp, name, &off, &ip)) == 0) {
    ilock(ip);
    if (!(err = check_unlink(ip, rmdir)))
      remove_entry(dp, ip, off);
    iunlockput(ip);
  }
  iunlockput(dp);
  return err;
}

// Enter ip (not locked, one more link already counted) as newpath.
static int link_name(struct inode *newdir, const char *newpath, struct inode *ip)
{
  char name[DIRSIZ + 1];
  struct inode *dp, *old;
  int err = path_parent(newdir, newpath, &dp, name);
  if (err)
    return err;
  ilock(dp);
  if ((err = dirlookup(dp, name, 0, &old)) == 0) {
    iput(old);
    err = -EEXIST;
  } else if (err == -ENOENT) {
    err = dp->nlink == 0 ? -ENOENT : dirlink(dp, name, ip->inum);
  }
  iunlockput(dp);
  return err;
}

int link(struct inode *olddir, const char *oldpath, struct inode *newdir, const char *newpath)
{
  struct inode *ip;
  int err = path_lookup(olddir, oldpath, &ip);
  if (err)
    return err;
  ilock(ip);
  err = ip->type == T_DIR ? -EPERM : ip->nlink >= LINK_MAX ? -EMLINK : 0;
  if (!err) {
    ip->nlink++;             // before the new name exists, so a crash leaves too many, never too few
    itouch(ip, ITIME_C);
    iupdate(ip);
  }
  iunlock(ip);
  if (!err && (err = link_name(newdir, newpath, ip))) {
    ilock(ip);
    ip->nlink--;
    iupdate(ip);
    iunlock(ip);
  }
  iput(ip);
  return err;
}

// ---- the working directory's name ----

// The name of inode inum in the locked directory dp.
static int name_of(struct inode *dp, uint32_t inum, char *name)
{
  struct dirent de;
  uint32_t off = 0;
  while (dir_next(dp, &off, &de)) {
    if (de.inum == inum && !is_dot_or_dotdot(de.name)) {
      memcpy(name, de.name, DIRSIZ);
      name[DIRSIZ] = 0;
      return 0;
    }
  }
  return -ENOENT;
}

// The parent of directory ip (referenced in *pp) and ip's name in it.
static int parent_and_name(struct inode *ip, struct inode **pp, char *name)
{
  ilock(ip);
  int err = ip->nlink == 0 ? -ENOENT : dirlookup(ip, "..", 0, pp);
  iunlock(ip);
  if (err)
    return err;
  ilock(*pp);
  err = name_of(*pp, ip->inum, name);
  iunlock(*pp);
  if (err)
    iput(*pp);
  return err;
}

// Built right to left at the end of buf, one ".." step at a time, then moved
// to the front.  Returns the length including the NUL, as getcwd does.
int dir_path(struct inode *cwd, char *buf, int size)
{
  char name[DIRSIZ + 1];
  struct inode *ip = idup(cwd), *parent;
  int pos = size - 1, err = 0;
  if (size < 2) {
    iput(ip);
    return -ERANGE;
  }
  buf[pos] = 0;
  while (ip->inum != ROOTINO && !(err = parent_and_name(ip, &parent, name))) {
    iput(ip);
    ip = parent;
    int len = strlen(name);
    if (pos < len + 1) {
      err = -ERANGE;
      break;
    }
    pos -= len;
    memcpy(buf + pos, name, len);
    buf[--pos] = '/';
  }
  iput(ip);
  if (err)
    return err;
  if (!buf[pos])
    buf[--pos] = '/';        // the root itself
  memmove(buf, buf + pos, size - pos);
  return size - pos;
}
