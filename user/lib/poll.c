// poll and select over ppoll and pselect6, the forms riscv64 Linux has.
#include <poll.h>
#include <stddef.h>
#include <sys/select.h>
#include "syscall.h"

#define MS_PER_S 1000

int
ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask)
{
  return sysret(syscall5(SYS_ppoll, fds, n, timeout, mask, sizeof(sigset_t)));
}

int
poll(struct pollfd *fds, nfds_t n, int timeout)
{
  struct timespec ts;

  if (timeout < 0)
    return ppoll(fds, n, 0, 0);
  ts.tv_sec = timeout / MS_PER_S;
  ts.tv_nsec = (timeout % MS_PER_S) * NSEC_PER_MSEC;
  return ppoll(fds, n, &ts, 0);
}

static int
pselect6(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timespec *timeout, void *sig)
{
  return sysret(syscall6(SYS_pselect6, n, (long)rd, (long)wr, (long)ex, (long)timeout, (long)sig));
}

// pselect6's sixth argument carries the mask and its size together; the
// kernel may write the time left into the timeout, so it gets a copy.
int
pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex, const struct timespec *timeout,
        const sigset_t *mask)
{
  struct {
    const sigset_t *set;
    size_t size;
  } sig = { mask, sizeof(sigset_t) };
  struct timespec ts;

  if (!timeout)
    return pselect6(n, rd, wr, ex, 0, mask ? &sig : 0);
  ts = *timeout;
  return pselect6(n, rd, wr, ex, &ts, mask ? &sig : 0);
}

// The kernel leaves the time not slept in the timespec; select reports it too.
int
select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout)
{
  struct timespec ts;
  int r;

  if (!timeout)
    return pselect6(n, rd, wr, ex, 0, 0);
  ts.tv_sec = timeout->tv_sec;
  ts.tv_nsec = timeout->tv_usec * NSEC_PER_USEC;
  r = pselect6(n, rd, wr, ex, &ts, 0);
  timeout->tv_sec = ts.tv_sec;
  timeout->tv_usec = ts.tv_nsec / NSEC_PER_USEC;
  return r;
}
