// The printf engine: conversions %d %i %u %x %X %o %p %s %c %% %f %e %g
// (and %F %E %G) with flags - 0 + space #, width, precision and the
// length modifiers hh h l ll z j t; plus the string and fd variants.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "format.h"

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

// One conversion's parsed modifiers.
struct spec {
  int flags;
  int width;
  int prec;             // -1 when absent
  int len;              // 'H' hh, 'h', 'l', 'L' ll, 'z', 'j', 't'
};

static void
out(struct sink *s, const char *text, size_t n)
{
  s->put(s, text, n);
  s->total += n;
}

static void
repeat(struct sink *s, char c, int n)
{
  char chunk[32];

  memset(chunk, c, sizeof(chunk));
  for (; n > 0; n -= sizeof(chunk))
    out(s, chunk, n < (int)sizeof(chunk) ? n : (int)sizeof(chunk));
}

// Lays out prefix (sign or 0x), zeros, then body, padded to the width.
static void
field(struct sink *s, struct spec *sp, const char *prefix, int zeros,
      const char *body, int blen)
{
  int plen = strlen(prefix);
  int pad = sp->width - plen - zeros - blen;

  if (pad > 0 && (sp->flags & F_ZERO) && !(sp->flags & F_LEFT)) {
    zeros += pad;
    pad = 0;
  }
  if (pad > 0 && !(sp->flags & F_LEFT))
    repeat(s, ' ', pad);
  out(s, prefix, plen);
  repeat(s, '0', zeros);
  out(s, body, blen);
  if (pad > 0 && (sp->flags & F_LEFT))
    repeat(s, ' ', pad);
}

static const char *
sign_prefix(int neg, int flags)
{
  if (neg)
    return "-";
  if (flags & F_PLUS)
    return "+";
  return (flags & F_SPACE) ? " " : "";
}

static void
fmt_int(struct sink *s, struct spec *sp, unsigned long long v, int neg, int conv)
{
  const char *digits = (conv == 'X') ? "0123456789ABCDEF" : "0123456789abcdef";
  int base = (conv == 'o') ? 8 : (conv == 'x' || conv == 'X' || conv == 'p') ? 16 : 10;
  char buf[24];
  int i = sizeof(buf), zeros;
  const char *prefix = "";

  for (; v != 0; v /= base)
    buf[--i] = digits[v % base];
  // Precision is the minimum digit count; 0 with value 0 prints nothing.
  zeros = (sp->prec >= 0 ? sp->prec : 1) - ((int)sizeof(buf) - i);
  if (zeros < 0)
    zeros = 0;
  if (conv == 'd' || conv == 'i')
    prefix = sign_prefix(neg, sp->flags);
  else if (conv == 'p' || ((sp->flags & F_ALT) && (conv == 'x' || conv == 'X') && i < (int)sizeof(buf)))
    prefix = (conv == 'X') ? "0X" : "0x";
  else if ((sp->flags & F_ALT) && conv == 'o' && zeros == 0)
    zeros = 1;
  if (sp->prec >= 0)
    sp->flags &= ~F_ZERO;
  field(s, sp, prefix, zeros, buf + i, sizeof(buf) - i);
}

// ---- floating point --------------------------------------------------------

#define FP_MAXPREC 100
#define FP_MAXDIG (309 + FP_MAXPREC + 2)   // DBL_MAX has 309 integer digits

static const double pow10_bits[] = { 1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128, 1e256 };

// Returns m with x = m * 10^*e and 1 <= m < 10, for finite x > 0, by
// dividing or multiplying by 10^(2^i) for each bit of the exponent.
static double
normalize(double x, int *e)
{
  int i;

  *e = 0;
  for (i = 8; i >= 0 && x >= 10; i--)
    if (x >= pow10_bits[i]) {
      x /= pow10_bits[i];
      *e += 1 << i;
    }
  for (i = 8; i >= 0 && x < 1; i--)
    if (x * pow10_bits[i] < 10) {
      x *= pow10_bits[i];
      *e -= 1 << i;
    }
  if (x >= 10) {        // correct a last-bit rounding slip
    x /= 10;
    (*e)++;
  }
  return x;
}

// Writes the first n significant digits of m * 10^*e, rounded half to even,
// to d and returns their count: n, or n + 1 when rounding carries into a new
// leading digit (then *e grows by one).  Beyond the 17 digits a double holds,
// the digits are zeros.  n <= 0 asks for a digit left of the first one.
static int
round_digits(double m, int n, char *d, int *e)
{
  int k = n < 17 ? n : 17, cnt = k, i;
  uint64_t scale = 1, lim = 1, u;
  double v, frac;

  if (n < 0)
    return 0;
  for (i = 1; i < k; i++)
    scale *= 10;
  for (i = 0; i < k; i++)
    lim *= 10;
  v = (k == 0) ? m / 10 : m * (double)scale;
  u = (uint64_t)v;
  frac = v - (double)u;
  if (frac > 0.5 || (frac == 0.5 && (u & 1)))
    u++;
  if (u >= lim) {
    (*e)++;
    cnt++;
  }
  for (i = cnt - 1; i >= 0; i--, u /= 10)
    d[i] = '0' + u % 10;
  for (i = cnt; i < cnt + n - k; i++)
    d[i] = '0';
  return cnt + n - k;
}

// %f: digits of m * 10^e with prec digits after the point.
static int
fmt_fixed(char *buf, double m, int e, int prec, int alt)
{
  char d[FP_MAXDIG];
  int cnt = round_digits(m, e + 1 + prec, d, &e);
  int len = 0, i;

  if (e < 0)
    buf[len++] = '0';
  for (i = 0; i <= e; i++)
    buf[len++] = i < cnt ? d[i] : '0';
  if (prec > 0 || alt)
    buf[len++] = '.';
  for (i = e + 1; i <= e + prec; i++)
    buf[len++] = (i >= 0 && i < cnt) ? d[i] : '0';
  return len;
}

// %g drops trailing zeros of the fraction, and the point if nothing is left.
static int
strip_zeros(char *buf, int len)
{
  if (!memchr(buf, '.', len))
    return len;
  while (buf[len - 1] == '0')
    len--;
  if (buf[len - 1] == '.')
    len--;
  return len;
}

// %e: d.ddde+XX.
static int
fmt_exp(char *buf, double m, int e, int prec, int alt, int strip)
{
  char d[FP_MAXDIG];
  int len = 0, i;
  unsigned ue;

  round_digits(m, prec + 1, d, &e);
  buf[len++] = d[0];
  if (prec > 0 || alt)
    buf[len++] = '.';
  for (i = 1; i <= prec; i++)
    buf[len++] = d[i];
  if (strip)
    len = strip_zeros(buf, len);
  buf[len++] = 'e';
  buf[len++] = e < 0 ? '-' : '+';
  ue = e < 0 ? -e : e;
  if (ue >= 100)
    buf[len++] = '0' + ue / 100;
  buf[len++] = '0' + ue / 10 % 10;
  buf[len++] = '0' + ue % 10;
  return len;
}

// %g: %e when the exponent is below -4 or at least the precision,
// otherwise %f; both without trailing zeros unless '#'.
static int
fmt_general(char *buf, double m, int e, int prec, int alt)
{
  char d[FP_MAXDIG];
  int x = e;

  if (prec == 0)
    prec = 1;
  round_digits(m, prec, d, &x);
  if (x < -4 || x >= prec)
    return fmt_exp(buf, m, e, prec - 1, alt, !alt);
  int len = fmt_fixed(buf, m, e, prec - 1 - x, alt);
  return alt ? len : strip_zeros(buf, len);
}

static void
fmt_float(struct sink *s, struct spec *sp, double x, int conv)
{
  char buf[FP_MAXDIG + 8];
  union { double d; uint64_t u; } bits = { x };
  int neg = bits.u >> 63, upper = (conv >= 'A' && conv <= 'Z');
  int lower = conv | 32, prec = sp->prec < 0 ? 6 : sp->prec, len, e = 0, i;
  int alt = sp->flags & F_ALT;
  double m = 0;

  if (prec > FP_MAXPREC)
    prec = FP_MAXPREC;
  if (((bits.u >> 52) & 0x7ff) == 0x7ff) {
    sp->flags &= ~F_ZERO;
    memcpy(buf, (bits.u << 12) ? "nan" : "inf", 3);
    len = 3;
  } else {
    x = neg ? -x : x;
    if (x != 0)
      m = normalize(x, &e);
    if (lower == 'f')
      len = fmt_fixed(buf, m, e, prec, alt);
    else if (lower == 'e')
      len = fmt_exp(buf, m, e, prec, alt, 0);
    else
      len = fmt_general(buf, m, e, prec, alt);
  }
  for (i = 0; upper && i < len; i++)
    if (buf[i] >= 'a' && buf[i] <= 'z')
      buf[i] -= 32;
  field(s, sp, sign_prefix(neg, sp->flags), 0, buf, len);
}

// ---- the engine ------------------------------------------------------------

static const char *
parse_spec(const char *f, struct spec *sp, va_list *ap)
{
  sp->flags = 0;
  for (;; f++) {
    if (*f == '-') sp->flags |= F_LEFT;
    else if (*f == '0') sp->flags |= F_ZERO;
    else if (*f == '+') sp->flags |= F_PLUS;
    else if (*f == ' ') sp->flags |= F_SPACE;
    else if (*f == '#') sp->flags |= F_ALT;
    else break;
  }
  sp->width = 0;
  if (*f == '*') {
    f++;
    sp->width = va_arg(*ap, int);
    if (sp->width < 0) {
      sp->flags |= F_LEFT;
      sp->width = -sp->width;
    }
  }
  for (; *f >= '0' && *f <= '9'; f++)
    sp->width = sp->width * 10 + (*f - '0');
  sp->prec = -1;
  if (*f == '.') {
    f++;
    sp->prec = 0;
    if (*f == '*') {
      f++;
      sp->prec = va_arg(*ap, int);
      if (sp->prec < 0)
        sp->prec = -1;
    }
    for (; *f >= '0' && *f <= '9'; f++)
      sp->prec = sp->prec * 10 + (*f - '0');
  }
  sp->len = 0;
  if ((f[0] == 'h' || f[0] == 'l') && f[1] == f[0]) {
    sp->len = (f[0] == 'h') ? 'H' : 'L';
    f += 2;
  } else if (*f && strchr("hlzjtL", *f)) {
    sp->len = (*f == 'L') ? 'l' : *f;   // %Lf: long double is treated as double
    f++;
  }
  return f;
}

static long long
signed_arg(struct spec *sp, va_list *ap)
{
  switch (sp->len) {
  case 'H': return (signed char)va_arg(*ap, int);
  case 'h': return (short)va_arg(*ap, int);
  case 0: return va_arg(*ap, int);
  default: return va_arg(*ap, long long);   // l ll z j t: all 64-bit here
  }
}

static unsigned long long
unsigned_arg(struct spec *sp, va_list *ap)
{
  switch (sp->len) {
  case 'H': return (unsigned char)va_arg(*ap, unsigned);
  case 'h': return (unsigned short)va_arg(*ap, unsigned);
  case 0: return va_arg(*ap, unsigned);
  default: return va_arg(*ap, unsigned long long);
  }
}

static void
convert(struct sink *s, struct spec *sp, int conv, va_list *ap)
{
  long long v;
  const char *str;
  char c;

  switch (conv) {
  case 'd': case 'i':
    v = signed_arg(sp, ap);
    fmt_int(s, sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0, conv);
    break;
  case 'u': case 'x': case 'X': case 'o':
    fmt_int(s, sp, unsigned_arg(sp, ap), 0, conv);
    break;
  case 'p':
    sp->prec = -1;
    fmt_int(s, sp, (uintptr_t)va_arg(*ap, void *), 0, conv);
    break;
  case 'c':
    c = (char)va_arg(*ap, int);
    sp->flags &= ~F_ZERO;
    field(s, sp, "", 0, &c, 1);
    break;
  case 's':
    str = va_arg(*ap, const char *);
    if (!str)
      str = "(null)";
    sp->flags &= ~F_ZERO;
    field(s, sp, "", 0, str, sp->prec >= 0 ? strnlen(str, sp->prec) : strlen(str));
    break;
  case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
    fmt_float(s, sp, va_arg(*ap, double), conv);
    break;
  case '%':
    out(s, "%", 1);
    break;
  default:              // unknown conversion: show it rather than guess
    out(s, "%", 1);
    out(s, (char *)&conv, 1);
    break;
  }
}

int
format(struct sink *s, const char *fmt, va_list ap)
{
  struct spec sp;
  va_list args;

  va_copy(args, ap);
  while (*fmt) {
    size_t n = strcspn(fmt, "%");
    out(s, fmt, n);
    fmt += n;
    if (*fmt == 0)
      break;
    fmt = parse_spec(fmt + 1, &sp, &args);
    if (*fmt == 0)
      break;
    convert(s, &sp, *fmt++, &args);
  }
  va_end(args);
  return s->total;
}

// ---- string and descriptor sinks -------------------------------------------

// Keeps what fits, leaving room for the terminating NUL.
static void
put_string(struct sink *s, const char *text, size_t n)
{
  size_t room = s->cap > s->len + 1 ? s->cap - s->len - 1 : 0;

  if (n > room)
    n = room;
  memcpy(s->buf + s->len, text, n);
  s->len += n;
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
  struct sink s = { .put = put_string, .buf = buf, .cap = size };
  int n = format(&s, fmt, ap);

  if (size > 0)
    buf[s.len] = 0;
  return n;
}

int
vsprintf(char *buf, const char *fmt, va_list ap)
{
  return vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

int
sprintf(char *buf, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vsnprintf(buf, SIZE_MAX, fmt, ap);
  va_end(ap);
  return n;
}

static void
flush_fd(struct sink *s)
{
  size_t done = 0;

  while (done < s->len) {
    ssize_t w = write(s->fd, s->buf + done, s->len - done);
    if (w <= 0)
      break;
    done += w;
  }
  s->len = 0;
}

// Collects output in a small buffer so a line goes out in one write().
static void
put_fd(struct sink *s, const char *text, size_t n)
{
  while (n > 0) {
    size_t k = s->cap - s->len < n ? s->cap - s->len : n;
    memcpy(s->buf + s->len, text, k);
    s->len += k;
    text += k;
    n -= k;
    if (s->len == s->cap)
      flush_fd(s);
  }
}

int
vdprintf(int fd, const char *fmt, va_list ap)
{
  char buf[256];
  struct sink s = { .put = put_fd, .buf = buf, .cap = sizeof(buf), .fd = fd };
  int n = format(&s, fmt, ap);

  flush_fd(&s);
  return n;
}

int
dprintf(int fd, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start(ap, fmt);
  n = vdprintf(fd, fmt, ap);
  va_end(ap);
  return n;
}
