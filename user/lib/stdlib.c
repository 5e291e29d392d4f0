// Number conversion, environment, sorting and abnormal ends.
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// The common part of the strto* family: sign, base prefix, digits.  The
// magnitude saturates at ULLONG_MAX; *neg reports a leading '-'.
static unsigned long long
parse_num(const char *s, char **end, int base, int *neg)
{
  const char *p = s, *digits;
  unsigned long long v = 0;
  int overflow = 0;

  while (isspace((unsigned char)*p))
    p++;
  *neg = (*p == '-');
  if (*p == '-' || *p == '+')
    p++;
  if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
      isxdigit((unsigned char)p[2])) {
    p += 2;
    base = 16;
  } else if (base == 0) {
    base = (*p == '0') ? 8 : 10;
  }
  digits = p;
  for (;; p++) {
    int c = (unsigned char)*p, d;
    if (isdigit(c))
      d = c - '0';
    else if (isalpha(c))
      d = (c | 32) - 'a' + 10;
    else
      break;
    if (d >= base)
      break;
    if (v > (ULLONG_MAX - d) / base)
      overflow = 1;
    v = v * base + d;
  }
  if (end)
    *end = (char *)(p == digits ? s : p);
  if (overflow) {
    errno = ERANGE;
    return ULLONG_MAX;
  }
  return v;
}

// Signed conversion clamped to [min, max] with ERANGE.
static long long
parse_signed(const char *s, char **end, int base, long long min, long long max)
{
  int neg;
  unsigned long long v = parse_num(s, end, base, &neg);

  if (neg) {
    if (v > (unsigned long long)max + 1) {
      errno = ERANGE;
      return min;
    }
    return (long long)(0 - v);
  }
  if (v > (unsigned long long)max) {
    errno = ERANGE;
    return max;
  }
  return v;
}

long long
strtoll(const char *s, char **end, int base)
{
  return parse_signed(s, end, base, LLONG_MIN, LLONG_MAX);
}

long
strtol(const char *s, char **end, int base)
{
  return parse_signed(s, end, base, LONG_MIN, LONG_MAX);
}

// A leading '-' negates the result, as C specifies for the unsigned forms.
unsigned long long
strtoull(const char *s, char **end, int base)
{
  int neg;
  unsigned long long v = parse_num(s, end, base, &neg);

  return neg ? -v : v;
}

unsigned long
strtoul(const char *s, char **end, int base)
{
  return strtoull(s, end, base);
}

// intmax_t is long here.
intmax_t
strtoimax(const char *s, char **end, int base)
{
  return strtol(s, end, base);
}

uintmax_t
strtoumax(const char *s, char **end, int base)
{
  return strtoul(s, end, base);
}

int atoi(const char *s) { return (int)strtol(s, 0, 10); }
long atol(const char *s) { return strtol(s, 0, 10); }
long long atoll(const char *s) { return strtoll(s, 0, 10); }
int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

char *
getenv(const char *name)
{
  size_t n = strlen(name);

  for (char **e = environ; e && *e; e++)
    if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
      return *e + n + 1;
  return 0;
}

static unsigned long rand_state = 1;

// A 64-bit linear congruential generator (Knuth's MMIX constants); the top
// bits are the good ones.
int
rand(void)
{
  rand_state = rand_state * 6364136223846793005UL + 1442695040888963407UL;
  return (int)(rand_state >> 33);
}

void
srand(unsigned int seed)
{
  rand_state = seed;
}

// A 32-bit state only, as POSIX gives it: an xorshift step, then the bits
// mixed so that low bits are as random as high ones.
int
rand_r(unsigned int *state)
{
  unsigned int x = *state ? *state : 0x9e3779b9u;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *state = x;
  return (int)((x * 2654435761u) >> 1);
}

void *
bsearch(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
  const char *lo = base;

  while (n > 0) {
    const char *mid = lo + (n / 2) * size;
    int c = cmp(key, mid);
    if (c == 0)
      return (void *)mid;
    if (c > 0) {
      lo = mid + size;
      n -= n / 2 + 1;
    } else {
      n /= 2;
    }
  }
  return 0;
}

static void
swap_bytes(char *a, char *b, size_t size)
{
  while (size-- > 0) {
    char t = *a;
    *a++ = *b;
    *b++ = t;
  }
}

// Quicksort with the middle element as pivot; recursion only into the
// smaller part keeps the stack depth logarithmic.
void
qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
  char *a = base;

  while (n > 1) {
    size_t i, last = 0;
    swap_bytes(a, a + (n / 2) * size, size);
    for (i = 1; i < n; i++)
      if (cmp(a + i * size, a) < 0)
        swap_bytes(a + ++last * size, a + i * size, size);
    swap_bytes(a, a + last * size, size);
    // a[0..last) < pivot == a[last] <= a(last..n)
    if (last < n - last - 1) {
      qsort(a, last, size, cmp);
      a += (last + 1) * size;
      n -= last + 1;
    } else {
      qsort(a + (last + 1) * size, n - last - 1, size, cmp);
      n = last;
    }
  }
}

// Ends the process with SIGABRT even when SIGABRT is blocked, ignored or
// caught by a handler that returns.
void
abort(void)
{
  struct sigaction dfl = { .sa_handler = SIG_DFL };
  sigset_t abrt;

  sigemptyset(&abrt);
  sigaddset(&abrt, SIGABRT);
  sigprocmask(SIG_UNBLOCK, &abrt, 0);
  raise(SIGABRT);
  sigaction(SIGABRT, &dfl, 0);
  raise(SIGABRT);
  _exit(127);
}

void
__assert_fail(const char *expr, const char *file, int line, const char *func)
{
  fprintf(stderr, "%s:%d: %s: assertion failed: %s\n", file, line, func, expr);
  abort();
}
