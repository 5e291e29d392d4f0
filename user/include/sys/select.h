// select(): sets of descriptors as bitmaps, FD_SETSIZE of them.
#pragma once
#include <signal.h>
#include <sys/time.h>

#define FD_SETSIZE 1024
#define __FD_BITS (8 * sizeof(unsigned long))

typedef struct {
  unsigned long fds_bits[FD_SETSIZE / __FD_BITS];
} fd_set;

#define FD_ZERO(s)     __builtin_memset((s), 0, sizeof(fd_set))
#define FD_SET(fd, s)  ((s)->fds_bits[(fd) / __FD_BITS] |= 1UL << ((fd) % __FD_BITS))
#define FD_CLR(fd, s)  ((s)->fds_bits[(fd) / __FD_BITS] &= ~(1UL << ((fd) % __FD_BITS)))
#define FD_ISSET(fd, s) ((int)(((s)->fds_bits[(fd) / __FD_BITS] >> ((fd) % __FD_BITS)) & 1))

// Returns how many bits are left set in the three sets, 0 on timeout;
// select() also leaves in *timeout the time that was left.
int select(int n, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *timeout);
int pselect(int n, fd_set *rd, fd_set *wr, fd_set *ex, const struct timespec *timeout,
            const sigset_t *mask);
