// sleep seconds: pause; the number may have a fraction ("0.25").
#include <stdio.h>
#include <time.h>

int
main(int argc, char **argv)
{
  struct timespec ts = { 0, 0 };
  const char *s;
  long scale = 100000000;

  if (argc != 2) {
    fprintf(stderr, "usage: sleep seconds\n");
    return 1;
  }
  for (s = argv[1]; *s >= '0' && *s <= '9'; s++)
    ts.tv_sec = ts.tv_sec * 10 + (*s - '0');
  if (*s == '.')
    for (s++; *s >= '0' && *s <= '9'; s++, scale /= 10)
      ts.tv_nsec += (*s - '0') * scale;
  if (*s || s == argv[1]) {
    fprintf(stderr, "sleep: %s: not a number\n", argv[1]);
    return 1;
  }
  return nanosleep(&ts, 0) < 0;
}
