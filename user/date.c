// date [+FORMAT]: print the date and time (UTC), by default as
// "Mon Dec  7 02:11:58 UTC 2026"; FORMAT as strftime's.
// date -s @SECONDS | date -s "YYYY-MM-DD HH:MM:SS": set the wall clock.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int
usage(void)
{
  fprintf(stderr, "usage: date [+FORMAT] | date -s @SECONDS | date -s \"YYYY-MM-DD HH:MM:SS\"\n");
  return 2;
}

// The time `arg` names, or -1 when it is not one of the two forms.
static time_t
parse(const char *arg)
{
  struct tm tm;
  char *end;

  memset(&tm, 0, sizeof tm);
  if (arg[0] == '@') {
    long t = strtol(arg + 1, &end, 10);
    return end != arg + 1 && !*end && t >= 0 ? t : -1;
  }
  int *field[] = { &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec };
  const char *seps = "-- ::";        // what follows each field but the last
  const char *p = arg;
  for (int i = 0; i < 6; i++) {
    *field[i] = strtol(p, &end, 10);
    if (end == p || (i < 5 && *end != seps[i]) || (i == 5 && *end))
      return -1;
    p = end + (i < 5);
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return timegm(&tm);
}

int
main(int argc, char **argv)
{
  const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
  char buf[256];

  if (argc == 3 && strcmp(argv[1], "-s") == 0) {
    time_t t = parse(argv[2]);
    struct timespec ts = { t, 0 };
    if (t < 0)
      return usage();
    if (clock_settime(CLOCK_REALTIME, &ts) < 0) {
      fprintf(stderr, "date: cannot set the clock: %s\n", strerror(errno));
      return 1;
    }
  } else if (argc == 2 && argv[1][0] == '+') {
    fmt = argv[1] + 1;
  } else if (argc != 1) {
    return usage();
  }
  time_t now = time(0);
  struct tm tm;
  if (strftime(buf, sizeof buf, fmt, gmtime_r(&now, &tm)) == 0 && fmt[0]) {
    fprintf(stderr, "date: the format gives nothing or too much\n");
    return 1;
  }
  printf("%s\n", buf);
  return 0;
}
