// The virtual file system: what every file system provides (operations
// tables for the file system, its inodes and its open files), the mount
// table, and the path walk that crosses mounts and follows symbolic links.
//
// Generic code (the system calls, the path walk, exec) reaches a file
// system only through these tables: it never looks at a path string or at
// which file system an inode belongs to.
//
// Lock order (outermost first; see also fs.h for the disk's own locks):
//   rename_lock (one sleep lock: renames are serialized, so the tree's shape
//     is stable while a rename checks ancestry and locks two directories)
//   begin_op (the disk log's admission)
//   inode sleep locks: a directory before the inodes in it; a rename locks
//     the ancestor directory first
//   mount_lock (spinlock; the mount table), then itable.lock
#pragma once
#include <stdint.h>
#include <stddef.h>
#include "clock.h"

struct inode;
struct file;
struct super;
struct stat;
struct statfs;

// A file-system type, known by name to mount(2).
struct fs_type {
  const char *name;          // "proc", "devtmpfs", ... as mount(2) and /proc/mounts name it
  uint32_t magic;            // statfs f_type
  // Fill sb->root (one reference, owned by sb) and anything else sb needs.
  int (*mount)(struct super *sb);
  // Drop what mount set up, root included; no inode of sb is in use.
  void (*kill)(struct super *sb);
  // Block and inode counts for statfs (sb->type->magic is filled in already).
  void (*statfs)(struct super *sb, struct statfs *st);
};

// One instance of a file system.
struct super {
  const struct fs_type *type;
  struct inode *root;        // set by mount; constant after
  uint32_t dev;              // st_dev of its files
  int own_refs;              // inode references the instance holds itself (umount: not busy)
  void *priv;                // the file system's own
};

// A change of attributes (chmod, chown, utimensat, truncate): the ATTR_*
// bits in valid say which fields hold new values.  ctime is always set.
#define ATTR_MODE  1
#define ATTR_UID   2
#define ATTR_GID   4
#define ATTR_ATIME 8
#define ATTR_MTIME 16
#define ATTR_SIZE  32          // regular files only (the caller checks)
struct iattr {
  int valid;
  uint16_t mode;             // permission bits
  uint32_t uid, gid;
  uint64_t size;
  struct timespec atime, mtime, ctime;
};

// Operations on inodes.  dir is locked by the caller unless said otherwise;
// a missing operation answers as the table's comment says.  Inodes returned
// in *ipp are referenced and unlocked.
struct inode_ops {
  int (*lookup)(struct inode *dir, const char *name, struct inode **ipp);   // required for directories
  // A new inode of type (T_FILE, T_DIR, T_DEV) and permission bits mode
  // (umask applied) named name in dir; -EEXIST if the name exists.  NULL: -EROFS.
  int (*create)(struct inode *dir, const char *name, int type, uint16_t mode, int major, int minor,
                struct inode **ipp);
  int (*link)(struct inode *dir, const char *name, struct inode *ip);      // ip unlocked; NULL: -EPERM
  int (*unlink)(struct inode *dir, const char *name, int rmdir);            // NULL: -EROFS
  int (*symlink)(struct inode *dir, const char *name, const char *target); // NULL: -EROFS
  // Both directories locked (rename_lock held); RENAME_* flags.  NULL: -EROFS.
  int (*rename)(struct inode *odir, const char *oname, struct inode *ndir, const char *nname, int flags);
  int (*readlink)(struct inode *ip, char *buf, int size);   // ip locked; bytes (no NUL) or -errno
  void (*getattr)(struct inode *ip, struct stat *st);  // ip locked
  // Apply ia to ip (referenced, not locked, no transaction open: the file
  // system takes what it needs, as a write does).  NULL: -EPERM.
  int (*setattr)(struct inode *ip, const struct iattr *ia);
  // The entry at *pos of directory ip (locked): 1 and its name (NAME_MAX+1
  // bytes), inode number and DT_ type, *pos moved past it; 0 at the end.
  int (*readdir)(struct inode *ip, uint64_t *pos, char *name, uint64_t *ino, uint8_t *dtype);
  // Set up f (f->op is ip->fop already) for open(2) flags; ip locked.  May be NULL.
  int (*open)(struct inode *ip, struct file *f, int flags);
  // The last reference to an inode with no links (nlink 0) is going: free
  // what it holds (in a transaction).  The disk's unlinked inodes, and the
  // in-memory ones that no directory holds (procfs's).
  void (*evict)(struct inode *ip);
};

// Operations on open files.  off points at the file's offset or pread's own.
struct file_ops {
  long (*read)(struct file *f, uint64_t udst, size_t n, uint64_t *off);    // NULL: -EINVAL
  long (*write)(struct file *f, uint64_t usrc, size_t n, uint64_t *off);   // NULL: -EINVAL
  long (*getdents)(struct file *f, uint64_t ubuf, size_t len);             // NULL: -ENOTDIR
  long (*ioctl)(struct file *f, unsigned long req, uint64_t arg);          // NULL: -ENOTTY
  // POLLIN/POLLOUT/POLLHUP/POLLERR that hold now.  NULL: always ready.
  int (*poll)(struct file *f);
  // The new offset, or -errno.  NULL: the file has no offset (-ESPIPE; pread too).
  long (*lseek)(struct file *f, long off, int whence);
  void (*release)(struct file *f);    // the last reference is gone; may be NULL
  // Get what was written through any file of this file system onto its
  // disk (fsync, fdatasync).  NULL: -EINVAL (nothing is kept on a disk).
  int (*fsync)(struct file *f);
  int (*mmap)(struct file *f);        // 0 if mmap may read it through readi; NULL: -ENODEV
};

// A mounted file system: sb's root covers the directory mountpoint of the
// parent mount.  The root mount has neither.
#define NMOUNT 16
struct mount {
  struct super *sb;
  struct inode *mountpoint;  // referenced; NULL for "/"
  struct mount *parent;
  char path[64];             // where it was mounted, for /proc/mounts
  char source[32];           // mount(2)'s source argument
};

// ---- fs/vfs.c ----
void vfs_init(void);                    // mount the disk at "/", devfs at /dev and procfs at /proc
struct super *super_alloc(const struct fs_type *type);   // new instance with its device number
// Walk path from dir (NULL: the cwd) to a referenced, unlocked inode.
#define WALK_NOFOLLOW 1                 // do not follow a symbolic link as the last element
int vfs_lookup(struct inode *dir, const char *path, int flags, struct inode **ipp);
// The directory holding path's last element, whose name goes to name
// (NAME_MAX + 1 bytes; "" when path has none, as for "/").
int vfs_parent(struct inode *dir, const char *path, struct inode **ipp, char *name);
struct inode *namei(const char *path);  // vfs_lookup from the cwd; NULL on any error
int vfs_path(struct inode *dir, char *buf, int size);    // getcwd's text for dir
int vfs_abspath(const char *path, char *buf, int size);  // absolute name of path (takes begin_op)
int vfs_mount(const char *source, struct inode *mp, const char *path, const struct fs_type *type);
int vfs_umount(struct inode *root);
int mounts_text(char *buf, int size);   // /proc/mounts
int vfs_readlink(struct inode *ip, char *buf, int size);
// The name-space calls on the directory dp (referenced, unlocked) and name.
int vfs_create(struct inode *dp, const char *name, int type, uint16_t mode, int major, int minor,
               struct inode **ipp);
int vfs_unlink(struct inode *dp, const char *name, int rmdir);
int vfs_link(struct inode *dp, const char *name, struct inode *ip);
int vfs_symlink(struct inode *dp, const char *name, const char *target);
void vfs_rename_lock(void);             // taken before begin_op
void vfs_rename_unlock(void);
int vfs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname, int flags);
const struct fs_type *fs_type_find(const char *name);

#define NAME_MAX 60                     // longest name of any file system here (DIRSIZ)
#define SYMLOOP_MAX 40

// Generic helpers file systems may put in their tables.
long generic_getdents(struct file *f, uint64_t ubuf, size_t len);
long seek_to(struct file *f, long off, int whence, long size);   // lseek with size for SEEK_END
// The inode's own fields as stat reports them (st_dev, type and permission
// bits, owner, times, ...); ip locked.
void generic_getattr(struct inode *ip, struct stat *st);
// Copy ia's mode, owner and times into the locked inode (a new owner drops
// setuid and, for an executable, setgid, as on Linux).
void setattr_copy(struct inode *ip, const struct iattr *ia);
// setattr of a file system that keeps attributes only in memory.
int memory_setattr(struct inode *ip, const struct iattr *ia);

// The file systems.
extern const struct fs_type diskfs_type, procfs_type, devfs_type;
struct inode *pipe_inode(void);          // fs/pipe.c: a new pipe's inode, or NULL
// fs/devfs.c and drivers: character devices by major number (disk T_DEV inodes).
#define NDEV 16
extern const struct file_ops *devsw[NDEV];
extern const struct file_ops console_fops;   // fs/console.c
// fs/sys_poll.c: every change a poll could see calls poll_wake.
void poll_wake(void);
