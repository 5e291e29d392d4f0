// Getting what was written onto the disk: sync, syncfs, fsync, fdatasync.
// There is one disk file system, and its log commits data and metadata
// together in groups (fs/log.c), so each call commits the group being
// built and waits until it is on disk.
#include "syscall.h"
#include "errno.h"
#include "fs/fs.h"
#include "fs/file.h"

long sys_sync(void)
{
  log_force();
  return 0;
}

// fsync and fdatasync: the group holding the file's changes holds its size
// and block map too, so both commit the same thing.  As on Linux, a pipe,
// a device or a /proc file has nothing to sync (EINVAL).
static long sync_file(int fd)
{
  struct file *f = fd_get(fd);
  if (!f)
    return -EBADF;
  long err = f->op->fsync ? f->op->fsync(f) : -EINVAL;
  fileclose(f);
  return err;
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
