// Private to the library: the printf engine and where its output goes.
#pragma once
#include <stdarg.h>
#include <stddef.h>

// A destination for formatted text: put() receives it in pieces.
struct sink {
  void (*put)(struct sink *s, const char *text, size_t n);
  void *arg;            // the FILE, for stdio's sink
  char *buf;            // snprintf's buffer, or dprintf's staging buffer
  size_t len, cap;
  int fd;               // for dprintf
  size_t total;         // characters produced so far, the return value
};

int format(struct sink *s, const char *fmt, va_list ap);
