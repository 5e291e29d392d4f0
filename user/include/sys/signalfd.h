// signalfd: the caller's pending signals of a mask, read from a descriptor
// as struct signalfd_siginfo records instead of delivered (block them
// first with sigprocmask).  fd -1 makes a new one; a signalfd's fd gets
// the new mask.
#pragma once
#include <signal.h>
#include <linux/signalfd.h>     // SFD_*, struct signalfd_siginfo

int signalfd(int fd, const sigset_t *mask, int flags);
