#pragma once
#include <sys/types.h>

#include <linux/time.h>     // struct timespec, struct itimerspec, CLOCK_*, TIMER_ABSTIME

int nanosleep(const struct timespec *req, struct timespec *rem);
// Returns 0 or the error number itself (not -1 and errno), as POSIX says.
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem);
int clock_gettime(clockid_t clk, struct timespec *ts);
int clock_getres(clockid_t clk, struct timespec *res);
int clock_settime(clockid_t clk, const struct timespec *ts);
time_t time(time_t *t);

// CPU time of the process, in CLOCKS_PER_SEC units.
typedef long clock_t;
#define CLOCKS_PER_SEC 1000000L
clock_t clock(void);
double difftime(time_t end, time_t start);

// Broken-down time.  This system keeps UTC only: local time is UTC.
struct tm {
  int tm_sec, tm_min, tm_hour;         // 0-60 (a leap second), 0-59, 0-23
  int tm_mday, tm_mon, tm_year;        // 1-31, 0-11, years since 1900
  int tm_wday, tm_yday, tm_isdst;      // 0-6 from Sunday, 0-365, 0
  long tm_gmtoff;                      // seconds east of UTC: 0
  const char *tm_zone;                 // "UTC"
};

struct tm *gmtime(const time_t *t);
struct tm *gmtime_r(const time_t *t, struct tm *out);
struct tm *localtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *out);
time_t timegm(struct tm *tm);          // normalises *tm, as mktime does
time_t mktime(struct tm *tm);
size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm);
char *asctime(const struct tm *tm);    // "Mon Dec  7 02:11:58 2026\n"
char *asctime_r(const struct tm *tm, char *buf);
char *ctime(const time_t *t);
char *ctime_r(const time_t *t, char *buf);
