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

// Hooks the layers above register at boot (main.c), so that lib/ calls up
// without depending on them.  putc writes one character to the console
// without sleeping (the UART's polled output); until it is set, output is
// dropped.  panic calls where() after its message, to name the hart and the
// task, and halt() last, to stop the other harts and power off (recursive:
// a panic inside a panic, where it only powers off); halt never returns.
void printf_set_console(void (*putc)(char c));
void panic_set_hooks(void (*where)(void), void (*halt)(int recursive));

#define assert(x) do { if (!(x)) panic("assertion failed: %s (%s:%d)", #x, __FILE__, __LINE__); } while (0)
