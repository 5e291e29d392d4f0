// Open files, the per-task descriptor table, the per-task cwd, pipes and
// character devices.
#pragma once
#include <stdint.h>
#include <stddef.h>
#include "lib/spinlock.h"
#include "fs/fs_format.h"     // CONSOLE_MAJOR
#include "fs/procfs.h"

struct inode;
struct pipe;
struct proc_file;
struct linux_stat;

// An open file: what open() or pipe() created, shared by every descriptor
// dup'ed or inherited from it.
struct file {
  enum { FD_PIPE = 1, FD_INODE, FD_DEVICE, FD_PROC } type;
  int refs;                  // descriptors and system calls using it (atomic)
  int readable, writable;    // set at open, then constant
  int append;                // O_APPEND: every write goes to the end
  struct pipe *pipe;         // FD_PIPE
  struct inode *ip;          // FD_INODE, FD_DEVICE
  int16_t major, minor;      // FD_DEVICE
  struct proc_file *proc;    // FD_PROC (fs/procfs.c)
  uint64_t off;              // FD_INODE: under ip->lock; FD_PROC: under proc->lock
};

// Character devices by major number.  The console driver fills in
// devsw[CONSOLE_MAJOR] at boot.  Both return bytes moved or -errno.
struct devsw {
  long (*read)(int minor, uint64_t udst, size_t n);
  long (*write)(int minor, uint64_t usrc, size_t n);
};
#define NDEV 16
extern struct devsw devsw[NDEV];

// A task's file-descriptor table, shared by CLONE_FILES.
#define NOFILE 128
struct files {
  int refs;                  // tasks using it (atomic)
  struct spinlock lock;      // protects fd[]
  struct file *fd[NOFILE];
};

// A task's working directory and root, shared by CLONE_FS.
struct fs_info {
  int refs;                  // tasks using it (atomic)
  struct spinlock lock;      // protects cwd and proc_cwd
  struct inode *cwd;         // one inode reference held
  char proc_cwd[PROC_CWD_MAX];   // the cwd when it is in /proc ("/proc/..."; "" when not)
  struct inode *root;        // "/", one reference held; never changes
};

// ---- fs/file.c: for the rest of the kernel ----
// The lead's fork calls *_copy (or *_get to share), exit calls *_put (may sleep).
struct files *files_alloc(void);                 // empty table, or NULL
struct files *files_copy(struct files *old);     // same open files, or NULL
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
void stat_inode(struct inode *ip, struct linux_stat *st);   // ip locked
int fd_install(struct file *f);                 // lowest free fd of current, or -EMFILE
struct file *fd_get(int fd);                    // referenced file, or NULL; fileclose it after
int fd_close(int fd);                           // 0 or -EBADF
int fd_replace(int fd, struct file *f);         // dup3: f at fd (closing what was there)

// ---- fs/pipe.c ----
#define PIPESIZE 4096
int pipealloc(struct file **rf, struct file **wf);   // 0 or -ENOMEM/-ENFILE
void pipeclose(struct pipe *p, int writable);
long piperead(struct pipe *p, uint64_t udst, size_t n);
long pipewrite(struct pipe *p, uint64_t usrc, size_t n);
