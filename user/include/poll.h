// Waiting for descriptors to become ready: poll() and ppoll(), Linux's
// event bits.
#pragma once
#include <signal.h>
#include <time.h>

#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008          // reported whether asked for or not
#define POLLHUP  0x010          // likewise
#define POLLNVAL 0x020          // likewise: fd is not open

typedef unsigned long nfds_t;
struct pollfd {
  int fd;                       // a negative one is skipped
  short events;
  short revents;
};

// timeout in milliseconds; negative waits for ever.  Returns how many
// descriptors have events, 0 on timeout.
int poll(struct pollfd *fds, nfds_t n, int timeout);
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask);
