// strtod, strtof, atof: decimal and hexadecimal floating-point numbers,
// "inf", "infinity" and "nan".  The digits are gathered into a 64-bit
// integer and scaled by a power of ten in long double (113-bit quad on
// riscv64), so the one rounding to double is almost always the correct one.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define MAX_DIGITS 19                  // significant decimal digits a uint64_t holds
#define MAX_EXP10  5000                // beyond any double, so clamping is harmless

// 10^k by squaring, exactly while it fits in 113 bits (k <= 48).
static long double
pow10l(int k)
{
  long double result = 1, base = 10;

  for (; k > 0; k >>= 1, base *= base)
    if (k & 1)
      result *= base;
  return result;
}

static int
match(const char *s, const char *word)
{
  size_t n = 0;

  while (word[n] && tolower((unsigned char)s[n]) == word[n])
    n++;
  return word[n] ? 0 : (int)n;
}

// The decimal digits at *pp, as mantissa and power of ten; 0 if none.
static int
decimal(const char **pp, uint64_t *mant, int *exp10)
{
  const char *p = *pp;
  int digits = 0, any = 0, dot = 0;

  for (;; p++) {
    if (*p == '.' && !dot) {
      dot = 1;
      continue;
    }
    if (!isdigit((unsigned char)*p))
      break;
    any = 1;
    if (digits < MAX_DIGITS) {
      *mant = *mant * 10 + (*p - '0');
      digits += *mant != 0;            // leading zeros are not significant
      *exp10 -= dot;
    } else {
      *exp10 += !dot;                  // a dropped digit before the point
    }
  }
  if (any)
    *pp = p;
  return any;
}

// The hexadecimal digits after "0x", as mantissa and power of two; 0 if none.
static int
hexadecimal(const char **pp, uint64_t *mant, int *exp2)
{
  const char *p = *pp;
  int any = 0, dot = 0;

  for (;; p++) {
    if (*p == '.' && !dot) {
      dot = 1;
      continue;
    }
    if (!isxdigit((unsigned char)*p))
      break;
    any = 1;
    int d = isdigit((unsigned char)*p) ? *p - '0' : tolower((unsigned char)*p) - 'a' + 10;
    if (*mant >> 60 == 0) {
      *mant = *mant << 4 | d;
      *exp2 -= 4 * dot;
    } else {
      *exp2 += 4 * !dot;
    }
  }
  if (any)
    *pp = p;
  return any;
}

// An exponent ("e-12", "p+3") at *pp, if one is there.
static int
exponent(const char **pp, char letter)
{
  const char *p = *pp;
  int sign = 1, e = 0;

  if (tolower((unsigned char)*p) != letter)
    return 0;
  p++;
  if (*p == '+' || *p == '-')
    sign = *p++ == '-' ? -1 : 1;
  if (!isdigit((unsigned char)*p))
    return 0;
  for (; isdigit((unsigned char)*p); p++)
    if (e < MAX_EXP10)
      e = e * 10 + (*p - '0');
  *pp = p;
  return sign * e;
}

static long double
scale(uint64_t mant, int exp, int base)
{
  long double v = mant;

  if (exp > MAX_EXP10)
    exp = MAX_EXP10;
  if (exp < -MAX_EXP10)
    exp = -MAX_EXP10;
  if (base == 2) {                     // exact: powers of two in steps of 2^32
    for (; exp >= 32; exp -= 32)
      v *= 4294967296.0L;
    for (; exp <= -32; exp += 32)
      v /= 4294967296.0L;
    return exp >= 0 ? v * (1ULL << exp) : v / (1ULL << -exp);
  }
  return exp >= 0 ? v * pow10l(exp) : v / pow10l(-exp);
}

double
strtod(const char *s, char **end)
{
  const char *p = s;
  double sign = 1;
  uint64_t mant = 0;
  int exp = 0, n, base = 10;

  while (isspace((unsigned char)*p))
    p++;
  if (*p == '+' || *p == '-')
    sign = *p++ == '-' ? -1 : 1;
  if ((n = match(p, "infinity")) || (n = match(p, "inf"))) {
    if (end)
      *end = (char *)(p + n);
    return sign * HUGE_VAL;
  }
  if ((n = match(p, "nan"))) {
    p += n;
    if (*p == '(') {                   // nan(chars): the chars say nothing here
      const char *q = p + 1;
      while (isalnum((unsigned char)*q) || *q == '_')
        q++;
      if (*q == ')')
        p = q + 1;
    }
    if (end)
      *end = (char *)p;
    return sign * NAN;
  }
  int hex = p[0] == '0' && tolower((unsigned char)p[1]) == 'x' &&
            (isxdigit((unsigned char)p[2]) || (p[2] == '.' && isxdigit((unsigned char)p[3])));
  if (hex) {
    p += 2;
    hexadecimal(&p, &mant, &exp);
    base = 2;
    exp += exponent(&p, 'p');
  } else if (decimal(&p, &mant, &exp)) {
    exp += exponent(&p, 'e');
  } else {
    if (end)
      *end = (char *)s;                // no number: nothing is consumed
    return 0;
  }
  if (end)
    *end = (char *)p;
  double v = (double)scale(mant, exp, base);
  if (isinf(v) || (v == 0 && mant != 0))
    errno = ERANGE;
  return sign * v;
}

float
strtof(const char *s, char **end)
{
  double d = strtod(s, end);
  float f = (float)d;
  if ((isinf(f) && !isinf(d)) || (f == 0 && d != 0))
    errno = ERANGE;
  return f;
}

double
atof(const char *s)
{
  return strtod(s, 0);
}
