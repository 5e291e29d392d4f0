// poll(2) and ppoll: Linux's event bits and struct pollfd.
#pragma once
#include <stdint.h>

#define POLLIN   0x001
#define POLLPRI  0x002
#define POLLOUT  0x004
#define POLLERR  0x008          // reported whether asked for or not
#define POLLHUP  0x010          // likewise
#define POLLNVAL 0x020          // likewise: fd is not open

struct pollfd {
  int32_t fd;                   // a negative one is skipped
  int16_t events;
  int16_t revents;
};
