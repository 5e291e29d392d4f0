// The VFS (see vfs.h): the mount table, the path walk, the name of a
// directory (getcwd), mount and umount, rename's checks, and the generic
// helpers file systems share.
//
// The walk locks one directory at a time and unlocks it before locking the
// next, so walking ".." cannot deadlock against a walk downwards.  It
// crosses mounts both ways: a name whose inode is a mount point leads to
// the mounted root, and ".." of a mounted root first goes back to the mount
// point (unless the root is the task's own, where ".." stays).
#include "errno.h"
#include "lib/printf.h"
#include "lib/string.h"
#include "sched/sleeplock.h"
#include "proc/task.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/linux_abi.h"

static struct {
  struct spinlock lock;      // protects m[] (a free slot has sb NULL)
  struct mount m[NMOUNT];
} mounts = { .lock = SPINLOCK_INIT("mounts") };

static struct sleeplock rename_lock;

static int same_inode(struct inode *a, struct inode *b)
{
  return a->sb == b->sb && a->inum == b->inum;
}

static int is_dir(struct inode *ip)
{
  ilock(ip);
  int r = ip->type == T_DIR;
  iunlock(ip);
  return r;
}

// ---- the mount table ----

// The root mounted on ip, referenced, or NULL.  A mount on a mounted root
// hides it, so the walk calls this until it answers NULL.
static struct inode *mounted_on(struct inode *ip)
{
  struct inode *root = 0;
  spin_lock(&mounts.lock);
  for (struct mount *m = mounts.m; m < mounts.m + NMOUNT; m++)
    if (m->sb && m->mountpoint && same_inode(m->mountpoint, ip))
      root = idup(m->sb->root);
  spin_unlock(&mounts.lock);
  return root;
}

// If ip is the root of a mounted file system, the mount point it covers
// (referenced); else NULL.
static struct inode *covered_by(struct inode *ip)
{
  struct inode *mp = 0;
  if (!ip->sb->root || !same_inode(ip, ip->sb->root))
    return 0;
  spin_lock(&mounts.lock);
  for (struct mount *m = mounts.m; m < mounts.m + NMOUNT; m++)
    if (m->sb == ip->sb && m->mountpoint)
      mp = idup(m->mountpoint);
  spin_unlock(&mounts.lock);
  return mp;
}

static struct mount *mount_slot(struct super *sb)
{
  for (struct mount *m = mounts.m; m < mounts.m + NMOUNT; m++)
    if (m->sb == sb)
      return m;
  return 0;
}

struct super *super_alloc(const struct fs_type *type)
{
  static int next_minor = 1;         // anonymous device numbers, as Linux's (0, n)
  struct super *sb = kmalloc(sizeof *sb);
  if (!sb)
    return 0;
  memset(sb, 0, sizeof *sb);
  sb->type = type;
  sb->dev = MKDEV(0, __atomic_fetch_add(&next_minor, 1, __ATOMIC_RELAXED));
  return sb;
}

const struct fs_type *fs_type_find(const char *name)
{
  if (strcmp(name, "proc") == 0)
    return &procfs_type;
  if (strcmp(name, "devtmpfs") == 0 || strcmp(name, "devfs") == 0)
    return &devfs_type;
  return 0;
}

// mp (referenced, unlocked; the reference goes to the mount) gets a new
// instance of type.  In a transaction.
int vfs_mount(const char *source, struct inode *mp, const char *path, const struct fs_type *type)
{
  ilock(mp);
  int isdir = mp->type == T_DIR;
  iunlock(mp);
  if (!isdir)
    return -ENOTDIR;
  struct super *sb = super_alloc(type);
  if (!sb)
    return -ENOMEM;
  int err = type->mount(sb);
  if (err) {
    kfree(sb);
    return err;
  }
  sb->own_refs = inode_refs(sb);
  spin_lock(&mounts.lock);
  struct mount *m = mount_slot(0);
  if (m) {
    m->sb = sb;
    m->mountpoint = mp;
    m->parent = mount_slot(mp->sb);
    strlcpy(m->path, path, sizeof m->path);
    strlcpy(m->source, source, sizeof m->source);
  }
  spin_unlock(&mounts.lock);
  if (!m) {
    type->kill(sb);
    kfree(sb);
    return -ENOMEM;
  }
  return 0;
}

// root: the walked (referenced) root of the mount to remove; the caller's
// reference is dropped.  Busy while any other reference to one of its
// inodes exists (open files, cwds) or something is mounted below it.
int vfs_umount(struct inode *root)
{
  struct super *sb = root->sb;
  int err = 0;
  spin_lock(&mounts.lock);
  struct mount *m = mount_slot(sb);
  if (!m || !same_inode(root, sb->root))
    err = -EINVAL;
  else if (!m->mountpoint)
    err = -EBUSY;                    // the root file system
  for (struct mount *c = mounts.m; !err && c < mounts.m + NMOUNT; c++)
    if (c->sb && c->parent == m)
      err = -EBUSY;
  if (!err && inode_refs(sb) - 1 > sb->own_refs)
    err = -EBUSY;
  struct inode *mp = err ? 0 : m->mountpoint;
  if (!err)
    memset(m, 0, sizeof *m);
  spin_unlock(&mounts.lock);
  iput(root);
  if (err)
    return err;
  sb->type->kill(sb);
  kfree(sb);
  iput(mp);
  return 0;
}

// One line per mount, as Linux's /proc/mounts.
int mounts_text(char *buf, int size)
{
  int len = 0;
  spin_lock(&mounts.lock);
  for (struct mount *m = mounts.m; m < mounts.m + NMOUNT && len < size; m++)
    if (m->sb)
      len += snprintf(buf + len, size - len, "%s %s %s rw 0 0\n", m->source, m->path, m->sb->type->name);
  spin_unlock(&mounts.lock);
  return len < size ? len : size - 1;
}

// ---- the path walk ----

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
  if (p - start > NAME_MAX)
    return -ENAMETOOLONG;
  memcpy(name, start, p - start);
  name[p - start] = 0;
  while (*p == '/')
    p++;
  *pp = p;
  return 1;
}

static struct inode *task_root(void)
{
  struct fs_info *fsi = current->fs;
  spin_lock(&fsi->lock);
  struct inode *ip = idup(fsi->root);
  spin_unlock(&fsi->lock);
  return ip;
}

static struct inode *start_dir(struct inode *dir, const char *path)
{
  struct fs_info *fsi = current->fs;
  if (*path == '/')
    return task_root();
  if (dir)
    return idup(dir);
  spin_lock(&fsi->lock);
  struct inode *ip = idup(fsi->cwd);
  spin_unlock(&fsi->lock);
  return ip;
}

static int is_task_root(struct inode *ip)
{
  struct inode *root = task_root();
  int r = same_inode(ip, root);
  iput(root);
  return r;
}

// name in directory dir (referenced by the caller, unlocked): the inode
// it leads to, referenced, with mounts crossed.
static int step(struct inode *dir, const char *name, struct inode **nextp)
{
  struct inode *ip = idup(dir), *next;
  if (strcmp(name, "..") == 0) {
    if (is_task_root(ip)) {
      *nextp = ip;
      return 0;
    }
    while ((next = covered_by(ip))) {
      iput(ip);
      ip = next;
    }
  }
  ilock(ip);
  int err = ip->type != T_DIR ? -ENOTDIR : ip->op->lookup(ip, name, &next);
  iunlockput(ip);
  if (err)
    return err;
  while ((ip = mounted_on(next))) {
    iput(next);
    next = ip;
  }
  *nextp = next;
  return 0;
}

// The target of the symbolic link ip (unlocked) in front of the rest of
// the path: buf becomes target "/" rest.  tmp is PATH_MAX bytes of room.
static int splice_link(struct inode *ip, char *buf, const char *rest, char *tmp)
{
  ilock(ip);
  int n = ip->op->readlink ? ip->op->readlink(ip, tmp, PATH_MAX - 1) : -EINVAL;
  iunlock(ip);
  if (n < 0)
    return n;
  if (n == 0)
    return -ENOENT;
  tmp[n] = 0;
  if (n + 1 + strlen(rest) >= PATH_MAX)
    return -ENAMETOOLONG;
  if (*rest) {
    tmp[n] = '/';
    strlcpy(tmp + n + 1, rest, PATH_MAX - n - 1);
  }
  strlcpy(buf, tmp, PATH_MAX);
  return 0;
}

// Is ip a symbolic link the walk must follow here?  Always before more of
// the path, or a trailing slash (which asks for a directory).
static int follows(struct inode *ip, const char *rest, int slash, int flags)
{
  ilock(ip);
  int link = ip->type == T_SYMLINK;
  iunlock(ip);
  return link && (*rest || slash || !(flags & WALK_NOFOLLOW));
}

// Walk path (copied into buf, PATH_MAX bytes, where link targets are
// spliced in); with parent, stop at the directory holding the last element.
static int walk_buf(struct inode *dir, char *buf, char *tmp, int flags, int parent, char *name,
                    struct inode **ipp)
{
  const char *p = buf;
  struct inode *ip = start_dir(dir, p), *next;
  int err, links = 0;
  while ((err = next_elem(&p, name)) > 0) {
    ilock(ip);
    int notdir = ip->type != T_DIR;
    iunlock(ip);
    if (notdir) {
      err = -ENOTDIR;
      break;
    }
    if (parent && !*p)
      break;               // name is the last element
    if ((err = step(ip, name, &next)))
      break;
    if (!follows(next, p, p > buf && p[-1] == '/', flags)) {
      iput(ip);
      ip = next;
      continue;
    }
    err = ++links > SYMLOOP_MAX ? -ELOOP : splice_link(next, buf, p, tmp);
    iput(next);
    if (err)
      break;
    p = buf;
    if (*p == '/') {
      iput(ip);
      ip = task_root();
    }
  }
  if (err == 0 && parent)
    name[0] = 0;           // a path with no last element ("/")
  if (err == 0 && !parent && p > buf && p[-1] == '/' && !is_dir(ip))
    err = -ENOTDIR;        // "file/"
  if (err < 0) {
    iput(ip);
    return err;
  }
  *ipp = ip;
  return 0;
}

static int walk_path(struct inode *dir, const char *path, int flags, int parent, char *name,
                     struct inode **ipp)
{
  if (!*path)
    return -ENOENT;
  char *buf = kmalloc(PATH_MAX), *tmp = kmalloc(PATH_MAX);
  int err = buf && tmp ? 0 : -ENOMEM;
  if (!err) {
    strlcpy(buf, path, PATH_MAX);
    err = walk_buf(dir, buf, tmp, flags, parent, name, ipp);
  }
  kfree(buf);
  kfree(tmp);
  return err;
}

int vfs_lookup(struct inode *dir, const char *path, int flags, struct inode **ipp)
{
  char name[NAME_MAX + 1];
  return walk_path(dir, path, flags, 0, name, ipp);
}

int vfs_parent(struct inode *dir, const char *path, struct inode **ipp, char *name)
{
  return walk_path(dir, path, 0, 1, name, ipp);
}

struct inode *namei(const char *path)
{
  struct inode *ip;
  return vfs_lookup(0, path, 0, &ip) == 0 ? ip : 0;
}

int vfs_readlink(struct inode *ip, char *buf, int size)
{
  ilock(ip);
  int n = ip->type != T_SYMLINK || !ip->op->readlink ? -EINVAL : ip->op->readlink(ip, buf, size);
  iunlock(ip);
  return n;
}

// ---- name-space operations on a directory (referenced, unlocked) ----

int vfs_create(struct inode *dp, const char *name, int type, uint16_t mode, int major, int minor,
               struct inode **ipp)
{
  ilock(dp);
  int err = !dp->op->create ? -EROFS : dp->op->create(dp, name, type, mode, major, minor, ipp);
  iunlock(dp);
  return err;
}

// A mount point cannot go away under its mount.
int vfs_unlink(struct inode *dp, const char *name, int rmdir)
{
  struct inode *ip, *root;
  if (!name[0])
    return rmdir ? -EBUSY : -EISDIR;
  ilock(dp);
  int err = !dp->op->unlink ? -EROFS : 0;
  if (!err && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && dp->op->lookup(dp, name, &ip) == 0) {
    if ((root = mounted_on(ip))) {
      iput(root);
      err = -EBUSY;
    }
    iput(ip);
  }
  if (!err)
    err = dp->op->unlink(dp, name, rmdir);
  iunlock(dp);
  return err;
}

int vfs_link(struct inode *dp, const char *name, struct inode *ip)
{
  if (!name[0])
    return -EEXIST;
  if (dp->sb != ip->sb)
    return -EXDEV;
  ilock(dp);
  int err = !dp->op->link ? -EPERM : dp->op->link(dp, name, ip);
  iunlock(dp);
  return err;
}

int vfs_symlink(struct inode *dp, const char *name, const char *target)
{
  ilock(dp);
  int err = !dp->op->symlink ? -EROFS : dp->op->symlink(dp, name, target);
  iunlock(dp);
  return err;
}

// ---- the name of a directory ----

// ip's name in the directory dp (both referenced, unlocked), into name.
static int name_in(struct inode *dp, struct inode *ip, char *name)
{
  uint64_t pos = 0, ino;
  uint8_t type;
  int err = -ENOENT;
  ilock(dp);
  while (dp->op->readdir && dp->op->readdir(dp, &pos, name, &ino, &type)) {
    if (ino == ip->inum && strcmp(name, ".") != 0 && strcmp(name, "..") != 0) {
      err = 0;
      break;
    }
  }
  iunlock(dp);
  return err;
}

// The parent of ip (crossing mounts) and ip's name in it; 1 at the top.
static int up(struct inode **ipp, char *name)
{
  struct inode *ip = *ipp, *parent, *mp;
  if (is_task_root(ip))
    return 1;
  while ((mp = covered_by(ip))) {
    iput(ip);
    *ipp = ip = mp;
  }
  struct stat st;
  ilock(ip);
  ip->op->getattr(ip, &st);
  iunlock(ip);
  if (st.st_nlink == 0)
    return -ENOENT;          // a removed directory has no name
  int err = step(ip, "..", &parent);
  if (err)
    return err;
  if (same_inode(parent, ip)) {      // "/" of the whole tree, above a chroot
    iput(parent);
    return 1;
  }
  if ((err = name_in(parent, ip, name))) {
    iput(parent);
    return err;
  }
  iput(ip);
  *ipp = parent;
  return 0;
}

// Built right to left at the end of buf, one ".." step at a time, then moved
// to the front.  Returns the length including the NUL, as getcwd does.
int vfs_path(struct inode *dir, char *buf, int size)
{
  char name[NAME_MAX + 1];
  struct inode *ip = idup(dir);
  int pos = size - 1, err;
  if (size < 2) {
    iput(ip);
    return -ERANGE;
  }
  buf[pos] = 0;
  while ((err = up(&ip, name)) == 0) {
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
  if (err < 0)
    return err;
  if (!buf[pos])
    buf[--pos] = '/';        // the root itself
  memmove(buf, buf + pos, size - pos);
  return size - pos;
}

// The absolute name of path: its directory's name, then its last element.
int vfs_abspath(const char *path, char *buf, int size)
{
  char name[NAME_MAX + 1];
  struct inode *dp;
  begin_op();
  int n = vfs_parent(0, path, &dp, name);
  if (n == 0) {
    n = vfs_path(dp, buf, size);
    iput(dp);
  }
  end_op();
  if (n < 0)
    return n;
  if (n + strlen(name) + 1 > (size_t)size)
    return -ENAMETOOLONG;
  if (strcmp(buf, "/") != 0)
    strlcpy(buf + n - 1, "/", size - n + 1);
  strlcpy(buf + strlen(buf), name, size - strlen(buf));
  return 0;
}

// ---- rename ----

void vfs_rename_lock(void)
{
  sleeplock_acquire(&rename_lock);
}

void vfs_rename_unlock(void)
{
  sleeplock_release(&rename_lock);
}


// name in dir, referenced, not crossing mounts (NULL if absent).
static struct inode *entry(struct inode *dir, const char *name)
{
  struct inode *ip;
  ilock(dir);
  int err = dir->op->lookup(dir, name, &ip);
  iunlock(dir);
  return err ? 0 : ip;
}

// Is a (a directory) b or above b, in b's file system?  rename_lock held,
// so no directory moves meanwhile.
static int is_ancestor(struct inode *a, struct inode *b)
{
  struct inode *ip = idup(b), *parent;
  int found;
  while (!(found = same_inode(a, ip)) && !same_inode(ip, ip->sb->root) && (parent = entry(ip, ".."))) {
    int top = same_inode(parent, ip);
    iput(ip);
    ip = parent;
    if (top)
      break;
  }
  iput(ip);
  return found;
}

// Why oname in odir may not go to nname in ndir, before the file system is asked.
static int rename_check(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
                        int flags)
{
  struct inode *src = entry(odir, oname), *dst = entry(ndir, nname), *m;
  int err = !src ? -ENOENT : 0;
  if (!err && is_dir(src) && is_ancestor(src, ndir))
    err = -EINVAL;             // into its own subtree
  if (!err && dst && (flags & RENAME_EXCHANGE) && is_dir(dst) && is_ancestor(dst, odir))
    err = -EINVAL;
  if (!err && ((m = mounted_on(src)) || (dst && (m = mounted_on(dst))))) {
    iput(m);
    err = -EBUSY;
  }
  if (src)
    iput(src);
  if (dst)
    iput(dst);
  return err;
}

static int dot_or_dotdot(const char *name)
{
  return !name[0] || strcmp(name, ".") == 0 || strcmp(name, "..") == 0;
}

// rename_lock held, in a transaction; the directories are referenced and unlocked.
int vfs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname, int flags)
{
  if (odir->sb != ndir->sb)
    return -EXDEV;
  if (dot_or_dotdot(oname) || dot_or_dotdot(nname))
    return -EBUSY;
  if (!is_dir(odir) || !is_dir(ndir))
    return -ENOTDIR;
  if (!odir->op->rename)
    return -EROFS;
  int err = rename_check(odir, oname, ndir, nname, flags);
  if (err)
    return err;
  // The ancestor first (the lock order of vfs.h); unrelated ones in any
  // order, since no other operation holds two directories.
  struct inode *first = odir, *second = same_inode(odir, ndir) ? 0 : ndir;
  if (second && is_ancestor(ndir, odir)) {
    first = ndir;
    second = odir;
  }
  ilock(first);
  if (second)
    ilock(second);
  err = odir->op->rename(odir, oname, ndir, nname, flags);
  if (second)
    iunlock(second);
  iunlock(first);
  return err;
}

// ---- helpers for the file systems ----

long seek_to(struct file *f, long off, int whence, long size)
{
  long base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (long)f->off : whence == SEEK_END ? size : -1;
  if (base < 0 || base + off < 0)
    return -EINVAL;
  f->off = base + off;
  return f->off;
}

static struct timespec stat_time(struct timespec t)
{
  return (struct timespec){ t.tv_sec, t.tv_nsec };
}

void generic_getattr(struct inode *ip, struct stat *st)
{
  static const uint32_t fmt[] = { [T_DIR] = S_IFDIR, [T_FILE] = S_IFREG, [T_DEV] = S_IFCHR,
                                  [T_SYMLINK] = S_IFLNK, [T_FIFO] = S_IFIFO };
  memset(st, 0, sizeof(*st));
  st->st_dev = ip->sb->dev;
  st->st_ino = ip->inum;
  st->st_mode = fmt[ip->type] | ip->mode;
  st->st_nlink = ip->nlink;
  st->st_uid = ip->uid;
  st->st_gid = ip->gid;
  st->st_rdev = ip->type == T_DEV ? MKDEV(ip->major, ip->minor) : 0;
  st->st_size = ip->size;
  st->st_blksize = PGSIZE;
  st->st_atim = stat_time(ip->atime);
  st->st_mtim = stat_time(ip->mtime);
  st->st_ctim = stat_time(ip->ctime);
}

#define SETUID 04000
#define SETGID 02000
#define GROUP_EXEC 010

void setattr_copy(struct inode *ip, const struct iattr *ia)
{
  if (ia->valid & ATTR_MODE)
    ip->mode = ia->mode & MODE_PERM;
  if (ia->valid & ATTR_UID)
    ip->uid = ia->uid;
  if (ia->valid & ATTR_GID)
    ip->gid = ia->gid;
  // Linux drops these on every chown of a non-directory, root's too.
  if ((ia->valid & (ATTR_UID | ATTR_GID)) && ip->type != T_DIR) {
    ip->mode &= ~SETUID;
    if (ip->mode & GROUP_EXEC)
      ip->mode &= ~SETGID;
  }
  if (ia->valid & ATTR_ATIME)
    ip->atime = ia->atime;
  if (ia->valid & ATTR_MTIME)
    ip->mtime = ia->mtime;
  ip->ctime = ia->ctime;
}

int memory_setattr(struct inode *ip, const struct iattr *ia)
{
  if (ia->valid & ATTR_SIZE)
    return -EPERM;
  ilock(ip);
  setattr_copy(ip, ia);
  iunlock(ip);
  return 0;
}

// getdents64 from the directory's readdir, one linux_dirent64 per entry.
long generic_getdents(struct file *f, uint64_t ubuf, size_t len)
{
  struct inode *ip = f->ip;
  union {
    struct linux_dirent64 d;
    char bytes[(sizeof(struct linux_dirent64) + NAME_MAX + 1 + 7) & ~7];
  } rec;
  char name[NAME_MAX + 1];
  uint64_t ino;
  uint8_t type;
  long pos = 0;
  ilock(ip);
  if (ip->type != T_DIR || !ip->op->readdir) {
    iunlock(ip);
    return -ENOTDIR;
  }
  for (uint64_t at = f->off; ip->op->readdir(ip, &at, name, &ino, &type); f->off = at) {
    size_t namelen = strlen(name), reclen = (sizeof(rec.d) + namelen + 1 + 7) & ~7UL;
    if (pos + reclen > len) {
      if (!pos)
        pos = -EINVAL;
      break;
    }
    memset(&rec, 0, sizeof(rec));
    rec.d.d_ino = ino;
    rec.d.d_off = at;
    rec.d.d_reclen = reclen;
    rec.d.d_type = type;
    memcpy(rec.d.d_name, name, namelen);
    if (copy_to_user(ubuf + pos, &rec, reclen) < 0) {
      pos = -EFAULT;
      break;
    }
    pos += reclen;
  }
  iunlock(ip);
  return pos;
}

// ---- boot ----

// A file system of type at name in the root directory, if the disk has
// that directory (mkfs makes /dev and /proc).
static void mount_at_boot(const char *name, const struct fs_type *type)
{
  struct inode *mp;
  char path[16];
  snprintf(path, sizeof path, "/%s", name);
  begin_op();
  int err = vfs_lookup(disk_super.root, name, 0, &mp);
  if (!err && (err = vfs_mount(type->name, mp, path, type)))
    iput(mp);
  end_op();
  if (err)
    printf("vfs: cannot mount %s on %s (error %d)\n", type->name, path, err);
}

void vfs_init(void)
{
  sleeplock_init(&rename_lock, "rename");
  if (disk_super.type->mount(&disk_super))
    panic("vfs_init: no root inode");
  mounts.m[0] = (struct mount){ .sb = &disk_super, .path = "/", .source = "/dev/root" };
  mount_at_boot("dev", &devfs_type);
  mount_at_boot("proc", &procfs_type);
}
