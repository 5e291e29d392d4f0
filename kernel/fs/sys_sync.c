// Getting what was written onto the disk: sync, syncfs, fsync, fdatasync.
// There is one file system, and its log commits data and metadata together
// in groups (fs/log.c), so each call commits the group being built and
// waits until it is on disk.
#include "syscall.h"
#include "errno.h"
#include "fs/fs.h"
#include "fs/file.h"

// Has f anything on disk to sync?  As on Linux, a pipe, the console or a
// /proc file has not (fsync fails with EINVAL).
static int file_on_disk(struct file *f)
{
  return f->type == FD_INODE;
}

long sys_sync(void)
{
  log_force();
  return 0;
}

// fsync and fdatasync: the group holding the file's changes holds its size
// and block map too, so both commit the same thing.
static long sync_file(int fd)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  int on_disk = file_on_disk(f);
  fileclose(f);
  if (!on_disk)
    return -EINVAL;
  log_force();
  return 0;
}

long sys_fsync(int fd)
{
  return sync_file(fd);
}

long sys_fdatasync(int fd)
{
  return sync_file(fd);
}

// Any open file names a file system to sync; here there is one.
long sys_syncfs(int fd)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  fileclose(f);
  log_force();
  return 0;
}
