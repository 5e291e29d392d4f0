// Random bytes from the kernel: getrandom, and getentropy (at most 256 bytes
// a call, whole or nothing, as POSIX says).
#include <errno.h>
#include <sys/random.h>
#include <unistd.h>
#include "syscall.h"

#define GETENTROPY_MAX 256

ssize_t
getrandom(void *buf, size_t len, unsigned int flags)
{
  return sysret(syscall3(SYS_getrandom, buf, len, flags));
}

int
getentropy(void *buf, size_t len)
{
  if (len > GETENTROPY_MAX) {
    errno = EIO;
    return -1;
  }
  for (size_t done = 0; done < len;) {
    ssize_t n = getrandom((char *)buf + done, len - done, 0);
    if (n < 0 && errno != EINTR)
      return -1;
    if (n > 0)
      done += n;
  }
  return 0;
}
