// poll and select, on the kernel's ppoll and pselect6.
#include <errno.h>
#include <poll.h>
#include <sys/select.h>
#include "syscall.h"

#define NS_PER_MS 1000000L
#define NS_PER_US 1000L
#define NS_PER_S  1000000000L

int
ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask)
{
  return sysret(syscall5(SYS_ppoll, fds, n, timeout, mask, sizeof(sigset_t)));
}

int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
  struct timespec ts = { timeout / 1000, (timeout % 1000) * NS_PER_MS };
  return ppoll(fds, n, timeout < 0 ? 0 : &ts, 0);
}

// The kernel's sixth argument: the mask and its size.
struct sigmask_arg {
  const sigset_t *mask;
  unsigned long size;
};

int
pselect(int n, fd_set *in, fd_set *out, fd_set *ex, const struct timespec *timeout, const sigset_t *mask)
{
  struct sigmask_arg sig = { mask, sizeof(sigset_t) };
  return sysret(syscall6(SYS_pselect6, n, (long)in, (long)out, (long)ex, (long)timeout, (long)(mask ? &sig : 0)));
}

// Linux writes the time left back into *timeout; this one leaves it.
int
select(int n, fd_set *in, fd_set *out, fd_set *ex, struct timeval *timeout)
{
  struct timespec ts;
  if (timeout) {
    if (timeout->tv_sec < 0 || timeout->tv_usec < 0) {
      errno = EINVAL;
      return -1;
    }
    ts.tv_sec = timeout->tv_sec + timeout->tv_usec / (NS_PER_S / NS_PER_US);
    ts.tv_nsec = timeout->tv_usec % (NS_PER_S / NS_PER_US) * NS_PER_US;
  }
  return pselect(n, in, out, ex, timeout ? &ts : 0, 0);
}
