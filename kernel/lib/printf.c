// Kernel printf and panic.
#include <stdint.h>
#include "lib/printf.h"
#include "lib/spinlock.h"
#include "lib/string.h"
#include "lib/ksyms.h"
#include "arch/riscv.h"

static struct spinlock print_lock = SPINLOCK_INIT("printf");
static volatile int panicking;      // 1 + the panicking CPU: other harts' output stops and they halt
static void (*console_putc)(char c);
static void (*panic_where)(void);
static void (*panic_halt)(int recursive);

void printf_set_console(void (*putc)(char c))
{
  console_putc = putc;
}

void panic_set_hooks(void (*where)(void), void (*halt)(int recursive))
{
  panic_where = where;
  panic_halt = halt;
}

struct outbuf {
  char *buf;
  size_t size, len;                 // len counts every byte produced, even past size
};

static void out(struct outbuf *o, char c)
{
  if (o->len + 1 < o->size)
    o->buf[o->len] = c;
  o->len++;
}

static void out_num(struct outbuf *o, uint64_t v, int base, int neg, int width, char pad)
{
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v);
  if (neg)
    tmp[n++] = '-';
  for (; width > n; width--)
    out(o, pad);
  while (n)
    out(o, tmp[--n]);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
  struct outbuf o = { buf, size, 0 };
  for (; *fmt; fmt++) {
    if (*fmt != '%') {
      out(&o, *fmt);
      continue;
    }
    int left = 0, width = 0, lng = 0;
    char pad = ' ';
    fmt++;
    for (; *fmt == '-' || *fmt == '0'; fmt++) {
      if (*fmt == '-')
        left = 1;
      else
        pad = '0';
    }
    for (; *fmt >= '0' && *fmt <= '9'; fmt++)
      width = width * 10 + (*fmt - '0');
    for (; *fmt == 'l' || *fmt == 'z'; fmt++)
      lng = 1;
    size_t start = o.len;
    switch (*fmt) {
    case 'd': case 'i': {
      int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
      out_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, left ? 0 : width, pad);
      break;
    }
    case 'u':
      out_num(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0, left ? 0 : width, pad);
      break;
    case 'x':
      out_num(&o, lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0, left ? 0 : width, pad);
      break;
    case 'p':
      out(&o, '0');
      out(&o, 'x');
      out_num(&o, (uint64_t)va_arg(ap, void *), 16, 0, 16, '0');
      break;
    case 's': {
      const char *s = va_arg(ap, const char *);
      if (!s)
        s = "(null)";
      int n = strlen(s);
      for (; !left && width > n; width--)
        out(&o, ' ');
      while (*s)
        out(&o, *s++);
      break;
    }
    case 'c':
      out(&o, (char)va_arg(ap, int));
      break;
    case '%':
      out(&o, '%');
      break;
    case 0:
      fmt--;
      break;
    default:
      out(&o, '%');
      out(&o, *fmt);
      break;
    }
    for (size_t n = o.len - start; left && (int)n < width; n++)
      out(&o, ' ');
  }
  if (size)
    buf[o.len < size ? o.len : size - 1] = 0;
  return o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

static void console_out(const char *s, int n)
{
  if (!console_putc)
    return;
  for (int i = 0; i < n; i++) {
    if (s[i] == '\n')
      console_putc('\r');
    console_putc(s[i]);
  }
}

static int vprintf_locked(const char *fmt, va_list ap)
{
  char buf[256];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  console_out(buf, n < (int)sizeof buf ? n : (int)sizeof buf - 1);
  return n;
}

int printf(const char *fmt, ...)
{
  va_list ap;
  if (panicking) {
    if (panicking != cpuid() + 1)
      for (;;)
        wfi();
    va_start(ap, fmt);              // the panicking hart prints without the lock
    int n = vprintf_locked(fmt, ap);
    va_end(ap);
    return n;
  }
  spin_lock(&print_lock);
  va_start(ap, fmt);
  int n = vprintf_locked(fmt, ap);
  va_end(ap);
  spin_unlock(&print_lock);
  return n;
}

// Walk the frame-pointer chain (s0): with -fno-omit-frame-pointer each frame
// keeps the return address at fp-8 and the caller's fp at fp-16.  The chain
// stays within the kernel stack the walk started on.
int backtrace_save(uint64_t fp, uint64_t *pcs, int max)
{
  uint64_t lo = PGROUNDDOWN(fp - 1), hi = lo + 4 * PGSIZE;
  int n = 0;
  while (n < max && fp > lo && fp <= hi && (fp & 7) == 0) {
    pcs[n++] = *(uint64_t *)(fp - 8);
    uint64_t prev = *(uint64_t *)(fp - 16);
    if (prev <= fp)
      break;
    fp = prev;
  }
  for (int i = n; i < max; i++)
    pcs[i] = 0;
  return n;
}

void backtrace_print_pc(uint64_t ra)
{
  uint64_t off;
  const char *name = ksym_lookup(ra - 4, &off);
  printf("  %p %s+0x%lx\n", (void *)ra, name ? name : "?", off + 4);
}

#define PANIC_FRAMES 32

// Without the hook (early in boot) a panicking hart just stops.
static void __attribute__((noreturn)) stop(int recursive)
{
  if (panic_halt)
    panic_halt(recursive);
  for (;;)
    wfi();
}

void panic(const char *fmt, ...)
{
  va_list ap;
  intr_off();
  int expected = 0;
  if (!__atomic_compare_exchange_n(&panicking, &expected, cpuid() + 1, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
    if (expected != cpuid() + 1)
      for (;;)
        wfi();                      // another hart is panicking
    // A panic while panicking: say so, unformatted, and stop.
    const char *m = "\npanic: recursive panic: ";
    console_out(m, strlen(m));
    console_out(fmt, strlen(fmt));
    stop(1);
  }
  printf("\npanic: ");
  va_start(ap, fmt);
  vprintf_locked(fmt, ap);
  va_end(ap);
  printf("\n");
  if (panic_where)
    panic_where();
  printf("backtrace:\n");
  uint64_t pcs[PANIC_FRAMES];
  int n = backtrace_save(read_fp(), pcs, PANIC_FRAMES);
  for (int i = 0; i < n; i++)
    backtrace_print_pc(pcs[i]);
  stop(0);
}

int kernel_panicking(void)
{
  return panicking;
}
