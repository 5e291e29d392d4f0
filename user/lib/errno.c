// errno and the error messages.
#include <errno.h>
#include <string.h>
#include "syscall.h"
#include "thread.h"

// Each thread has its own errno, in its descriptor (found through tp).
int *
__errno_location(void)
{
  return &__self()->errno_value;
}

// The kernel reports failure as a small negative number: -errno.
long
sysret(long r)
{
  if (r < 0 && r > -4096) {
    errno = (int)-r;
    return -1;
  }
  return r;
}

static const char *const messages[] = {
  [0] = "Success",
  [EPERM] = "Operation not permitted",
  [ENOENT] = "No such file or directory",
  [ESRCH] = "No such process",
  [EINTR] = "Interrupted system call",
  [EIO] = "I/O error",
  [ENXIO] = "No such device or address",
  [E2BIG] = "Argument list too long",
  [ENOEXEC] = "Exec format error",
  [EBADF] = "Bad file descriptor",
  [ECHILD] = "No child processes",
  [EAGAIN] = "Resource temporarily unavailable",
  [ENOMEM] = "Out of memory",
  [EACCES] = "Permission denied",
  [EFAULT] = "Bad address",
  [ENOTBLK] = "Block device required",
  [EBUSY] = "Resource busy",
  [EEXIST] = "File exists",
  [EXDEV] = "Cross-device link",
  [ENODEV] = "No such device",
  [ENOTDIR] = "Not a directory",
  [EISDIR] = "Is a directory",
  [EINVAL] = "Invalid argument",
  [ENFILE] = "Too many open files in system",
  [EMFILE] = "Too many open files",
  [ENOTTY] = "Not a tty",
  [ETXTBSY] = "Text file busy",
  [EFBIG] = "File too large",
  [ENOSPC] = "No space left on device",
  [ESPIPE] = "Illegal seek",
  [EROFS] = "Read-only file system",
  [EMLINK] = "Too many links",
  [EPIPE] = "Broken pipe",
  [EDOM] = "Domain error",
  [ERANGE] = "Result not representable",
  [EDEADLK] = "Resource deadlock would occur",
  [ENAMETOOLONG] = "Filename too long",
  [ENOLCK] = "No locks available",
  [ENOSYS] = "Function not implemented",
  [ENOTEMPTY] = "Directory not empty",
  [ELOOP] = "Symbolic link loop",
  [EOPNOTSUPP] = "Operation not supported",
  [ETIMEDOUT] = "Operation timed out",
};

char *
strerror(int e)
{
  if (e >= 0 && e < (int)(sizeof(messages) / sizeof(messages[0])) && messages[e])
    return (char *)messages[e];
  return "Unknown error";
}
