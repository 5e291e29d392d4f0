// Waiting for descriptors to become ready: poll() and ppoll(), Linux's
// event bits.
#pragma once
#include <signal.h>
#include <time.h>

#include <linux/poll.h>

typedef unsigned long nfds_t;
// timeout in milliseconds; negative waits for ever.  Returns how many
// descriptors have events, 0 on timeout.
int poll(struct pollfd *fds, nfds_t n, int timeout);
int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout, const sigset_t *mask);
