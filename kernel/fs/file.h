// Open files, the per-task descriptor table, the per-task cwd and root.
#pragma once
#include <stdint.h>
#include <stddef.h>
#include "lib/spinlock.h"
#include "lib/refcount.h"
#include "fs/vfs.h"

struct inode;
struct stat;

// An open file: what open() or pipe() created, shared by every descriptor
// dup'ed or inherited from it.  What it does is its operations' business
// (set from the inode at open; a device's open may choose others).
struct file {
  const struct file_ops *op; // constant after open
  struct inode *ip;          // referenced; constant
  refcount_t refs;           // descriptors and system calls using it
  int readable, writable;    // set at open, then constant
  // The status flags O_APPEND (every write goes to the end) and O_NONBLOCK
  // (a pipe or the console fails with EAGAIN instead of waiting).  fcntl
  // F_SETFL changes them at any time: read and written with __atomic.
  int flags;
  uint64_t off;              // the file system's lock protects it (the disk: ip->lock)
  void *priv;                // the file system's own (procfs: the text made at open)
};

// A task's file-descriptor table, shared by CLONE_FILES.  Close-on-exec
// belongs to the descriptor, not to the open file: dup'ed descriptors of one
// file may differ.
#define NOFILE 128
struct files {
  refcount_t refs;           // tasks using it
  struct spinlock lock;      // protects fd[] and cloexec[]
  struct file *fd[NOFILE];
  char cloexec[NOFILE];      // FD_CLOEXEC: execve closes the descriptor
};

// A task's working directory, root and umask, shared by CLONE_FS.
#define DEFAULT_UMASK 022      // the first task's, as on Linux
struct fs_info {
  refcount_t refs;           // tasks using it
  struct spinlock lock;      // protects cwd and root
  struct inode *cwd;         // one inode reference held
  struct inode *root;        // "/" for this task (chroot changes it); one reference held
  uint32_t umask;            // permission bits new files lack (umask()): read and written with __atomic
};

// ---- fs/file.c: for the rest of the kernel ----
// The lead's fork calls *_copy (or *_get to share), exit calls *_put (may sleep).
struct files *files_alloc(void);                 // empty table, or NULL
struct files *files_copy(struct files *old);     // same open files and flags, or NULL
void files_close_on_exec(struct files *fl);      // close the FD_CLOEXEC descriptors (may sleep)
void files_get(struct files *fl);
void files_put(struct files *fl);
struct fs_info *fs_info_alloc(void);             // cwd = root; after fs_init; or NULL
struct fs_info *fs_info_copy(struct fs_info *old);
void fs_info_get(struct fs_info *fsi);
void fs_info_put(struct fs_info *fsi);

// ---- fs/file.c: for the system calls ----
struct file *filealloc(void);                   // refs 1, or NULL
struct file *filedup(struct file *f);
void fileclose(struct file *f);                 // drop a reference (may sleep)
long fileread(struct file *f, uint64_t udst, size_t n);
long filewrite(struct file *f, uint64_t usrc, size_t n);
long file_pread(struct file *f, uint64_t udst, size_t n, uint64_t off);
long file_pwrite(struct file *f, uint64_t usrc, size_t n, uint64_t off);
// A new file on ip with open(2)'s flags, holding a reference of its own to
// ip; NULL when out of memory.  The caller runs ip's open operation.
struct file *file_open_inode(struct inode *ip, int flags);
void file_getattr(struct file *f, struct stat *st);
int file_poll(struct file *f);                 // POLL* bits that hold now
int file_flags(struct file *f);                 // the access mode and status flags (F_GETFL)
void file_set_flags(struct file *f, int flags); // F_SETFL: O_APPEND and O_NONBLOCK from flags
// Descriptors of current.  fd_install and fd_replace take O_CLOEXEC in flags.
int fd_limit(void);                                    // RLIMIT_NOFILE, at most NOFILE
int fd_install(struct file *f, int min, int flags);   // lowest free fd >= min, or -EMFILE
struct file *fd_get(int fd);                    // referenced file, or NULL; fileclose it after
int fd_close(int fd);                           // 0 or -EBADF
int fd_replace(int fd, struct file *f, int flags);    // dup3: f at fd (closing what was there)
int fd_cloexec(int fd);                         // F_GETFD: FD_CLOEXEC or 0, or -EBADF
int fd_set_cloexec(int fd, int on);             // F_SETFD: 0 or -EBADF

// ---- fs/sys_file.c: for the other system calls (fs/sys_attr.c) ----
// A path argument and the directory it is relative to (dirfd of the *at calls).
struct at {
  char *path;                // PATH_MAX bytes, kmalloc'ed
  struct inode *dir;         // referenced; NULL: the cwd (or an absolute path)
};
long at_get(int dirfd, uint64_t upath, struct at *at);   // copy in the path, look up dirfd; no transaction
void at_put(struct at *at);  // release what at_get took; in a transaction (it may drop an inode)
int empty_path(uint64_t upath);   // the user string is "" (AT_EMPTY_PATH then means dirfd itself)
// The inode path names relative to dirfd, referenced, in *ipp: with flags'
// AT_SYMLINK_NOFOLLOW a final symbolic link itself; AT_EMPTY_PATH lets ""
// name dirfd.  Opens and closes its own transaction.
long lookup_at(int dirfd, uint64_t upath, int flags, struct inode **ipp);
void put_inode(struct inode *ip);   // iput in a transaction of its own
// What stat reports for path relative to dirfd (AT_SYMLINK_NOFOLLOW and
// AT_EMPTY_PATH in flags), for stat, statx and access.
long stat_at(int dirfd, uint64_t upath, int flags, struct stat *st);

// ---- fs/sys_attr.c ----
#define MKDIR_PERM 01777       // the bits mkdir keeps: setuid and setgid go
uint16_t umasked(uint32_t mode);   // the permission bits of mode the caller's umask lets through

// ---- fs/pipe.c ----
#define PIPESIZE 4096
int pipealloc(struct file **rf, struct file **wf);   // 0 or -ENOMEM/-ENFILE
