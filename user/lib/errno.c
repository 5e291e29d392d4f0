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

// Each error's symbolic name and message.
#define E(n, message) [n] = { #n, message }
static const struct {
  const char *name, *message;
} errors[] = {
  [0] = { 0, "Success" },
  E(EPERM, "Operation not permitted"),
  E(ENOENT, "No such file or directory"),
  E(ESRCH, "No such process"),
  E(EINTR, "Interrupted system call"),
  E(EIO, "I/O error"),
  E(ENXIO, "No such device or address"),
  E(E2BIG, "Argument list too long"),
  E(ENOEXEC, "Exec format error"),
  E(EBADF, "Bad file descriptor"),
  E(ECHILD, "No child processes"),
  E(EAGAIN, "Resource temporarily unavailable"),
  E(ENOMEM, "Out of memory"),
  E(EACCES, "Permission denied"),
  E(EFAULT, "Bad address"),
  E(ENOTBLK, "Block device required"),
  E(EBUSY, "Resource busy"),
  E(EEXIST, "File exists"),
  E(EXDEV, "Cross-device link"),
  E(ENODEV, "No such device"),
  E(ENOTDIR, "Not a directory"),
  E(EISDIR, "Is a directory"),
  E(EINVAL, "Invalid argument"),
  E(ENFILE, "Too many open files in system"),
  E(EMFILE, "Too many open files"),
  E(ENOTTY, "Not a tty"),
  E(ETXTBSY, "Text file busy"),
  E(EFBIG, "File too large"),
  E(ENOSPC, "No space left on device"),
  E(ESPIPE, "Illegal seek"),
  E(EROFS, "Read-only file system"),
  E(EMLINK, "Too many links"),
  E(EPIPE, "Broken pipe"),
  E(EDOM, "Domain error"),
  E(ERANGE, "Result not representable"),
  E(EDEADLK, "Resource deadlock would occur"),
  E(ENAMETOOLONG, "Filename too long"),
  E(ENOLCK, "No locks available"),
  E(ENOSYS, "Function not implemented"),
  E(ENOTEMPTY, "Directory not empty"),
  E(ELOOP, "Symbolic link loop"),
  E(EOPNOTSUPP, "Operation not supported"),
  E(ETIMEDOUT, "Operation timed out"),
};

char *
strerror(int e)
{
  if (e >= 0 && e < (int)(sizeof(errors) / sizeof(errors[0])) && errors[e].message)
    return (char *)errors[e].message;
  return "Unknown error";
}

// As glibc's strerrorname_np (a GNU extension): "EINVAL" for EINVAL; NULL
// for a number with no name.
const char *
strerrorname_np(int e)
{
  if (e > 0 && e < (int)(sizeof(errors) / sizeof(errors[0])))
    return errors[e].name;
  return 0;
}
