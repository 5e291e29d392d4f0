// Scatter-gather I/O: readv and writev move several buffers in one call.
#pragma once
#include <sys/types.h>

struct iovec {
  void *iov_base;
  size_t iov_len;
};

#include <linux/uio.h>
#define IOV_MAX UIO_MAXIOV

ssize_t readv(int fd, const struct iovec *iov, int cnt);
ssize_t writev(int fd, const struct iovec *iov, int cnt);
