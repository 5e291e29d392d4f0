// Broken-down time: seconds since 1970 to and from the calendar (UTC, the
// proleptic Gregorian calendar), strftime and asctime.  There are no time
// zones on this system: local time is UTC.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SECS_PER_DAY 86400L
#define DAYS_PER_ERA 146097L           // 400 Gregorian years
#define EPOCH_SHIFT  719468L           // days from 0000-03-01 to 1970-01-01

static const char *const wday_names[] = { "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday",
                                          "Friday", "Saturday" };
static const char *const mon_names[] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };

// Days from 1970-01-01 to y-m-d (m 1-12).  Years are counted from March so
// that February, with its leap day, ends the year.
static long
days_from_civil(long y, int m, int d)
{
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  return era * DAYS_PER_ERA + yoe * 365 + yoe / 4 - yoe / 100 + doy - EPOCH_SHIFT;
}

// The inverse: the civil date of day number z (from 1970-01-01).
static void
civil_from_days(long z, long *y, int *m, int *d)
{
  z += EPOCH_SHIFT;
  long era = (z >= 0 ? z : z - DAYS_PER_ERA + 1) / DAYS_PER_ERA;
  long doe = z - era * DAYS_PER_ERA;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

struct tm *
gmtime_r(const time_t *t, struct tm *out)
{
  long days = *t / SECS_PER_DAY, secs = *t % SECS_PER_DAY, year;
  int mon, mday;

  if (secs < 0) {
    secs += SECS_PER_DAY;
    days--;
  }
  civil_from_days(days, &year, &mon, &mday);
  out->tm_sec = secs % 60;
  out->tm_min = secs / 60 % 60;
  out->tm_hour = secs / 3600;
  out->tm_mday = mday;
  out->tm_mon = mon - 1;
  out->tm_year = year - 1900;
  out->tm_wday = ((days % 7) + 11) % 7;          // 1970-01-01 was a Thursday
  out->tm_yday = days - days_from_civil(year, 1, 1);
  out->tm_isdst = 0;
  out->tm_gmtoff = 0;
  out->tm_zone = "UTC";
  return out;
}

struct tm *
gmtime(const time_t *t)
{
  static struct tm tm;

  return gmtime_r(t, &tm);
}

struct tm *
localtime_r(const time_t *t, struct tm *out)
{
  return gmtime_r(t, out);
}

struct tm *
localtime(const time_t *t)
{
  return gmtime(t);
}

// Fields out of range (a 32nd of January, a minute -5) carry into the next
// field, as mktime does; *tm is rewritten normalised.
time_t
timegm(struct tm *tm)
{
  long mon = tm->tm_mon, year = tm->tm_year + 1900L + mon / 12;

  mon %= 12;
  if (mon < 0) {
    mon += 12;
    year--;
  }
  time_t t = (days_from_civil(year, mon + 1, 1) + tm->tm_mday - 1) * SECS_PER_DAY +
             tm->tm_hour * 3600L + tm->tm_min * 60L + tm->tm_sec;
  gmtime_r(&t, tm);
  return t;
}

time_t
mktime(struct tm *tm)
{
  return timegm(tm);
}

// Appends to the output of strftime; 0 when it does not fit.
struct out {
  char *s;
  size_t len, max;
};

static int
put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
put(struct out *o, const char *fmt, ...)
{
  va_list ap;
  char tmp[64];

  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0 || o->len + n >= o->max)
    return 0;
  memcpy(o->s + o->len, tmp, n + 1);
  o->len += n;
  return 1;
}

// One conversion (the character after %); 0 when it does not fit.
static int
convert(struct out *o, char c, const struct tm *tm)
{
  int hour12 = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12;
  long year = tm->tm_year + 1900L;
  struct tm copy = *tm;

  switch (c) {
  case 'a': return put(o, "%.3s", wday_names[tm->tm_wday % 7]);
  case 'A': return put(o, "%s", wday_names[tm->tm_wday % 7]);
  case 'b': case 'h': return put(o, "%.3s", mon_names[tm->tm_mon % 12]);
  case 'B': return put(o, "%s", mon_names[tm->tm_mon % 12]);
  case 'c': return convert(o, 'a', tm) && put(o, " ") && convert(o, 'b', tm) &&
                   put(o, " %2d %02d:%02d:%02d %ld", tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec, year);
  case 'C': return put(o, "%02ld", year / 100);
  case 'd': return put(o, "%02d", tm->tm_mday);
  case 'D': return put(o, "%02d/%02d/%02ld", tm->tm_mon + 1, tm->tm_mday, year % 100);
  case 'e': return put(o, "%2d", tm->tm_mday);
  case 'F': return put(o, "%ld-%02d-%02d", year, tm->tm_mon + 1, tm->tm_mday);
  case 'H': return put(o, "%02d", tm->tm_hour);
  case 'I': return put(o, "%02d", hour12);
  case 'j': return put(o, "%03d", tm->tm_yday + 1);
  case 'm': return put(o, "%02d", tm->tm_mon + 1);
  case 'M': return put(o, "%02d", tm->tm_min);
  case 'n': return put(o, "\n");
  case 'p': return put(o, "%s", tm->tm_hour < 12 ? "AM" : "PM");
  case 'r': return put(o, "%02d:%02d:%02d %s", hour12, tm->tm_min, tm->tm_sec, tm->tm_hour < 12 ? "AM" : "PM");
  case 'R': return put(o, "%02d:%02d", tm->tm_hour, tm->tm_min);
  case 's': return put(o, "%ld", (long)timegm(&copy));
  case 'S': return put(o, "%02d", tm->tm_sec);
  case 't': return put(o, "\t");
  case 'T': return put(o, "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec);
  case 'u': return put(o, "%d", tm->tm_wday ? tm->tm_wday : 7);
  case 'w': return put(o, "%d", tm->tm_wday);
  case 'x': return convert(o, 'D', tm);
  case 'X': return convert(o, 'T', tm);
  case 'y': return put(o, "%02ld", year % 100);
  case 'Y': return put(o, "%ld", year);
  case 'z': return put(o, "+0000");
  case 'Z': return put(o, "UTC");
  case '%': return put(o, "%%");
  default: return put(o, "%%%c", c);               // unknown: copied as it is
  }
}

// The number of bytes written without the NUL, or 0 (contents undefined)
// when the result does not fit in max bytes, as C says.
size_t
strftime(char *s, size_t max, const char *fmt, const struct tm *tm)
{
  struct out o = { s, 0, max };

  if (max == 0)
    return 0;
  s[0] = 0;
  for (const char *p = fmt; *p; p++) {
    int ok = *p == '%' && p[1] ? convert(&o, *++p, tm) : put(&o, "%c", *p);
    if (!ok)
      return 0;
  }
  return o.len;
}

char *
asctime_r(const struct tm *tm, char *buf)
{
  strftime(buf, 26, "%a %b %e %H:%M:%S %Y\n", tm);
  return buf;
}

char *
asctime(const struct tm *tm)
{
  static char buf[32];

  return asctime_r(tm, buf);
}

char *
ctime_r(const time_t *t, char *buf)
{
  struct tm tm;

  return asctime_r(gmtime_r(t, &tm), buf);
}

char *
ctime(const time_t *t)
{
  struct tm tm;

  return asctime(gmtime_r(t, &tm));
}
