// Kernel console output.  printf formats: %d %i %u %x %p %s %c %%, with l/ll
// length, width and '0'/'-' flags.  Output of one call is never interleaved
// with another hart's.
#pragma once
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

// Prints the message, the hart and a backtrace, stops every hart and powers off
// with a failure status (QEMU exits non-zero).
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

// The return addresses of the frame-pointer chain from fp (read_fp() for the
// caller's own), innermost first, at most max (the rest zeroed): how many.
int backtrace_save(uint64_t fp, uint64_t *pcs, int max);
void backtrace_print_pc(uint64_t ra);          // "  addr symbol+offset"

int kernel_panicking(void);        // a panic is in progress (other harts stop)
void cpus_halt_others(void);       // main.c

#define assert(x) do { if (!(x)) panic("assertion failed: %s (%s:%d)", #x, __FILE__, __LINE__); } while (0)
