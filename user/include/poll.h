// Waiting for descriptors to become ready.
#pragma once
#include <signal.h>
#include <time.h>

#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008
#define POLLHUP  0x010
#define POLLNVAL 0x020

struct pollfd {
  int fd;                          // negative: ignored
  short events;                    // what to wait for
  short revents;                   // what holds (POLLERR, POLLHUP, POLLNVAL always reported)
};
typedef unsigned long nfds_t;

// The number of ready entries, 0 at the timeout (ms; negative: none), or -1.
int poll(struct pollfd *fds, nfds_t n, int timeout);
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask);
