// <math.h>: the basic functions, written for this library.  The hard ones
// (exp, log, pow, sin, cos, atan) reduce their argument and sum a series in
// long double, which riscv64 makes a 113-bit quad computed by libgcc's
// soft-float routines: 60 extra bits absorb the rounding of every step, so
// the final rounding to double is nearly always the correct one.  Errors
// follow C: EDOM for arguments outside the domain, ERANGE on overflow.
#include <errno.h>
#include <math.h>
#include <stdint.h>

static const long double LN2L = 0.693147180559945309417232121458176568L;
static const long double PIO2L = 1.57079632679489661923132169163975144L;
static const long double PIL = 3.14159265358979323846264338327950288L;
static const long double SQRT3L = 1.73205080756887729352744634150587237L;

union bits {
  double d;
  uint64_t u;
};

double
fabs(double x)
{
  union bits b = { x };
  b.u &= ~(1ULL << 63);
  return b.d;
}

float
fabsf(float x)
{
  union {
    float f;
    uint32_t u;
  } b = { x };
  b.u &= ~(1U << 31);
  return b.f;
}

static double
copysign_(double mag, double sign)
{
  return signbit(sign) ? -fabs(mag) : fabs(mag);
}

double
sqrt(double x)
{
  double r;
  asm("fsqrt.d %0, %1" : "=f"(r) : "f"(x));
  if (x < 0)
    errno = EDOM;
  return r;
}

float
sqrtf(float x)
{
  float r;
  asm("fsqrt.s %0, %1" : "=f"(r) : "f"(x));
  if (x < 0)
    errno = EDOM;
  return r;
}

#define INTEGRAL 4503599627370496.0    // 2^52: every double this large is an integer

double
trunc(double x)
{
  if (!isfinite(x) || fabs(x) >= INTEGRAL || x == 0)
    return x;
  return copysign_((double)(int64_t)x, x);
}

double
floor(double x)
{
  double t = trunc(x);
  return t > x ? t - 1 : t;
}

double
ceil(double x)
{
  double t = trunc(x);
  return t < x ? t + 1 : t;
}

double
round(double x)
{
  double t = trunc(x);
  if (isfinite(x) && fabs(x - t) >= 0.5)      // x - t is exact
    t += copysign_(1.0, x);
  return t;
}

double
fmin(double x, double y)
{
  if (isnan(x))
    return y;
  if (isnan(y))
    return x;
  return x < y || (x == y && signbit(x)) ? x : y;
}

double
fmax(double x, double y)
{
  if (isnan(x))
    return y;
  if (isnan(y))
    return x;
  return x > y || (x == y && !signbit(x)) ? x : y;
}

// Exponent and fraction by the bits (a builtin might call frexp itself).
double
frexp(double x, int *e)
{
  union bits b = { x };
  int adjust = 0;
  *e = 0;
  if (x == 0 || !isfinite(x))
    return x;
  if (((b.u >> 52) & 0x7ff) == 0) {            // subnormal: make it normal first
    b.d *= 18446744073709551616.0;            // 2^64
    adjust = -64;
  }
  *e = (int)((b.u >> 52) & 0x7ff) - 1022 + adjust;
  b.u = (b.u & ~(0x7ffULL << 52)) | (1022ULL << 52);
  return b.d;
}

static long double
scale2l(long double v, int e)
{
  for (; e >= 32; e -= 32)
    v *= 4294967296.0L;
  for (; e <= -32; e += 32)
    v /= 4294967296.0L;
  return e >= 0 ? v * (1ULL << e) : v / (1ULL << -e);
}

double
ldexp(double x, int e)
{
  if (x == 0 || !isfinite(x))
    return x;
  if (e > 4000)
    e = 4000;
  if (e < -4000)
    e = -4000;
  double r = (double)scale2l(x, e);
  if (isinf(r))
    errno = ERANGE;
  return r;
}

double
modf(double x, double *ipart)
{
  double i = trunc(x);
  *ipart = i;
  return isinf(x) ? copysign_(0.0, x) : copysign_(x - i, x);
}

// x - n*y, exactly: subtract y scaled by the largest power of two that fits
// (each subtraction is exact by Sterbenz's lemma).
double
fmod(double x, double y)
{
  if (isnan(x) || isnan(y) || isinf(x) || y == 0) {
    if (!isnan(x) && !isnan(y))
      errno = EDOM;
    return NAN;
  }
  double r = fabs(x), ay = fabs(y);
  while (r >= ay) {
    int er, ey;
    frexp(r, &er);
    frexp(ay, &ey);
    double step = ldexp(ay, er - ey);
    if (step > r)
      step = ldexp(ay, er - ey - 1);
    r -= step;
  }
  return copysign_(r, x);
}

static long double
sqrtl_(long double v)
{
  long double r = sqrt((double)v);
  return r == 0 || isinf((double)r) ? r : (r + v / r) / 2;   // Newton: 53 -> 106 bits
}

double
hypot(double x, double y)
{
  long double a = fabs(x), b = fabs(y);
  if (isinf(x) || isinf(y))
    return HUGE_VAL;
  if (isnan(x) || isnan(y))
    return NAN;
  if (a < b) {
    long double t = a;
    a = b;
    b = t;
  }
  if (a == 0)
    return 0;
  long double q = b / a;
  double r = (double)(a * sqrtl_(1 + q * q));
  if (isinf(r))
    errno = ERANGE;
  return r;
}

// e^x for any finite x whose result a long double holds.
static long double
expl_(long double x)
{
  long double k = (long double)(int64_t)(x / LN2L + (x < 0 ? -0.5L : 0.5L));
  long double r = x - k * LN2L, term = 1, sum = 1;      // |r| <= ln2 / 2
  for (int n = 1; n < 30; n++) {
    term *= r / n;
    sum += term;
  }
  return scale2l(sum, (int)k);
}

double
exp(double x)
{
  if (isnan(x))
    return x;
  if (x > 709.8) {
    errno = ERANGE;
    return HUGE_VAL;
  }
  if (x < -745.2) {
    errno = ERANGE;
    return 0;
  }
  return (double)expl_(x);
}

// The natural logarithm of a positive finite x: x = m * 2^e with m near 1,
// and log m = 2 atanh((m - 1) / (m + 1)), a series in s^2 <= 0.03.
static long double
logl_(double x)
{
  int e;
  long double m = frexp(x, &e);
  if (m < 0.70710678118654752440L) {
    m *= 2;
    e--;
  }
  long double s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
  for (int n = 1; n < 80; n += 2) {
    sum += term / n;
    term *= s2;
  }
  return 2 * sum + e * LN2L;
}

// The special cases of the logarithms: 1 when *r holds the answer.
static int
log_special(double x, double *r)
{
  if (isnan(x) || (isinf(x) && x > 0)) {
    *r = x;
    return 1;
  }
  if (x == 0) {
    errno = ERANGE;
    *r = -HUGE_VAL;
    return 1;
  }
  if (x < 0) {
    errno = EDOM;
    *r = NAN;
    return 1;
  }
  return 0;
}

double
log(double x)
{
  double r;
  return log_special(x, &r) ? r : (double)logl_(x);
}

double
log2(double x)
{
  double r;
  return log_special(x, &r) ? r : (double)(logl_(x) / LN2L);
}

double
log10(double x)
{
  double r;
  return log_special(x, &r) ? r : (double)(logl_(x) / 2.30258509299404568401799145468436421L);
}

static int
is_integer(double y)
{
  return isfinite(y) && trunc(y) == y;
}

static int
is_odd_integer(double y)
{
  return is_integer(y) && fabs(y) < 2 * INTEGRAL && fmod(y, 2.0) != 0;
}

// The special cases C lists for pow; 1 when *r holds the answer.
static int
pow_special(double x, double y, double *r)
{
  if (y == 0 || x == 1) {
    *r = 1;
    return 1;
  }
  if (isnan(x) || isnan(y)) {
    *r = NAN;
    return 1;
  }
  if (x == 0) {
    double mag = y < 0 ? HUGE_VAL : 0;
    *r = is_odd_integer(y) ? copysign_(mag, x) : mag;
    if (y < 0)
      errno = ERANGE;
    return 1;
  }
  if (isinf(y)) {
    double ax = fabs(x);
    *r = ax == 1 ? 1 : (ax > 1) == (y > 0) ? HUGE_VAL : 0;
    return 1;
  }
  if (isinf(x)) {
    double mag = y > 0 ? HUGE_VAL : 0;
    *r = x < 0 && is_odd_integer(y) ? -mag : mag;
    return 1;
  }
  if (x < 0 && !is_integer(y)) {
    errno = EDOM;
    *r = NAN;
    return 1;
  }
  return 0;
}

double
pow(double x, double y)
{
  double r;
  if (pow_special(x, y, &r))
    return r;
  long double l = y * logl_(fabs(x));
  if (l > 709.8L || l < -745.2L) {
    errno = ERANGE;
    r = l > 0 ? HUGE_VAL : 0;
  } else {
    r = (double)expl_(l);
  }
  return x < 0 && is_odd_integer(y) ? -r : r;
}

// sin and cos of r, |r| <= pi/4, by their series.
static long double
sin_series(long double r)
{
  long double term = r, sum = r, r2 = r * r;
  for (int n = 2; n < 40; n += 2) {
    term *= -r2 / (n * (n + 1));
    sum += term;
  }
  return sum;
}

static long double
cos_series(long double r)
{
  long double term = 1, sum = 1, r2 = r * r;
  for (int n = 1; n < 40; n += 2) {
    term *= -r2 / (n * (n + 1));
    sum += term;
  }
  return sum;
}

// x = q * pi/2 + r with |r| <= pi/4; returns r, *q is q mod 4.
static long double
reduce(double x, int *q)
{
  long double n = (long double)(int64_t)(x / PIO2L + (x < 0 ? -0.5L : 0.5L));
  *q = (int)((int64_t)n & 3);
  return x - n * PIO2L;
}

static long double
sinl_(double x, int shift)
{
  int q;
  long double r = reduce(x, &q);
  switch ((q + shift) & 3) {
  case 0: return sin_series(r);
  case 1: return cos_series(r);
  case 2: return -sin_series(r);
  default: return -cos_series(r);
  }
}

double
sin(double x)
{
  if (!isfinite(x)) {
    if (isinf(x))
      errno = EDOM;
    return NAN;
  }
  return x == 0 ? x : (double)sinl_(x, 0);
}

double
cos(double x)
{
  if (!isfinite(x)) {
    if (isinf(x))
      errno = EDOM;
    return NAN;
  }
  return (double)sinl_(x, 1);
}

double
tan(double x)
{
  if (!isfinite(x)) {
    if (isinf(x))
      errno = EDOM;
    return NAN;
  }
  return x == 0 ? x : (double)(sinl_(x, 0) / sinl_(x, 1));
}

// atan for x >= 0: fold to [0, 1], then to [0, tan(pi/12)] around pi/6,
// where the series converges fast.
static long double
atanl_(long double x)
{
  int inverted = x > 1, shifted;
  if (inverted)
    x = 1 / x;
  shifted = x > 0.26794919243112270647L;
  if (shifted)
    x = (x * SQRT3L - 1) / (SQRT3L + x);
  long double term = x, sum = 0, x2 = x * x;
  for (int n = 1; n < 90; n += 2) {
    sum += term / n;
    term *= -x2;
  }
  if (shifted)
    sum += PIL / 6;
  return inverted ? PIO2L - sum : sum;
}

double
atan(double x)
{
  if (isnan(x) || x == 0)
    return x;
  if (isinf(x))
    return copysign_((double)PIO2L, x);
  return copysign_((double)atanl_(fabs(x)), x);
}

double
atan2(double y, double x)
{
  if (isnan(x) || isnan(y))
    return NAN;
  if (isinf(x) && isinf(y))
    return copysign_((double)(x > 0 ? PIL / 4 : 3 * PIL / 4), y);
  if (y == 0 || isinf(x))
    return copysign_(signbit(x) ? (double)PIL : 0.0, y);
  if (x == 0 || isinf(y))
    return copysign_((double)PIO2L, y);
  long double a = atanl_(fabs((long double)y / x));
  if (x < 0)
    a = PIL - a;
  return copysign_((double)a, y);
}
