// select(): waiting for descriptors given as bit sets.
#pragma once
#include <signal.h>
#include <time.h>
#include <sys/time.h>

#define FD_SETSIZE 1024
typedef struct {
  unsigned long bits[FD_SETSIZE / (8 * sizeof(unsigned long))];
} fd_set;

#define __FD_WORD(fd) ((fd) / (8 * sizeof(unsigned long)))
#define __FD_BIT(fd)  (1UL << ((fd) % (8 * sizeof(unsigned long))))
#define FD_ZERO(s)     do { for (unsigned __i = 0; __i < FD_SETSIZE / (8 * sizeof(unsigned long)); __i++) (s)->bits[__i] = 0; } while (0)
#define FD_SET(fd, s)   ((s)->bits[__FD_WORD(fd)] |= __FD_BIT(fd))
#define FD_CLR(fd, s)   ((s)->bits[__FD_WORD(fd)] &= ~__FD_BIT(fd))
#define FD_ISSET(fd, s) (((s)->bits[__FD_WORD(fd)] & __FD_BIT(fd)) != 0)

int select(int n, fd_set *in, fd_set *out, fd_set *ex, struct timeval *timeout);
int pselect(int n, fd_set *in, fd_set *out, fd_set *ex, const struct timespec *timeout, const sigset_t *mask);
