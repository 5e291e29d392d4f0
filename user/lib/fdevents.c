// Descriptors for events: eventfd, signalfd and timerfd.
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include "syscall.h"

int
eventfd(unsigned int initval, int flags)
{
  return sysret(syscall2(SYS_eventfd2, initval, flags));
}

// A short transfer cannot happen (the kernel moves 8 bytes or fails).
int
eventfd_read(int fd, eventfd_t *value)
{
  return read(fd, value, sizeof *value) == sizeof *value ? 0 : -1;
}

int
eventfd_write(int fd, eventfd_t value)
{
  return write(fd, &value, sizeof value) == sizeof value ? 0 : -1;
}

int
signalfd(int fd, const sigset_t *mask, int flags)
{
  return sysret(syscall4(SYS_signalfd4, fd, mask, sizeof(sigset_t), flags));
}

int
timerfd_create(int clockid, int flags)
{
  return sysret(syscall2(SYS_timerfd_create, clockid, flags));
}

int
timerfd_settime(int fd, int flags, const struct itimerspec *nv, struct itimerspec *old)
{
  return sysret(syscall4(SYS_timerfd_settime, fd, flags, nv, old));
}

int
timerfd_gettime(int fd, struct itimerspec *cur)
{
  return sysret(syscall2(SYS_timerfd_gettime, fd, cur));
}
