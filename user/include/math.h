// Mathematical functions on double (and a few on float).  user/lib/math.c
// computes them in long double (113-bit quad on riscv64, in software), so
// results are within an ulp or so of the exact value; they are not fast.
#pragma once

#define HUGE_VAL  __builtin_huge_val()
#define HUGE_VALF __builtin_huge_valf()
#define INFINITY  __builtin_inff()
#define NAN       __builtin_nanf("")
#define M_E       2.7182818284590452354
#define M_LN2     0.69314718055994530942
#define M_LN10    2.30258509299404568402
#define M_PI      3.14159265358979323846
#define M_PI_2    1.57079632679489661923
#define M_SQRT2   1.41421356237309504880

#define isnan(x)    __builtin_isnan(x)
#define isinf(x)    __builtin_isinf(x)
#define isfinite(x) __builtin_isfinite(x)
#define signbit(x)  __builtin_signbit(x)

double fabs(double x);
float fabsf(float x);
double sqrt(double x);                 // one instruction (fsqrt.d)
float sqrtf(float x);
double floor(double x);
double ceil(double x);
double trunc(double x);
double round(double x);                // halves away from zero
double fmod(double x, double y);
double fmin(double x, double y);
double fmax(double x, double y);
double ldexp(double x, int e);
double frexp(double x, int *e);
double modf(double x, double *ipart);
double hypot(double x, double y);
double exp(double x);
double log(double x);
double log2(double x);
double log10(double x);
double pow(double x, double y);
double sin(double x);
double cos(double x);
double tan(double x);
double atan(double x);
double atan2(double y, double x);
